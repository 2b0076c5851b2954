import CensusCore
import DeviceModel
import Foundation
import Lifecycle
import Reconciliation

/// The lifecycle-ageing report of a client as of a day: how old everything is, what is past or
/// nearing end of support, and what replacing it costs by quarter. Every count names its devices.
public struct LifecycleReport: Sendable, Encodable {
    public var client: String
    public var asOf: CalendarDate
    public var currency: String
    public var devices: [DeviceLifecycle]
    public var bands: Bands
    public var forecast: [Quarter]
    public var sites: [SiteSummary]
    /// Where the verdicts' data came from.
    public var sources: [String]

    /// Devices counted by age and by support status, each count with the device ids behind it.
    public struct Bands: Sendable, Encodable {
        public var age: [Band]
        public var support: [Band]
    }

    public struct Band: Sendable, Encodable {
        public var band: String
        public var devices: Int
        public var deviceIds: [Int64]

        enum CodingKeys: String, CodingKey { case band, devices, deviceIds = "device_ids" }
    }

    /// Replacements due in one calendar quarter: devices whose hardware reaches its last date of
    /// support then (those past it already fall in the first quarter), at replacement cost.
    public struct Quarter: Sendable, Encodable {
        public var quarter: String
        public var devices: Int
        public var budget: Money
        public var deviceIds: [Int64]
        /// Devices whose replacement cost is unknown (no price for their class).
        public var unpriced: Int

        enum CodingKeys: String, CodingKey { case quarter, devices, budget, deviceIds = "device_ids", unpriced }
    }

    public struct SiteSummary: Sendable, Encodable {
        public var site: String
        public var devices: Int
        public var pastEOL: Int
        public var within12Months: Int
        public var budget: Money
        /// Devices of the forecast at this site whose replacement cost is unknown (not in `budget`).
        public var unpriced: Int

        enum CodingKeys: String, CodingKey { case site, devices, pastEOL = "past_eol", within12Months = "within_12_months", budget, unpriced }
    }

    /// The forecast's budget, over all its quarters.
    public var budget: Money { forecast.reduce(.zero) { $0 + $1.budget } }
    /// Devices of the forecast whose replacement cost is unknown: the budget leaves them out.
    public var unpriced: Int { forecast.reduce(0) { $0 + $1.unpriced } }

    /// An amount with the devices it leaves out: "£1,000.00 (+4 unpriced)".
    public static func budgetText(_ amount: String, unpriced: Int) -> String {
        unpriced > 0 ? "\(amount) (+\(unpriced) unpriced)" : amount
    }

    enum CodingKeys: String, CodingKey { case client, asOf = "as_of", currency, devices, bands, forecast, sites, sources }

    /// Age bands, in years: [0, 3), [3, 5), [5, 7), 7 and over; `unknown` holds devices of no
    /// known age and those aged from the day they were first seen, under 7 (a floor, not an age).
    public static let ageBands: [(name: String, below: Decimal?)] = [("0-3", 3), ("3-5", 5), ("5-7", 7), ("7+", nil)]

    public static func build(client: String, devices judged: [DeviceLifecycle], costs: ReplacementCosts, asOf: CalendarDate,
                             quarters: Int = 8) -> LifecycleReport {
        // Most urgent first; unknown last.
        let urgency = Dictionary(uniqueKeysWithValues: LifecycleStatus.allCases.enumerated().map { ($1, $0) })
        let sorted = judged.sorted { (urgency[$0.status]!, $0.device.id) < (urgency[$1.status]!, $1.device.id) }
        var age: [Band] = ageBands.map { Band(band: $0.name, devices: 0, deviceIds: []) } + [Band(band: "unknown", devices: 0, deviceIds: [])]
        for d in sorted {
            // An age from the day Census first saw the device is only a floor: it is banded only
            // when even the floor reaches the last band, else its band is not known.
            let known = d.ageSource == .firstSeen ? d.ageYears.flatMap { $0 >= ageBands[ageBands.count - 2].below! ? $0 : nil } : d.ageYears
            let index = known.map { years in ageBands.firstIndex { $0.below.map { years < $0 } ?? true }! } ?? ageBands.count
            age[index].devices += 1
            age[index].deviceIds.append(d.device.id)
        }
        let support = LifecycleStatus.allCases.map { status in
            let ids = sorted.filter { $0.status == status }.map(\.device.id)
            return Band(band: status.rawValue, devices: ids.count, deviceIds: ids)
        }
        // The forecast: this quarter and the next ones.
        let first = asOf.startOfQuarter
        var forecast = (0..<quarters).map { i in Quarter(quarter: first.adding(months: 3 * i).quarterName, devices: 0, budget: .zero, deviceIds: [], unpriced: 0) }
        var budgetBySite: [String: Money] = [:], unpricedBySite: [String: Int] = [:]
        for d in sorted {
            guard let index = replacementQuarter(d.hardware, asOf: asOf, first: first, quarters: quarters) else { continue }
            forecast[index].devices += 1
            forecast[index].deviceIds.append(d.device.id)
            if let price = costs.price(class: d.device.class, model: d.device.model) {
                let cost = Money(price.amount)
                forecast[index].budget += cost
                budgetBySite[d.device.site ?? "", default: .zero] += cost
            } else {
                forecast[index].unpriced += 1
                unpricedBySite[d.device.site ?? "", default: 0] += 1
            }
        }
        let within12: Set<LifecycleStatus> = [.eolWithin6Months, .eolIn6To12Months]
        let sites = Dictionary(grouping: sorted, by: { $0.device.site ?? "" }).map { site, list in
            SiteSummary(site: site, devices: list.count, pastEOL: list.filter { $0.status == .pastEOL }.count,
                        within12Months: list.filter { within12.contains($0.status) }.count, budget: budgetBySite[site] ?? .zero,
                        unpriced: unpricedBySite[site] ?? 0)
        }.sorted { $0.site < $1.site }
        var sources = Set<String>()
        for d in sorted {
            if let s = d.hardware.source { sources.insert(s) }
            if let s = d.software.source { sources.insert(s) }
        }
        return LifecycleReport(client: client, asOf: asOf, currency: costs.currency, devices: sorted,
                               bands: Bands(age: age, support: support), forecast: forecast, sites: sites, sources: sources.sorted())
    }

    /// Which forecast quarter replaces the device: the quarter its hardware's last date of
    /// support falls in, the first one when that is past; nil when unknown or later.
    static func replacementQuarter(_ hardware: HardwareVerdict, asOf: CalendarDate, first: CalendarDate, quarters: Int) -> Int? {
        switch hardware.endOfSupport {
        case .ended?: return 0
        case .on(let day)?:
            if day <= asOf { return 0 }
            let index = first.months(until: day.startOfQuarter) / 3
            return index < quarters ? index : nil
        case .notEnded?, nil: return nil
        }
    }
}
