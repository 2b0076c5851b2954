@testable import NetSNMP
import XCTest

/// The wire numbers the event loop uses are the ones RFC 3416 and net-snmp's headers give.
final class ProtocolNumbersTests: XCTestCase {
    func testPDUTypesAreTheContextConstructedTags() {
        XCTAssertEqual(PDUType.get, 0xA0)
        XCTAssertEqual(PDUType.getNext, 0xA1)
        XCTAssertEqual(PDUType.getBulk, 0xA5)
        XCTAssertEqual(PDUType.report, 0xA8)
    }

    func testVarBindExceptionsAreTheContextPrimitiveTags() {
        XCTAssertEqual(VarBindException.noSuchObject, 0x80)
        XCTAssertEqual(VarBindException.noSuchInstance, 0x81)
        XCTAssertEqual(VarBindException.endOfMibView, 0x82)
    }

    func testSessionTimeoutsAreWholeMicroseconds() {
        XCTAssertEqual(microseconds(.milliseconds(800)), 800_000)
        XCTAssertEqual(microseconds(.seconds(2) + .nanoseconds(1_500)), 2_000_001)
        XCTAssertEqual(microseconds(.zero), 0)
    }
}
