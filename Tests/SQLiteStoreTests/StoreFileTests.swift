import CensusCore
@testable import SQLiteStore
import DeviceModel
import Foundation
import XCTest

/// File-backed databases: creation, reopening, bad paths, default location.
final class StoreFileTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("census-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    func testFileDatabaseSurvivesReopening() throws {
        let path = directory.appendingPathComponent("nested/dirs/census.sqlite").path
        let startedAt = Date(timeIntervalSince1970: 1_767_225_600)
        let host = HostObservation(ip: IPv4Address(198, 18, 0, 1), mac: MACAddress(0x00000c123456), seenBy: [.arpSweep], firstSeen: startedAt)
        let id: Int64
        do {
            let store = try SQLiteStore(path: path)
            id = try store.beginScan(ScanRecord(interface: "lan1", ranges: [try IPv4Network(parsing: "198.18.0.0/24")], startedAt: startedAt))
            try store.record([host], conflicts: [], scanId: id)
            try store.finishScan(id, status: .complete, at: startedAt.addingTimeInterval(9))
            XCTAssertEqual(try store.rawRows("PRAGMA journal_mode"), [["wal"]])
        }
        let reopened = try SQLiteStore(path: path)
        XCTAssertEqual(try reopened.appliedMigrations(), ["v1-scans-observations", "v2-device-facts-learnt-hosts", "v3-identification", "v4-devices", "v5-scan-uuid-client-failure-fact-summaries", "v6-lifecycle-products", "v7-scan-owner", "v8-outbox"], "migrations run once")
        XCTAssertEqual(try reopened.scans().map(\.id), [id])
        XCTAssertEqual(try reopened.scan(id)?.status, .complete)
        XCTAssertEqual(try reopened.observations(scanId: id), [host])
    }

    func testDirectoryPathIsAClearError() throws {
        XCTAssertThrowsError(try SQLiteStore(path: directory.path)) { error in
            XCTAssertEqual(error as? StoreError, .cannotOpen(path: self.directory.path, reason: "it is a directory"))
            XCTAssertTrue(String(describing: error).contains(self.directory.path))
        }
    }

    func testNonDatabaseFileIsAClearError() throws {
        let path = directory.appendingPathComponent("notes.sqlite").path
        try String(repeating: "not a database\n", count: 100).write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try SQLiteStore(path: path)) { error in
            XCTAssertEqual(error as? StoreError, .cannotOpen(path: path, reason: "it is not a SQLite database"))
            XCTAssertEqual(String(describing: error), "cannot open scan database \(path): it is not a SQLite database")
        }
    }

    func testParentThatIsAFileIsAClearError() throws {
        let blocker = directory.appendingPathComponent("blocker")
        try Data().write(to: blocker)
        let path = blocker.appendingPathComponent("census.sqlite").path
        XCTAssertThrowsError(try SQLiteStore(path: path)) { error in
            let message = String(describing: error)
            XCTAssertTrue(message.hasPrefix("cannot open scan database \(path): cannot create directory \(blocker.path)"), message)
        }
    }

    func testDatabaseFromANewerCensusIsRefused() throws {
        let path = directory.appendingPathComponent("census.sqlite").path
        _ = try SQLiteStore(path: path).rawRows("INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        XCTAssertThrowsError(try SQLiteStore(path: path)) { error in
            XCTAssertEqual(error as? StoreError, .cannotOpen(path: path, reason: "it was written by a newer version of Census"))
        }
    }

    func testDefaultPathHonoursXDGDataHome() {
        XCTAssertEqual(SQLiteStore.defaultPath(environment: ["XDG_DATA_HOME": "/srv/data", "HOME": "/home/tech"]),
                       "/srv/data/census/census.sqlite")
    }

    func testDefaultPathFallsBackToHome() {
        XCTAssertEqual(SQLiteStore.defaultPath(environment: ["HOME": "/home/tech"]), "/home/tech/.local/share/census/census.sqlite")
        // The XDG specification says relative paths in XDG_DATA_HOME are invalid and ignored.
        XCTAssertEqual(SQLiteStore.defaultPath(environment: ["XDG_DATA_HOME": "data", "HOME": "/home/tech"]),
                       "/home/tech/.local/share/census/census.sqlite")
        XCTAssertEqual(SQLiteStore.defaultPath(environment: ["XDG_DATA_HOME": "", "HOME": "/home/tech"]),
                       "/home/tech/.local/share/census/census.sqlite")
    }
}
