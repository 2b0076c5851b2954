import CensusCore
@testable import SQLiteStore
import DeviceModel
import Foundation
import XCTest

/// Scans left `running` by a process that is gone are closed when a store is opened.
final class StaleScanTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("census-stale-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    /// The id of a process that has ended.
    func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    func testAScanRecordsTheProcessThatRunsIt() throws {
        let store = try SQLiteStore(path: directory.appendingPathComponent("owner.sqlite").path)
        let id = try store.beginScan(ScanRecord(interface: "lan1", ranges: [], startedAt: Date()))
        let row = try XCTUnwrap(try store.rawRows("SELECT ownerPid, ownerHost, ownerBoot FROM scan WHERE id = \(id)").first)
        XCTAssertEqual(row[0], String(getpid()))
        XCTAssertTrue(row[1]?.hasPrefix(ProcessInfo.processInfo.hostName) ?? false, "\(row)")
        XCTAssertFalse((row[2] ?? "").isEmpty, "the boot the process runs in")
        XCTAssertTrue(try store.appliedMigrations().contains("v7-scan-owner"))
    }

    func testScansOfProcessesThatStoppedAreClosedWhenTheStoreOpens() throws {
        let path = directory.appendingPathComponent("stale.sqlite").path
        let startedAt = Date(timeIntervalSince1970: 1_767_225_600)
        let host = HostObservation(ip: IPv4Address(198, 18, 0, 1), mac: MACAddress(0x00000c123456), seenBy: [.arpSweep],
                                   firstSeen: startedAt.addingTimeInterval(3))
        let dead = try deadPID()
        var ids: [String: Int64] = [:]
        do {
            let store = try SQLiteStore(path: path)
            for name in ["dead-empty", "dead-with-hosts", "alive", "rebooted", "other-host", "finished"] {
                ids[name] = try store.beginScan(ScanRecord(interface: "lan1", ranges: [], startedAt: startedAt))
            }
            try store.record([host], conflicts: [], scanId: ids["dead-with-hosts"]!)
            try store.finishScan(ids["finished"]!, status: .complete, at: startedAt.addingTimeInterval(9))
            for name in ["dead-empty", "dead-with-hosts", "finished"] {
                _ = try store.rawRows("UPDATE scan SET ownerPid = \(dead) WHERE id = \(ids[name]!)")
            }
            _ = try store.rawRows("UPDATE scan SET ownerBoot = 'an-earlier-boot' WHERE id = \(ids["rebooted"]!)")
            _ = try store.rawRows("UPDATE scan SET ownerPid = \(dead), ownerHost = 'another-machine' WHERE id = \(ids["other-host"]!)")
            XCTAssertEqual(try store.scans().filter { $0.status == .running }.count, 5)
        }
        let reopened = try SQLiteStore(path: path)
        let deadEmpty = try XCTUnwrap(try reopened.scan(ids["dead-empty"]!))
        XCTAssertEqual(deadEmpty.status, .failed)
        XCTAssertEqual(deadEmpty.failure, "the process that ran it stopped")
        XCTAssertNotNil(deadEmpty.finishedAt)
        let withHosts = try XCTUnwrap(try reopened.scan(ids["dead-with-hosts"]!))
        XCTAssertEqual(withHosts.status, .partial, "it stored hosts: they are kept")
        XCTAssertEqual(withHosts.failure, "the process that ran it stopped")
        XCTAssertEqual(withHosts.finishedAt, host.lastSeen, "it ended after the last host it stored")
        XCTAssertEqual(try reopened.observations(scanId: ids["dead-with-hosts"]!), [host])
        XCTAssertEqual(try reopened.scan(ids["alive"]!)?.status, .running, "this process still runs it")
        XCTAssertEqual(try reopened.scan(ids["rebooted"]!)?.status, .failed, "the machine restarted since")
        XCTAssertEqual(try reopened.scan(ids["other-host"]!)?.status, .running, "another machine's process cannot be checked from here")
        XCTAssertEqual(try reopened.scan(ids["finished"]!)?.status, .complete)
    }

    /// Scans written before owners were recorded: closed once they are a day old.
    func testOwnerlessRunningScansAreClosedWhenOld() throws {
        let path = directory.appendingPathComponent("ownerless.sqlite").path
        let old: Int64, recent: Int64
        do {
            let store = try SQLiteStore(path: path)
            old = try store.beginScan(ScanRecord(interface: "lan1", ranges: [], startedAt: Date().addingTimeInterval(-3 * 86_400)))
            recent = try store.beginScan(ScanRecord(interface: "lan1", ranges: [], startedAt: Date().addingTimeInterval(-60)))
            _ = try store.rawRows("UPDATE scan SET ownerPid = NULL, ownerHost = NULL, ownerBoot = NULL, ownerStart = NULL")
        }
        let reopened = try SQLiteStore(path: path)
        XCTAssertEqual(try reopened.scan(old)?.status, .failed)
        XCTAssertEqual(try reopened.scan(recent)?.status, .running)
    }
}
