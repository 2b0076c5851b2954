import CensusCore

/// How near a product is to its end of life, as of a given day.
///
/// With `end` the end-of-life day and `asOf` the day of the judgement:
/// - `past_eol`: `end <= asOf` — the end day itself already counts as ended;
/// - `eol_within_6m`: `asOf < end <= asOf + 6 months`;
/// - `eol_6_12m`: `asOf + 6 months < end <= asOf + 12 months`;
/// - `eol_12_24m`: `asOf + 12 months < end <= asOf + 24 months`;
/// - `supported`: later than that, or no end announced;
/// - `unknown`: nothing is known.
///
/// Months are calendar months (`CalendarDate.adding(months:)`, clamped to the month's last day).
public enum LifecycleStatus: String, Codable, Sendable, CaseIterable {
    case pastEOL = "past_eol"
    case eolWithin6Months = "eol_within_6m"
    case eolIn6To12Months = "eol_6_12m"
    case eolIn12To24Months = "eol_12_24m"
    case supported
    case unknown

    /// The status of something whose life ends on `end`.
    public init(end: CalendarDate, asOf: CalendarDate) {
        if end <= asOf { self = .pastEOL }
        else if end <= asOf.adding(months: 6) { self = .eolWithin6Months }
        else if end <= asOf.adding(months: 12) { self = .eolIn6To12Months }
        else if end <= asOf.adding(months: 24) { self = .eolIn12To24Months }
        else { self = .supported }
    }

    /// The status for an end that may be a date, a bare "ended" or "not ended", or unknown (nil).
    public init(end: SupportEnd?, asOf: CalendarDate) {
        switch end {
        case .on(let date): self.init(end: date, asOf: asOf)
        case .ended: self = .pastEOL
        case .notEnded: self = .supported
        case nil: self = .unknown
        }
    }

    /// Lower is more urgent; `unknown` is last.
    private var urgency: Int { Self.allCases.firstIndex(of: self)! }

    /// The more urgent of two statuses. `unknown` never wins over a known status: a device is
    /// `unknown` only when both are.
    public static func worse(_ a: LifecycleStatus, _ b: LifecycleStatus) -> LifecycleStatus {
        a.urgency <= b.urgency ? a : b
    }
}

/// When support (or sale, or life) ends: a day, or a bare yes/no where the day is not known.
/// This is the endoflife.date convention, where a field is a date or a boolean.
public enum SupportEnd: Hashable, Sendable {
    /// Ends (or ended) on this day.
    case on(CalendarDate)
    /// Already over; the day is not recorded (`true`).
    case ended
    /// Not ended and no end announced (`false`).
    case notEnded

    /// The day, when there is one.
    public var date: CalendarDate? {
        if case .on(let date) = self { date } else { nil }
    }
}

extension SupportEnd: Codable {
    /// Written as `YYYY-MM-DD`, `true` or `false`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = flag ? .ended : .notEnded
        } else {
            self = .on(try container.decode(CalendarDate.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .on(let date): try container.encode(date)
        case .ended: try container.encode(true)
        case .notEnded: try container.encode(false)
        }
    }
}
