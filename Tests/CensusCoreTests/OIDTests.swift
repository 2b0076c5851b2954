import CensusCore
import XCTest

/// Dotted OIDs as recordings, stored facts and catalogs write them.
final class OIDTests: XCTestCase {
    func testDottedNotationWithOrWithoutALeadingDot() {
        XCTAssertEqual(OID(parsing: "1.3.6.1.2.1.1.1.0")?.components, [1, 3, 6, 1, 2, 1, 1, 1, 0])
        XCTAssertEqual(OID(parsing: ".1.3.6.1.4.1.9"), OID([1, 3, 6, 1, 4, 1, 9]))
        XCTAssertEqual(OID(parsing: "1.3.4294967295")?.components.last, UInt32.max)
        XCTAssertEqual(OID(parsing: "0.0"), OID([0, 0]))
    }

    func testAnythingElseIsNoOID() {
        for bad in ["", ".", "1", "1.", ".1", "1..3", "1.3.", "..1.3", "1.3.x", "1.3.-1", "1.3.+1", "1.3.4294967296",
                    "1.3.99999999999999999999", " 1.3", "1.3 ", "1,3", "1.3.6\n", "١.٣"] {
            XCTAssertNil(OID(parsing: bad), "'\(bad)' is no OID")
        }
    }

    func testDescriptionRoundTrips() {
        let oid: OID = "1.3.6.1.4.1.14179.2.2.1.1.3.0.11.133.1.2.3"
        XCTAssertEqual(OID(parsing: oid.description), oid)
    }
}
