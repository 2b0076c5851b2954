import CensusCore
import Foundation

/// Everything Census concludes about one device's lifecycle as of a day. JSON keys are snake_case,
/// every key always (nil as `null`).
public struct LifecycleJudgement: Sendable, Equatable, Codable, EncodesEveryKey {
    public var asOf: CalendarDate
    /// The more urgent of the hardware and software statuses; `unknown` only when both are.
    public var status: LifecycleStatus
    public var hardware: HardwareVerdict
    public var software: SoftwareVerdict
    /// Age in years, one decimal; nil when no date to count from is known.
    public var ageYears: Decimal?
    public var ageSource: AgeSource?

    enum CodingKeys: String, CodingKey {
        case asOf = "as_of", status, hardware, software, ageYears = "age_years", ageSource = "age_source"
    }
}

/// The hardware model's lifecycle, from the hardware catalog.
public struct HardwareVerdict: Sendable, Equatable, Codable, EncodesEveryKey {
    public var status: LifecycleStatus
    public var endOfSale: SupportEnd?
    public var endOfSoftwareMaintenance: SupportEnd?
    /// The last date of support: the hardware's end of life.
    public var endOfSupport: SupportEnd?
    public var state: HardwareCatalog.AnnouncementState?
    public var source: String?
    /// The catalog entry that matched.
    public var entry: String?
    /// Why the status is `unknown`.
    public var reason: String?

    enum CodingKeys: String, CodingKey {
        case status, endOfSale = "end_of_sale", endOfSoftwareMaintenance = "end_of_software_maintenance",
             endOfSupport = "end_of_support", state, source, entry, reason
    }
}

/// The operating system's lifecycle, from the release cycle its version belongs to.
public struct SoftwareVerdict: Sendable, Equatable, Codable, EncodesEveryKey {
    public var status: LifecycleStatus
    public var product: String?
    public var version: String?
    public var cycle: String?
    /// End of security support: a day, `true` (over, day not given) or `false` (no end announced).
    public var eol: SupportEnd?
    /// Where the cycle data came from: `endoflife.date snapshot 2026-11-30`, `imported 2026-11-20`.
    public var source: String?
    /// Why the status is `unknown`.
    public var reason: String?
    /// What the mapping assumed (an edition, a service pack).
    public var note: String?

    enum CodingKeys: String, CodingKey {
        case status, product, version, cycle, eol, source, reason, note
    }
}

/// What a device's age is counted from, best first.
public enum AgeSource: String, Sendable, Codable {
    case purchaseDate = "purchase_date"
    case modelRelease = "model_release"
    case firstSeen = "first_seen"
}

/// How old a device is and from what.
public struct DeviceAge: Sendable, Equatable {
    /// Whole tenths of years completed (2.9 until the third year is complete).
    public var years: Decimal
    public var source: AgeSource
    public var since: CalendarDate

    /// The age from the best date known: the purchase date, else the model's first sale, else the
    /// first time Census saw the device. Years are calendar years cut to one decimal (as ages are:
    /// a device a day short of three years is 2.9, in the 0–3 band, and 3.0 on the anniversary);
    /// a date after `asOf` counts as age 0.
    public static func best(purchaseDate: CalendarDate?, modelRelease: CalendarDate?, firstSeen: CalendarDate?,
                            asOf: CalendarDate) -> DeviceAge? {
        let candidates: [(CalendarDate?, AgeSource)] = [(purchaseDate, .purchaseDate), (modelRelease, .modelRelease), (firstSeen, .firstSeen)]
        guard let (since, source) = candidates.first(where: { $0.0 != nil }).map({ ($0.0!, $0.1) }) else { return nil }
        return DeviceAge(years: completedYears(since: since, asOf: asOf), source: source, since: since)
    }

    /// Calendar years from `since` to `asOf`, in completed tenths: the whole years to the last
    /// anniversary (the anniversary day completes a year; 29 February's falls on the 28th in
    /// other years), then the tenths completed of the year that follows it. 0 when `asOf` is earlier.
    static func completedYears(since: CalendarDate, asOf: CalendarDate) -> Decimal {
        guard since < asOf else { return 0 }
        var whole = max(0, asOf.year - since.year)
        while whole > 0 && since.adding(years: whole) > asOf { whole -= 1 }
        let anniversary = since.adding(years: whole)
        let tenths = 10 * anniversary.days(until: asOf) / anniversary.days(until: since.adding(years: whole + 1))
        return Decimal(whole) + Decimal(tenths) / 10
    }
}
