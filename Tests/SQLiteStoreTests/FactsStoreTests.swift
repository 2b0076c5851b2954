import CensusCore
@testable import SQLiteStore
import DeviceModel
import Foundation
import GRDB
import XCTest

/// SNMP facts and learnt hosts in the store, and the migration that added them.
final class FactsStoreTests: XCTestCase {
    let ip = IPv4Address(198, 18, 0, 3)

    func facts(serialRows: Int, truncated: Bool, credential: String = "v2c", at date: Date = Date()) -> DeviceFacts {
        let rows = (1...serialRows).map { VarBind(oid: OID([1, 3, 6, 1, 2, 1, 2, 2, 1, 6, UInt32($0)]), value: .octets([0, 0, 0x0c, 0, 0, UInt8($0)])) }
        return DeviceFacts(ip: ip, credential: credential, collectedAt: date, sections: [
            "system": .init(varBinds: [VarBind(oid: "1.3.6.1.2.1.1.5.0", value: .octets(Array("core-sw".utf8)))]),
            "interfaces": .init(varBinds: rows, truncation: truncated ? "budget" : nil),
        ])
    }

    func testPartialAnswerNeverBlanksACompleteOne() throws {
        let store = try SQLiteStore.inMemory()
        let scan = try store.beginScan(ScanRecord(interface: "lan1", ranges: [], startedAt: Date()))
        try store.recordFacts(facts(serialRows: 8, truncated: false), mac: MACAddress(0x0000_0C00_0001), scanId: scan)
        try store.recordFacts(facts(serialRows: 2, truncated: true), mac: nil, scanId: scan)
        let stored = try XCTUnwrap(try store.facts(scanId: scan).first)
        XCTAssertEqual(stored.sections["interfaces"]?.varBinds.count, 8, "the complete table is kept")
        XCTAssertNil(stored.sections["interfaces"]?.truncation)
        XCTAssertEqual(stored.value("1.3.6.1.2.1.1.5.0")?.text, "core-sw")
        XCTAssertEqual(try store.rawRows("SELECT mac, complete FROM device_facts"), [["00:00:0c:00:00:01", "1"]])
    }

    func testRemembersTheCredentialThatWorkedPerClientSite() throws {
        let store = try SQLiteStore.inMemory()
        let a = try store.beginScan(ScanRecord(client: "Acme", site: "HQ", interface: "lan1", ranges: [], startedAt: Date()))
        try store.recordFacts(facts(serialRows: 1, truncated: false, credential: "v3:monitor:authPriv"), mac: nil, scanId: a)
        let b = try store.beginScan(ScanRecord(client: "Other", site: "HQ", interface: "lan1", ranges: [], startedAt: Date()))
        try store.recordFacts(facts(serialRows: 1, truncated: false, credential: "v2c"), mac: nil, scanId: b)
        XCTAssertEqual(try store.lastCredential(ip: ip, client: "Acme", site: "HQ"), "v3:monitor:authPriv")
        XCTAssertEqual(try store.lastCredential(ip: ip, client: "Other", site: "HQ"), "v2c")
        XCTAssertNil(try store.lastCredential(ip: ip, client: "Nobody", site: nil))
    }

    func testLearntHostsRoundTripAndMerge() throws {
        let store = try SQLiteStore.inMemory()
        let scan = try store.beginScan(ScanRecord(interface: "lan1", ranges: [], startedAt: Date()))
        let mac = MACAddress(0x3CD9_2B00_0001)
        try store.recordLearnt([LearntHost(ip: nil, mac: mac, source: .switchPort, via: ip, ifIndex: 10101, port: "1")], scanId: scan)
        try store.recordLearnt([LearntHost(ip: IPv4Address(10, 1, 0, 9), mac: mac, source: .switchPort, via: ip)], scanId: scan)
        let learnt = try store.learntHosts(scanId: scan)
        XCTAssertEqual(learnt, [LearntHost(ip: IPv4Address(10, 1, 0, 9), mac: mac, source: .switchPort, via: ip, ifIndex: 10101, port: "1")])
    }

    func testMigratesADatabaseFromTheFirstSchema() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("census-v1-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(queue, upTo: "v1-scans-observations")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO scan (interface, ranges, options, startedAt, status) VALUES ('lan1', '[]', '{}', '2026-01-01 00:00:00.000', 'complete')
                    """)
            }
        }
        let store = try SQLiteStore(path: path)
        XCTAssertEqual(try store.appliedMigrations(), Schema.migrator.migrations)
        XCTAssertEqual(try store.scans().count, 1, "old scans survive the migration")
        try store.recordFacts(facts(serialRows: 1, truncated: false), mac: nil, scanId: 1)
        XCTAssertEqual(try store.facts(scanId: 1).count, 1)
    }

    /// Every released schema (each migration a past Census stopped at) upgrades to the current one
    /// with its data intact.
    func testMigratesADatabaseFromEveryEarlierSchema() throws {
        let all = Schema.migrator.migrations
        XCTAssertEqual(all.first, "v1-scans-observations")
        for stop in all.dropLast() {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("census-\(stop)-\(UUID().uuidString).sqlite").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            do {
                let queue = try DatabaseQueue(path: path)
                try Schema.migrator.migrate(queue, upTo: stop)
                try queue.write { db in
                    // From v5 on, Census writes every scan with its UUID.
                    let hasUUID = try db.columns(in: "scan").contains { $0.name == "uuid" }
                    try db.execute(sql: """
                        INSERT INTO scan (client, interface, ranges, options, startedAt, status\(hasUUID ? ", uuid" : "")) VALUES ('acme', 'lan1', '["198.18.0.0/24"]', '{}', '2026-01-01 00:00:00.000', 'complete'\(hasUUID ? ", '\(UUID().uuidString.lowercased())'" : ""))
                        """)
                    try db.execute(sql: """
                        INSERT INTO observation (scanId, ip, mac, seenBy, firstSeen, lastSeen) VALUES (1, '198.18.0.3', '00:1b:21:0a:0b:0c', 'arp', '2026-01-01 00:00:01.000', '2026-01-01 00:00:01.000')
                        """)
                    // From v5 on, Census writes every scan with a UUID.
                    if try db.columns(in: "scan").contains(where: { $0.name == "uuid" }) {
                        try db.execute(sql: "UPDATE scan SET uuid = '6f1c2a3b-0000-4000-8000-000000000001'")
                    }
                }
            }
            let store = try SQLiteStore(path: path)
            XCTAssertEqual(try store.appliedMigrations(), all, "from \(stop)")
            XCTAssertEqual(try store.scans(client: "acme").count, 1, "from \(stop): scans survive")
            XCTAssertEqual(try store.observations(scanId: 1).map(\.mac.description), ["00:1b:21:0a:0b:0c"], "from \(stop): observations survive")
            try store.recordIdentification(Identification(class: .server), ip: IPv4Address(198, 18, 0, 3), scanId: 1)
            try store.fileSightings(client: "acme") { _ in [.init(device: nil, newGroup: 0, scanId: 1, site: nil, ip: IPv4Address(198, 18, 0, 3), mac: nil,
                                                                  score: 100, reason: "test", seenAt: Date(), keys: ["mac:00:1b:21:0a:0b:0c"])] }
            XCTAssertNotNil(try store.scans(client: "acme").first?.uuid, "from \(stop): earlier scans get a UUID")
            XCTAssertEqual(try store.devices(client: "acme").count, 1, "from \(stop): the newest tables work")
        }
    }
}
