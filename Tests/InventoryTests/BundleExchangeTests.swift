import CensusCore
import DeviceModel
import Foundation
import Inventory
import XCTest

/// Bundles between stores: a scan and its devices arrive as they were filed where it was made,
/// with the people's merge and split decisions; importing twice adds nothing.
final class BundleExchangeTests: XCTestCase {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func host(_ last: UInt8, _ mac: String) -> HostObservation {
        HostObservation(ip: IPv4Address(198, 18, 0, last), mac: MACAddress(mac)!, seenBy: [.arpSweep], firstSeen: t0)
    }

    /// A laptop's store: one scan of three hosts, two of which a person merged (a server's two NICs).
    func laptop() async throws -> (MemoryStore, Int64) {
        let store = MemoryStore()
        var record = ScanRecord(client: "acme", site: "hq", interface: "lan1", ranges: [try IPv4Network(parsing: "198.18.0.0/24")], startedAt: t0)
        record.finishedAt = t0.addingTimeInterval(5)
        let id = try store.beginScan(record)
        let hosts = [host(10, "00:1b:21:00:00:10"), host(11, "00:1b:21:00:00:11"), host(12, "00:1b:21:00:00:12")]
        try store.record(hosts, conflicts: [], scanId: id)
        try await DeviceFiler().file(.init(scanId: id, site: "hq", hosts: hosts, answers: [], identifications: [:]), client: "acme", in: store)
        try store.finishScan(id, status: .complete, at: t0.addingTimeInterval(5), failure: nil)
        let devices = store.devices(client: "acme")
        XCTAssertEqual(devices.count, 3)
        try store.mergeDevices(client: "acme", into: devices[0].id, from: devices[1].id, at: t0)
        return (store, id)
    }

    func testDecisionsTravelAndASecondImportAddsNothing() async throws {
        let (laptop, scanId) = try await laptop()
        let bundle = try await BundleExchange().export(scanId: scanId, from: laptop, at: t0.addingTimeInterval(60))
        XCTAssertEqual(bundle.decisions.count, 1)
        XCTAssertEqual(Set(bundle.decisions[0].keys), ["mac:00:1b:21:00:00:10", "mac:00:1b:21:00:00:11"])
        let decoded = try ScanBundle.decode(try bundle.encoded(), file: "hq.census")

        let office = MemoryStore()
        let first = try await BundleExchange().import(decoded, into: office)
        XCTAssertTrue(first.isNew)
        let devices = office.devices(client: "acme")
        XCTAssertEqual(devices.count, 2, "the merged NICs are one device at the office too")
        let merged = try XCTUnwrap(devices.first { $0.keys.contains("mac:00:1b:21:00:00:10") })
        XCTAssertTrue(merged.keys.contains("mac:00:1b:21:00:00:11"))
        XCTAssertTrue(merged.decision?.contains("merged by hand") ?? false, "the decision is written on the device")

        let again = try await BundleExchange().import(decoded, into: office)
        XCTAssertFalse(again.isNew)
        XCTAssertEqual(again.scanId, first.scanId)
        XCTAssertEqual(office.devices(client: "acme").count, 2)
        XCTAssertEqual(office.scans(client: nil, site: nil).count, 1)
    }

    /// A device seen at two sites (two scans), merged by hand on the laptop: each bundle holds
    /// one sighting of it, and imported in either order they make one device at the office.
    func testAMergeAcrossTwoScansHoldsAfterImportInEitherOrder() async throws {
        let laptop = MemoryStore()
        var ids: [Int64] = []
        for (site, h) in [("hq", host(20, "00:1b:21:00:00:20")), ("branch", host(21, "00:1b:21:00:00:21"))] {
            var record = ScanRecord(client: "acme", site: site, interface: "lan1", ranges: [try IPv4Network(parsing: "198.18.0.0/24")], startedAt: t0)
            record.finishedAt = t0.addingTimeInterval(5)
            let id = try laptop.beginScan(record)
            try laptop.record([h], conflicts: [], scanId: id)
            try await DeviceFiler().file(.init(scanId: id, site: site, hosts: [h], answers: [], identifications: [:]), client: "acme", in: laptop)
            try laptop.finishScan(id, status: .complete, at: t0.addingTimeInterval(5), failure: nil)
            ids.append(id)
        }
        let devices = laptop.devices(client: "acme")
        XCTAssertEqual(devices.count, 2)
        try laptop.mergeDevices(client: "acme", into: devices[0].id, from: devices[1].id, at: t0)
        var bundles: [ScanBundle] = []
        for id in ids { bundles.append(try await BundleExchange().export(scanId: id, from: laptop, at: t0.addingTimeInterval(60))) }
        for order in [bundles, bundles.reversed()] {
            let office = MemoryStore()
            for bundle in order { _ = try await BundleExchange().import(bundle, into: office) }
            let there = office.devices(client: "acme")
            XCTAssertEqual(there.count, 1, "the merge holds at the office: \(there.map(\.keys))")
            XCTAssertEqual(Set(there.first?.keys ?? []), ["mac:00:1b:21:00:00:20", "mac:00:1b:21:00:00:21"])
        }
    }

    func testAVersionOneBundleIsReadAndRecognisedWhenImportedAgain() throws {
        let json = """
        {"format": "census-scan-bundle", "version": 1, "exportedAt": "2026-01-01T00:00:00Z",
         "scan": {"site": "hq", "interface": "lan1", "ranges": [], "options": {}, "startedAt": "2026-01-01T00:00:00Z", "status": "complete", "hostCount": 0},
         "observations": [], "conflicts": [], "facts": [], "learnt": [], "identifications": {}}
        """
        let a = try ScanBundle.decode(Data(json.utf8), file: "old.census")
        let b = try ScanBundle.decode(Data(json.utf8), file: "old.census")
        XCTAssertEqual(a.scan.client, ScanRecord.unassignedClient, "format 1 may name no client")
        XCTAssertEqual(a.scan.uuid, b.scan.uuid, "the same file gets the same UUID, so a re-import is recognised")
    }

    /// A bundle cut anywhere is called damaged (its "format" key comes late: keys are sorted),
    /// and a format number that never existed is refused.
    func testACutBundleIsDamagedNotSomeOtherFile() async throws {
        let (laptop, scanId) = try await laptop()
        let data = try await BundleExchange().export(scanId: scanId, from: laptop, at: t0.addingTimeInterval(60)).encoded()
        for fraction in [0.1, 0.5, 0.9] {
            let cut = data.prefix(Int(Double(data.count) * fraction))
            XCTAssertThrowsError(try ScanBundle.decode(cut, file: "cut.census")) { error in
                XCTAssertTrue("\(error)".contains("damaged: cut short"), "\(fraction): \(error)")
            }
        }
        let zero = String(decoding: data, as: UTF8.self).replacingOccurrences(of: #""version":2"#, with: #""version":0"#)
        XCTAssertThrowsError(try ScanBundle.decode(Data(zero.utf8), file: "zero.census")) { error in
            XCTAssertTrue("\(error)".contains("bundle format 0 does not exist"), "\(error)")
        }
    }

    /// A bundle from the far future (an edited file, a clock years ahead), a client name with
    /// a control character. (A scan started after its export is kept: a collector's clock may
    /// have been corrected in between, and its scans must not be stuck in the outbox.)
    func testImpossibleDatesAndNamesAreRefused() async throws {
        let (laptop, scanId) = try await laptop()
        let good = try await BundleExchange().export(scanId: scanId, from: laptop, at: t0.addingTimeInterval(60))
        var named = good
        named.scan.client = "acme\u{0}dental"
        XCTAssertEqual(named.inconsistency, "a control character in the client name")
        do {
            _ = try await BundleExchange().import(good, into: MemoryStore(), now: t0.addingTimeInterval(-400 * 86_400))
            XCTFail("a bundle from the future was filed")
        } catch let error as StoreError {
            XCTAssertTrue(error.description.contains("in the future"), error.description)
        }
        let filed = try await BundleExchange().import(good, into: MemoryStore(), now: t0.addingTimeInterval(120))
        XCTAssertTrue(filed.isNew)
    }

    func testContradictoryBundlesAreRefused() throws {
        let json = """
        {"format": "census-scan-bundle", "version": 2, "exportedAt": "2026-01-01T00:00:00Z",
         "scan": {"uuid": "0f8e2a6c-1111-4c3e-9a55-2d7c0b6d9e01", "client": "acme", "interface": "lan1", "ranges": [], "options": {},
                  "startedAt": "2026-01-02T00:00:00Z", "finishedAt": "2026-01-01T00:00:00Z", "status": "complete", "hostCount": 0},
         "observations": [], "conflicts": [], "facts": [], "learnt": [], "identifications": {}}
        """
        XCTAssertThrowsError(try ScanBundle.decode(Data(json.utf8), file: "bad.census")) { error in
            XCTAssertTrue("\(error)".contains("finishedAt is before startedAt"), "\(error)")
        }
        XCTAssertThrowsError(try ScanBundle.decode(Data("{\"format\": \"census-scan-bund".utf8), file: "cut.census")) { error in
            XCTAssertTrue("\(error)".contains("not a Census scan bundle"), "\(error)")
        }
    }
}
