import CensusCore
@testable import CensusStore
import Foundation
import XCTest

final class IdentificationStoreTests: XCTestCase {
    func testIdentificationsRoundTripAndAreReplacedNotDuplicated() throws {
        let store = try CensusStore.inMemory()
        let scan = try store.beginScan(ScanRecord(interface: "lan1", ranges: [], startedAt: Date()))
        let ip = IPv4Address(198, 18, 0, 3)
        let first = Identification(vendor: "Cisco", model: "WS-C3560G-48TS-E", class: .switch, serial: "FOC1408Z61U", os: "IOS",
                                   version: "12.2(55)SE3", matches: [.init(rule: "cisco-ios", fields: ["os", "version"])])
        try store.recordIdentification(first, ip: ip, scanId: scan)
        XCTAssertEqual(try store.identifications(scanId: scan)[ip], first)
        var second = first
        second.class = .router
        second.matches = [.init(rule: "user-rule", fields: ["class"])]
        try store.recordIdentification(second, ip: ip, scanId: scan)
        XCTAssertEqual(try store.identifications(scanId: scan), [ip: second])
        XCTAssertEqual(try store.rawRows("SELECT count(*) FROM identification"), [["1"]])
    }

    func testStoredFactsComeBackWithTheirScanAndMAC() throws {
        let store = try CensusStore.inMemory()
        let scan = try store.beginScan(ScanRecord(interface: "lan1", ranges: [], startedAt: Date()))
        let facts = DeviceFacts(ip: IPv4Address(198, 18, 0, 9), credential: "v2c", collectedAt: Date(), sections: [
            "system": .init(varBinds: [VarBind(oid: "1.3.6.1.2.1.1.2.0", value: .oid("1.3.6.1.4.1.9.1.617"))]),
        ])
        try store.recordFacts(facts, mac: MACAddress(0x0000_0C00_0009), scanId: scan)
        let stored = try store.storedFacts()
        XCTAssertEqual(stored.count, 1)
        XCTAssertEqual(stored[0].scanId, scan)
        XCTAssertEqual(stored[0].mac, MACAddress(0x0000_0C00_0009))
        XCTAssertEqual(stored[0].facts.value("1.3.6.1.2.1.1.2.0"), .oid("1.3.6.1.4.1.9.1.617"))
        XCTAssertTrue(try store.storedFacts(scanId: scan + 1).isEmpty)
    }
}
