import CensusCore
@testable import SQLiteStore
import DeviceModel
import Foundation
import XCTest

final class SQLiteStoreTests: XCTestCase {
    private let t0 = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01 00:00:00 UTC

    private func network(_ text: String) throws -> IPv4Network { try IPv4Network(parsing: text) }
    private func ip(_ text: String) throws -> IPv4Address { try XCTUnwrap(IPv4Address(text)) }
    private func mac(_ text: String) throws -> MACAddress { try XCTUnwrap(MACAddress(text)) }

    private func sampleScan(client: String = "Acme", site: String? = "HQ", startedAt: Date? = nil) throws -> ScanRecord {
        ScanRecord(client: client, site: site, interface: "lan1", ranges: [try network("198.18.0.0/24"), try network("198.18.1.0/25")],
                   options: ["mode": "sweep", "rate": "200", "retries": "2", "timeout_ms": "500"],
                   startedAt: startedAt ?? t0)
    }

    func testMigrationCreatesTablesAndIndexes() throws {
        let store = try SQLiteStore.inMemory()
        let schema = try store.rawRows("SELECT name FROM sqlite_master").compactMap { $0.first ?? nil }
        for name in ["scan", "observation", "conflict", "observation_on_mac", "observation_on_ip", "device_facts", "learnt_host"] {
            XCTAssertTrue(schema.contains(name), "\(name) missing from sqlite_master: \(schema.sorted())")
        }
        XCTAssertEqual(try store.appliedMigrations(), ["v1-scans-observations", "v2-device-facts-learnt-hosts", "v3-identification", "v4-devices", "v5-scan-uuid-client-failure-fact-summaries", "v6-lifecycle-products", "v7-scan-owner", "v8-outbox"])
    }

    func testScanRoundTrip() throws {
        let store = try SQLiteStore.inMemory()
        var record = try sampleScan()
        record.status = .complete  // beginScan always starts a scan as running
        let id = try store.beginScan(record)

        let running = try XCTUnwrap(store.scan(id))
        XCTAssertEqual(running.id, id)
        XCTAssertEqual(running.status, .running)
        XCTAssertNil(running.finishedAt)
        XCTAssertEqual(running.client, "Acme")
        XCTAssertEqual(running.site, "HQ")
        XCTAssertEqual(running.interface, "lan1")
        XCTAssertEqual(running.ranges, record.ranges)
        XCTAssertEqual(running.options, record.options)
        XCTAssertEqual(running.startedAt, t0)

        try store.finishScan(id, status: .complete, at: t0.addingTimeInterval(42))
        let finished = try XCTUnwrap(store.scan(id))
        XCTAssertEqual(finished.status, .complete)
        XCTAssertEqual(finished.finishedAt, t0.addingTimeInterval(42))
    }

    func testRangesAndOptionsAreStoredAsJSON() throws {
        let store = try SQLiteStore.inMemory()
        let id = try store.beginScan(try sampleScan())
        XCTAssertEqual(try store.rawRows("SELECT ranges, options FROM scan WHERE id = \(id)"), [[
            #"["198.18.0.0/24","198.18.1.0/25"]"#,
            #"{"mode":"sweep","rate":"200","retries":"2","timeout_ms":"500"}"#,
        ]])
    }

    func testCredentialLikeOptionsAreRefused() throws {
        let store = try SQLiteStore.inMemory()
        var record = try sampleScan()
        record.options["snmp_community"] = "public"
        XCTAssertThrowsError(try store.beginScan(record)) { error in
            XCTAssertEqual(error as? StoreError, .secretInOptions(key: "snmp_community"))
        }
        XCTAssertEqual(try store.scans(), [])
    }

    func testObservationsRoundTrip() throws {
        let store = try SQLiteStore.inMemory()
        let id = try store.beginScan(try sampleScan())
        let router = HostObservation(ip: try ip("198.18.0.1"), mac: try mac("00:00:0c:12:34:56"), vendor: "Cisco Systems, Inc",
                                     seenBy: [.arpSweep, .passive], firstSeen: t0, lastSeen: t0.addingTimeInterval(5),
                                     responseTime: .milliseconds(12.5))
        let printer = HostObservation(ip: try ip("198.18.0.20"), mac: try mac("da:a1:19:00:00:01"), seenBy: [.captureFile], firstSeen: t0)
        let laptop = HostObservation(ip: try ip("198.18.0.3"), mac: try mac("00:1b:21:3a:4f:5c"), seenBy: [.arpSweep], firstSeen: t0)
        try store.record([printer, router, laptop], conflicts: [], scanId: id)

        XCTAssertEqual(try store.observations(scanId: id), [router, laptop, printer], "ordered numerically by address")
        XCTAssertEqual(try store.rawRows("SELECT seenBy FROM observation WHERE ip = '198.18.0.1'"), [["arp,passive"]])
        XCTAssertEqual(try store.scan(id)?.hostCount, 3)
    }

    func testRepeatedRecordMergesSightings() throws {
        let store = try SQLiteStore.inMemory()
        let id = try store.beginScan(try sampleScan())
        let address = try ip("198.18.0.7")
        let hardware = try mac("00:1b:21:3a:4f:5c")
        try store.record([HostObservation(ip: address, mac: hardware, seenBy: [.passive], firstSeen: t0.addingTimeInterval(10),
                                          lastSeen: t0.addingTimeInterval(20))], conflicts: [], scanId: id)
        try store.record([HostObservation(ip: address, mac: hardware, vendor: "Intel Corporate", seenBy: [.arpSweep],
                                          firstSeen: t0.addingTimeInterval(5), lastSeen: t0.addingTimeInterval(15),
                                          responseTime: .milliseconds(3))], conflicts: [], scanId: id)
        try store.record([HostObservation(ip: address, mac: hardware, seenBy: [.passive], firstSeen: t0.addingTimeInterval(30))],
                         conflicts: [], scanId: id)

        let stored = try store.observations(scanId: id)
        XCTAssertEqual(stored.count, 1)
        XCTAssertEqual(stored.first?.seenBy, [.arpSweep, .passive])
        XCTAssertEqual(stored.first?.firstSeen, t0.addingTimeInterval(5))
        XCTAssertEqual(stored.first?.lastSeen, t0.addingTimeInterval(30))
        XCTAssertEqual(stored.first?.vendor, "Intel Corporate")
        XCTAssertEqual(stored.first?.responseTime, .milliseconds(3))
        XCTAssertEqual(try store.scan(id)?.hostCount, 1)
    }

    func testInterruptedScanKeepsWhatItFoundAsPartial() throws {
        let store = try SQLiteStore.inMemory()
        let id = try store.beginScan(try sampleScan())
        let host = HostObservation(ip: try ip("198.18.0.9"), mac: try mac("00:00:0c:00:00:09"), seenBy: [.arpSweep], firstSeen: t0)
        try store.record([host], conflicts: [], scanId: id)
        XCTAssertEqual(try store.scan(id)?.status, .running, "hosts are kept before the scan finishes")
        try store.finishScan(id, status: .partial, at: t0.addingTimeInterval(3))

        let scan = try XCTUnwrap(store.scan(id))
        XCTAssertEqual(scan.status, .partial)
        XCTAssertEqual(scan.hostCount, 1)
        XCTAssertEqual(try store.observations(scanId: id), [host])
    }

    func testConflictsAreStoredAndMerged() throws {
        let store = try SQLiteStore.inMemory()
        let id = try store.beginScan(try sampleScan())
        let address = try ip("198.18.0.50")
        let (first, second, third) = (try mac("00:00:0c:00:00:01"), try mac("00:1b:21:00:00:02"), try mac("02:42:ac:11:00:03"))
        try store.record([], conflicts: [AddressConflict(ip: address, macs: [second, first])], scanId: id)
        try store.record([], conflicts: [AddressConflict(ip: address, macs: [first, third]),
                                         AddressConflict(ip: try ip("198.18.0.60"), macs: [first, second])], scanId: id)

        XCTAssertEqual(try store.conflicts(scanId: id), [
            AddressConflict(ip: address, macs: [first, second, third]),
            AddressConflict(ip: try ip("198.18.0.60"), macs: [first, second]),
        ])
    }

    func testScansAreFilteredByClientAndSiteNewestFirst() throws {
        let store = try SQLiteStore.inMemory()
        let older = try store.beginScan(try sampleScan(client: "Acme", site: "HQ", startedAt: t0))
        let newer = try store.beginScan(try sampleScan(client: "Acme", site: "Depot", startedAt: t0.addingTimeInterval(60)))
        let other = try store.beginScan(try sampleScan(client: "Globex", site: "HQ", startedAt: t0.addingTimeInterval(30)))

        XCTAssertEqual(try store.scans().map(\.id), [newer, other, older])
        XCTAssertEqual(try store.scans(client: "Acme").map(\.id), [newer, older])
        XCTAssertEqual(try store.scans(site: "HQ").map(\.id), [other, older])
        XCTAssertEqual(try store.scans(client: "Acme", site: "Depot").map(\.id), [newer])
        XCTAssertEqual(try store.scans(client: "Initech"), [])
    }

    func testUnknownScanIdIsAnError() throws {
        let store = try SQLiteStore.inMemory()
        XCTAssertThrowsError(try store.record([], conflicts: [], scanId: 99)) { error in
            XCTAssertEqual(error as? StoreError, .noSuchScan(99))
        }
        XCTAssertThrowsError(try store.finishScan(99, status: .complete, at: t0)) { error in
            XCTAssertEqual(error as? StoreError, .noSuchScan(99))
        }
        XCTAssertThrowsError(try store.observations(scanId: 99)) { error in
            XCTAssertEqual(error as? StoreError, .noSuchScan(99))
        }
        XCTAssertNil(try store.scan(99))
    }

    func testDeletingAScanCascadesToItsRows() throws {
        let store = try SQLiteStore.inMemory()
        let id = try store.beginScan(try sampleScan())
        let host = HostObservation(ip: try ip("198.18.0.9"), mac: try mac("00:00:0c:00:00:09"), seenBy: [.arpSweep], firstSeen: t0)
        try store.record([host], conflicts: [AddressConflict(ip: host.ip, macs: [host.mac, try mac("00:00:0c:00:00:0a")])], scanId: id)
        XCTAssertEqual(try store.rawRows("SELECT COUNT(*) FROM observation"), [["1"]])
        _ = try store.rawRows("DELETE FROM scan WHERE id = \(id)")
        XCTAssertEqual(try store.rawRows("SELECT COUNT(*) FROM observation"), [["0"]])
        XCTAssertEqual(try store.rawRows("SELECT COUNT(*) FROM conflict"), [["0"]])
    }
}
