import Foundation

/// A day in the proleptic Gregorian calendar, without time or zone: contract dates, support
/// end dates, the `as_of` of every judgement. Written and read as `YYYY-MM-DD`.
///
/// Business logic never asks the clock for "today": it takes an as-of `CalendarDate`, so a
/// report made twice from the same data says the same thing.
public struct CalendarDate: Hashable, Comparable, Sendable, TextCodable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A valid date, or nil (`2026-02-30` is nil).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Self.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The days a judgement can be made as of, or a period bounded by: forecasts and ages
    /// reach years past them, so a year such as 9999 is refused as a typo.
    public static let judgeable = CalendarDate(year: 1970, month: 1, day: 1)!...CalendarDate(year: 2999, month: 12, day: 31)!

    /// Parses `YYYY-MM-DD` (ISO 8601 calendar date); nil for anything else.
    public init?(iso text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The day `date` falls on in UTC.
    public init(_ date: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        self.init(uncheckedYear: c.year!, month: c.month!, day: c.day!)
    }

    private init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Today in UTC: only for front ends choosing a default `--as-of`, never inside logic.
    public static func today() -> CalendarDate { CalendarDate(Date()) }

    /// Midnight UTC at the start of this day.
    public var startOfDay: Date {
        Date(timeIntervalSince1970: TimeInterval(daysSinceEpoch) * 86_400)
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    // MARK: Arithmetic

    /// Days since 1970-01-01 (negative before).
    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `days` days since 1970-01-01.
    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(uncheckedYear: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    public func adding(days: Int) -> CalendarDate { CalendarDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// The same day `months` months later (or earlier), clamped to the month's last day
    /// (2026-08-31 + 1 month = 2026-09-30).
    public func adding(months: Int) -> CalendarDate {
        let total = year * 12 + (month - 1) + months
        let y = total / 12
        let m = total % 12 + 1
        return CalendarDate(uncheckedYear: y, month: m, day: min(day, Self.daysIn(month: m, year: y)))
    }

    public func adding(years: Int) -> CalendarDate { adding(months: years * 12) }

    /// Whole days from this date to `other` (negative when `other` is earlier).
    public func days(until other: CalendarDate) -> Int { other.daysSinceEpoch - daysSinceEpoch }

    /// Whole months from this date to `other`, counting a month only once its day is reached.
    public func months(until other: CalendarDate) -> Int {
        var months = (other.year - year) * 12 + (other.month - month)
        if months > 0 && other.day < day && other.day < Self.daysIn(month: other.month, year: other.year) { months -= 1 }
        if months < 0 && other.day > day { months += 1 }
        return months
    }

    /// Calendar quarter, 1–4.
    public var quarter: Int { (month - 1) / 3 + 1 }

    /// `2027-Q1`.
    public var quarterName: String { "\(year)-Q\(quarter)" }

    /// The first day of this date's quarter.
    public var startOfQuarter: CalendarDate { CalendarDate(uncheckedYear: year, month: (quarter - 1) * 3 + 1, day: 1) }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public init?(codingText: String) { self.init(iso: codingText) }
    public static let codingName = "a YYYY-MM-DD date"
}
