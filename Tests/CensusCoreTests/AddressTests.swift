import CensusCore
import XCTest

final class AddressTests: XCTestCase {
    func testIPv4ParsesAndPrints() throws {
        let a = try XCTUnwrap(IPv4Address("198.18.0.1"))
        XCTAssertEqual(a.value, 0xC612_0001)
        XCTAssertEqual(a.description, "198.18.0.1")
        XCTAssertEqual(a.bytes, [198, 18, 0, 1])
        XCTAssertEqual(IPv4Address(bytes: [10, 0, 0, 255]), IPv4Address(10, 0, 0, 255))
    }

    func testIPv4RejectsGarbage() {
        for bad in ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-1", "a.b.c.d", "1..2.3", " 1.2.3.4", "1.2.3.4/24", "0001.2.3.4"] {
            XCTAssertNil(IPv4Address(bad), bad)
        }
    }

    func testMACFormats() throws {
        let expected = MACAddress(0x001B_213A_4F5C)
        for text in ["00:1b:21:3a:4f:5c", "00-1B-21-3A-4F-5C", "001b.213a.4f5c", "001B213A4F5C"] {
            XCTAssertEqual(MACAddress(text), expected, text)
        }
        XCTAssertEqual(expected.description, "00:1b:21:3a:4f:5c")
        for bad in ["00:1b:21:3a:4f", "00:1b:21:3a:4f:5c:00", "zz:1b:21:3a:4f:5c", "00:1b:21:3a:4f:5", "0:1b:21:3a:4f:5c"] {
            XCTAssertNil(MACAddress(bad), bad)
        }
    }

    func testMACBits() throws {
        XCTAssertTrue(try XCTUnwrap(MACAddress("da:a1:19:00:00:01")).isLocallyAdministered)
        XCTAssertFalse(try XCTUnwrap(MACAddress("00:00:0c:00:00:01")).isLocallyAdministered)
        XCTAssertTrue(try XCTUnwrap(MACAddress("01:00:5e:00:00:01")).isMulticast)
        XCTAssertTrue(MACAddress.broadcast.isMulticast)
        XCTAssertEqual(MACAddress(bytes: [0, 0, 0x0c, 1, 2, 3]).bytes, [0, 0, 0x0c, 1, 2, 3])
    }

    func testNetworkParsing() throws {
        let n = try IPv4Network(parsing: "198.18.0.0/24")
        XCTAssertEqual(n.prefixLength, 24)
        XCTAssertEqual(n.broadcast.description, "198.18.0.255")
        XCTAssertEqual(n.size, 256)
        XCTAssertTrue(n.contains(IPv4Address(198, 18, 0, 77)))
        XCTAssertFalse(n.contains(IPv4Address(198, 18, 1, 0)))
        XCTAssertEqual(try IPv4Network(parsing: "198.18.0.9").prefixLength, 32)
        XCTAssertEqual(try IPv4Network(parsing: "0.0.0.0/0").size, 1 << 32)
    }

    func testNetworkErrorsSayWhy() {
        XCTAssertThrowsError(try IPv4Network(parsing: "198.18.0.7/24")) { error in
            XCTAssertTrue("\(error)".contains("did you mean 198.18.0.0/24"), "\(error)")
        }
        XCTAssertThrowsError(try IPv4Network(parsing: "198.18.0.0/33")) { error in
            XCTAssertTrue("\(error)".contains("prefix length"), "\(error)")
        }
        XCTAssertThrowsError(try IPv4Network(parsing: "lan")) { error in
            XCTAssertTrue("\(error)".contains("'lan'"), "\(error)")
        }
        XCTAssertThrowsError(try IPv4Network(parsing: "10.0.0.0/8/1"))
    }

    func testHostAddressesSkipNetworkAndBroadcast() throws {
        let n = try IPv4Network(parsing: "198.18.0.0/30")
        XCTAssertEqual(n.hostAddresses.map { IPv4Address($0).description }, ["198.18.0.1", "198.18.0.2"])
        XCTAssertEqual(try IPv4Network(parsing: "198.18.0.0/31").hostAddresses.count, 2)
        XCTAssertEqual(try IPv4Network(parsing: "198.18.0.5/32").hostAddresses.count, 1)
    }

    func testCodableAsStrings() throws {
        let o = HostObservation(ip: IPv4Address(198, 18, 0, 1), mac: MACAddress(0x0000_0C00_0001), seenBy: [.arpSweep], firstSeen: Date(timeIntervalSince1970: 0))
        let json = String(decoding: try JSONEncoder().encode(o), as: UTF8.self)
        XCTAssertTrue(json.contains("\"198.18.0.1\""), json)
        XCTAssertTrue(json.contains("\"00:00:0c:00:00:01\""), json)
        XCTAssertEqual(try JSONDecoder().decode(HostObservation.self, from: Data(json.utf8)), o)
    }
}
