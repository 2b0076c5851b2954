import CensusCore
@testable import CensusStore
import Foundation
import XCTest

final class ScanBundleTests: XCTestCase {
    func sampleStore() throws -> (CensusStore, Int64) {
        let store = try CensusStore.inMemory()
        let scan = try store.beginScan(ScanRecord(client: "Acme", site: "HQ", interface: "lan1", ranges: [try IPv4Network(parsing: "198.18.0.0/24")],
                                                  options: ["rate": "500"], startedAt: Date(timeIntervalSince1970: 1_800_000_000)))
        let host = HostObservation(ip: IPv4Address(198, 18, 0, 3), mac: MACAddress("00:1b:21:0a:0b:0c")!, vendor: "Intel", seenBy: [.arpSweep, .snmp],
                                   firstSeen: Date(timeIntervalSince1970: 1_800_000_001))
        try store.record([host], conflicts: [], scanId: scan)
        try store.recordFacts(DeviceFacts(ip: host.ip, credential: "v2c", collectedAt: Date(timeIntervalSince1970: 1_800_000_002), sections: [
            "system": .init(varBinds: [VarBind(oid: "1.3.6.1.2.1.1.5.0", value: .octets(Array("core-sw".utf8)))]),
        ]), mac: host.mac, scanId: scan)
        try store.recordIdentification(Identification(vendor: "Cisco", class: .switch, matches: [.init(rule: "r", fields: ["class"])]), ip: host.ip, scanId: scan)
        try store.finishScan(scan, status: .complete, at: Date(timeIntervalSince1970: 1_800_000_010))
        return (store, scan)
    }

    func testRoundTripIntoAnotherStoreAndASecondImportAddsNothing() throws {
        let (source, scan) = try sampleStore()
        let data = try source.exportBundle(scanId: scan).encoded()
        let bundle = try ScanBundle.decode(data, file: "b.json")
        let target = try CensusStore.inMemory()
        let (imported, isNew) = try target.importBundle(bundle)
        XCTAssertTrue(isNew)
        XCTAssertEqual(try target.observations(scanId: imported), try source.observations(scanId: scan))
        XCTAssertEqual(try target.facts(scanId: imported), try source.facts(scanId: scan))
        XCTAssertEqual(try target.identifications(scanId: imported), try source.identifications(scanId: scan))
        XCTAssertEqual(try target.scan(imported)?.client, "Acme")
        XCTAssertEqual(try target.scan(imported)?.status, .complete)
        let again = try target.importBundle(bundle)
        XCTAssertEqual(again.scanId, imported)
        XCTAssertFalse(again.isNew)
        XCTAssertEqual(try target.scans().count, 1)
    }

    func testOtherFilesAndNewerFormatsAreRefusedClearly() throws {
        let (source, scan) = try sampleStore()
        var newer = try JSONSerialization.jsonObject(with: try source.exportBundle(scanId: scan).encoded()) as! [String: Any]
        newer["version"] = ScanBundle.currentVersion + 1
        let data = try JSONSerialization.data(withJSONObject: newer)
        XCTAssertThrowsError(try ScanBundle.decode(data, file: "new.json")) { error in
            XCTAssertTrue("\(error)".contains("newer than this Census reads"), "\(error)")
        }
        XCTAssertThrowsError(try ScanBundle.decode(Data("{\"hello\": 1}".utf8), file: "x.json")) { error in
            XCTAssertEqual("\(error)", "x.json: not a Census scan bundle")
        }
    }

    func testABundleHoldsNoSecretOnlyTheCredentialLabel() throws {
        let (source, scan) = try sampleStore()
        let text = String(decoding: try source.exportBundle(scanId: scan).encoded(), as: UTF8.self)
        XCTAssertTrue(text.contains("\"credential\":\"v2c\""))
        XCTAssertTrue(text.contains("census-scan-bundle"))
    }
}
