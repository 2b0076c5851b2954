import CensusCore
@testable import Lifecycle
import XCTest

final class LifecycleStatusTests: XCTestCase {
    func testTheEndOfLifeDayItselfIsPastEOL() {
        let end = day("2026-09-30")
        XCTAssertEqual(LifecycleStatus(end: end, asOf: day("2026-09-29")), .eolWithin6Months)
        XCTAssertEqual(LifecycleStatus(end: end, asOf: day("2026-09-30")), .pastEOL)
        XCTAssertEqual(LifecycleStatus(end: end, asOf: day("2026-10-01")), .pastEOL)
    }

    func testWindowsAreCalendarMonthsWithTheBoundaryInTheNearerBand() {
        let asOf = day("2026-01-31")
        XCTAssertEqual(LifecycleStatus(end: day("2026-07-31"), asOf: asOf), .eolWithin6Months)
        XCTAssertEqual(LifecycleStatus(end: day("2026-08-01"), asOf: asOf), .eolIn6To12Months)
        XCTAssertEqual(LifecycleStatus(end: day("2027-01-31"), asOf: asOf), .eolIn6To12Months)
        XCTAssertEqual(LifecycleStatus(end: day("2027-02-01"), asOf: asOf), .eolIn12To24Months)
        XCTAssertEqual(LifecycleStatus(end: day("2028-01-31"), asOf: asOf), .eolIn12To24Months)
        XCTAssertEqual(LifecycleStatus(end: day("2028-02-01"), asOf: asOf), .supported)
    }

    func testBooleanAndMissingEnds() {
        let asOf = day("2026-11-30")
        XCTAssertEqual(LifecycleStatus(end: SupportEnd.ended, asOf: asOf), .pastEOL)
        XCTAssertEqual(LifecycleStatus(end: SupportEnd.notEnded, asOf: asOf), .supported)
        XCTAssertEqual(LifecycleStatus(end: nil as SupportEnd?, asOf: asOf), .unknown)
        XCTAssertEqual(LifecycleStatus(end: SupportEnd.on(day("2026-11-30")), asOf: asOf), .pastEOL)
    }

    func testRawValuesAreTheDocumentedOnes() {
        XCTAssertEqual(LifecycleStatus.allCases.map(\.rawValue),
                       ["past_eol", "eol_within_6m", "eol_6_12m", "eol_12_24m", "supported", "unknown"])
    }

    func testWorseIgnoresUnknownUnlessBothAreUnknown() {
        XCTAssertEqual(LifecycleStatus.worse(.unknown, .supported), .supported)
        XCTAssertEqual(LifecycleStatus.worse(.eolIn12To24Months, .unknown), .eolIn12To24Months)
        XCTAssertEqual(LifecycleStatus.worse(.unknown, .unknown), .unknown)
        XCTAssertEqual(LifecycleStatus.worse(.supported, .pastEOL), .pastEOL)
        XCTAssertEqual(LifecycleStatus.worse(.eolIn6To12Months, .eolWithin6Months), .eolWithin6Months)
    }

    func testSupportEndCodesAsDateOrBoolean() throws {
        let encoded = try JSONEncoder().encode([SupportEnd.on(day("2027-10-31")), .ended, .notEnded])
        XCTAssertEqual(String(decoding: encoded, as: UTF8.self), #"["2027-10-31",true,false]"#)
        XCTAssertEqual(try JSONDecoder().decode([SupportEnd].self, from: encoded), [.on(day("2027-10-31")), .ended, .notEnded])
    }
}
