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

final class DeviceStoreTests: XCTestCase {
    /// Two clients use the same private range and even share a MAC vendor's defaults: their
    /// devices never mix.
    func testTwoClientsNeverShareADevice() throws {
        let store = try CensusStore.inMemory()
        let ip = IPv4Address(198, 18, 0, 1)
        for client in ["acme", "globex"] {
            let scan = try store.beginScan(ScanRecord(client: client, site: "hq", interface: "lan1", ranges: [], startedAt: Date()))
            try store.recordSightings([.init(device: nil, newGroup: 0, scanId: scan, site: "hq", ip: ip, mac: MACAddress("00:1b:21:00:00:01"),
                                             score: 100, reason: "first seen", seenAt: Date(), keys: ["mac:00:1b:21:00:00:01"])], client: client)
        }
        XCTAssertEqual(try store.devices(client: "acme").count, 1)
        XCTAssertEqual(try store.devices(client: "globex").count, 1)
        XCTAssertNotEqual(try store.devices(client: "acme")[0].id, try store.devices(client: "globex")[0].id)
    }

    func testMergeMovesKeysAndSightingsAndSplitMovesThemBack() throws {
        let store = try CensusStore.inMemory()
        let scan = try store.beginScan(ScanRecord(client: "acme", interface: "lan1", ranges: [], startedAt: Date()))
        let ids = try store.recordSightings([
            .init(device: nil, newGroup: 0, scanId: scan, site: nil, ip: IPv4Address(198, 18, 0, 1), mac: MACAddress("00:1b:21:00:00:01"),
                  score: 100, reason: "first seen", seenAt: Date(), keys: ["mac:00:1b:21:00:00:01"]),
            .init(device: nil, newGroup: 1, scanId: scan, site: nil, ip: IPv4Address(198, 18, 0, 2), mac: MACAddress("00:1b:21:00:00:02"),
                  score: 100, reason: "first seen", seenAt: Date(), keys: ["mac:00:1b:21:00:00:02"]),
        ], client: "acme")
        try store.mergeDevices(client: "acme", into: ids[0], from: ids[1])
        let merged = try store.devices(client: "acme")
        XCTAssertEqual(merged.count, 1)
        XCTAssertEqual(Set(merged[0].keys), ["mac:00:1b:21:00:00:01", "mac:00:1b:21:00:00:02"])
        XCTAssertTrue(merged[0].decision?.contains("merged by hand with device \(ids[1])") ?? false)
        XCTAssertEqual(try store.sightings(client: "acme").map(\.deviceId), [ids[0], ids[0]])
        let new = try store.splitDevice(client: "acme", device: ids[0], keys: ["mac:00:1b:21:00:00:02"])
        XCTAssertEqual(try store.devices(client: "acme").count, 2)
        XCTAssertEqual(try store.sightings(client: "acme").filter { $0.deviceId == new }.map(\.ip), [IPv4Address(198, 18, 0, 2)])
        XCTAssertThrowsError(try store.splitDevice(client: "acme", device: ids[0], keys: ["mac:00:1b:21:00:00:01"]), "nothing would be left")
        XCTAssertThrowsError(try store.mergeDevices(client: "globex", into: ids[0], from: new), "another client's devices")
    }
}
