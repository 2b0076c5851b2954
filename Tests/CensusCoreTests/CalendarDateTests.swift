import CensusCore
import Foundation
import XCTest

final class CalendarDateTests: XCTestCase {
    func testParsesOnlyRealISODates() {
        XCTAssertEqual(CalendarDate(iso: "2026-11-30")?.description, "2026-11-30")
        XCTAssertNil(CalendarDate(iso: "2026-02-30"))
        XCTAssertNil(CalendarDate(iso: "2026-2-3"))
        XCTAssertNil(CalendarDate(iso: "30/11/2026"))
        XCTAssertEqual(CalendarDate(iso: "2024-02-29")?.day, 29)
        XCTAssertNil(CalendarDate(iso: "2023-02-29"))
    }

    func testDayArithmeticRoundTripsThroughTheEpoch() {
        let d = CalendarDate(iso: "2026-11-30")!
        XCTAssertEqual(CalendarDate(daysSinceEpoch: d.daysSinceEpoch), d)
        XCTAssertEqual(CalendarDate(iso: "1970-01-01")!.daysSinceEpoch, 0)
        XCTAssertEqual(d.adding(days: 1).description, "2026-12-01")
        XCTAssertEqual(d.adding(days: 32).description, "2027-01-01")
        XCTAssertEqual(CalendarDate(iso: "2024-02-28")!.days(until: CalendarDate(iso: "2024-03-01")!), 2)
        XCTAssertEqual(CalendarDate(Date(timeIntervalSince1970: 86_400 * 365)).description, "1971-01-01")
        XCTAssertEqual(d.startOfDay, Date(timeIntervalSince1970: TimeInterval(d.daysSinceEpoch) * 86_400))
    }

    func testMonthsClampToTheLastDayAndCountOnlyWholeMonths() {
        XCTAssertEqual(CalendarDate(iso: "2026-08-31")!.adding(months: 1).description, "2026-09-30")
        XCTAssertEqual(CalendarDate(iso: "2024-02-29")!.adding(years: 1).description, "2025-02-28")
        XCTAssertEqual(CalendarDate(iso: "2026-01-15")!.adding(months: -2).description, "2025-11-15")
        let a = CalendarDate(iso: "2026-01-15")!
        XCTAssertEqual(a.months(until: CalendarDate(iso: "2026-07-14")!), 5)
        XCTAssertEqual(a.months(until: CalendarDate(iso: "2026-07-15")!), 6)
        XCTAssertEqual(a.months(until: CalendarDate(iso: "2025-12-20")!), 0)
    }

    func testQuartersAndCoding() throws {
        let d = CalendarDate(iso: "2027-08-09")!
        XCTAssertEqual(d.quarterName, "2027-Q3")
        XCTAssertEqual(d.startOfQuarter.description, "2027-07-01")
        let json = try JSONEncoder().encode([d])
        XCTAssertEqual(String(decoding: json, as: UTF8.self), "[\"2027-08-09\"]")
        XCTAssertEqual(try JSONDecoder().decode([CalendarDate].self, from: json), [d])
        XCTAssertThrowsError(try JSONDecoder().decode([CalendarDate].self, from: Data("[\"2027-13-01\"]".utf8)))
    }
}

/// Every key of Census's JSON objects is written, nil as null, in snake_case.
final class EncodesEveryKeyTests: XCTestCase {
    struct Sample: Codable, EncodesEveryKey {
        var firstSeen: Int
        var sourceIP: String?
        var pastEOL: Bool
        var `class`: String
    }

    func testEveryKeyIsWrittenInSnakeCaseWithNulls() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(Sample(firstSeen: 1, sourceIP: nil, pastEOL: true, class: "switch")), as: UTF8.self)
        XCTAssertEqual(text, #"{"class":"switch","first_seen":1,"past_eol":true,"source_ip":null}"#)
        XCTAssertEqual(snakeCase("myURLProperty"), "my_url_property")
        XCTAssertEqual(snakeCase("lastSeen2"), "last_seen2")
    }
}
