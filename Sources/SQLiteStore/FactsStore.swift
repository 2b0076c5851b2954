import CensusCore
import DeviceModel
import Foundation
import GRDB
import SNMPModel

extension SQLiteStore {
    /// Stores what SNMP said about a device in a scan. Recording the same device again in the
    /// same scan merges (`DeviceFacts.merged`): a partial answer never blanks a complete one.
    public func recordFacts(_ facts: DeviceFacts, mac: MACAddress?, scanId: Int64) throws(StoreError) {
        try access("record SNMP facts of \(facts.ip) in scan \(scanId)") {
            try writer.write { db in try Self.recordFacts(facts, mac: mac, scanId: scanId, in: db) }
        }
    }

    static func recordFacts(_ facts: DeviceFacts, mac: MACAddress?, scanId: Int64, in db: Database) throws {
        _ = try requireScan(scanId, in: db)
        var merged = facts
        if let json = try String.fetchOne(db, sql: "SELECT facts FROM device_facts WHERE scanId = ? AND ip = ?",
                                          arguments: [scanId, facts.ip.description]) {
            merged = try decodeFacts(json).merged(withNewer: facts)
        }
        let summary = FactSummary(merged)
        try db.execute(sql: """
            INSERT INTO device_facts (scanId, ip, mac, credential, complete, collectedAt, facts, sysName, sysDescr, sysObjectID, interfaceMACs)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(scanId, ip) DO UPDATE SET mac = coalesce(excluded.mac, mac), credential = excluded.credential,
                complete = excluded.complete, collectedAt = excluded.collectedAt, facts = excluded.facts,
                sysName = excluded.sysName, sysDescr = excluded.sysDescr, sysObjectID = excluded.sysObjectID,
                interfaceMACs = excluded.interfaceMACs
            """, arguments: [scanId, facts.ip.description, mac?.description, merged.credential, merged.isComplete,
                             merged.collectedAt, try encodeFacts(merged), summary.sysName, summary.sysDescr, summary.sysObjectID,
                             summary.interfaceMACs.map(\.description).joined(separator: " ")])
    }

    /// The SNMP facts of every device a scan interrogated, ordered by address.
    public func facts(scanId: Int64) throws(StoreError) -> [DeviceFacts] {
        try access("read the SNMP facts of scan \(scanId)") {
            try writer.read { db in
                try String.fetchAll(db, sql: "SELECT facts FROM device_facts WHERE scanId = ?", arguments: [scanId])
                    .map(Self.decodeFacts).sorted { $0.ip < $1.ip }
            }
        }
    }

    /// What device views show of each answering device of a scan, without decoding its facts.
    public func factSummaries(scanId: Int64) throws(StoreError) -> [FactSummary] {
        try access("read the SNMP summaries of scan \(scanId)") {
            try writer.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT ip, sysName, sysDescr, sysObjectID, interfaceMACs, credential, complete FROM device_facts WHERE scanId = ? ORDER BY ip
                    """, arguments: [scanId]).compactMap { row in
                    guard let ip = IPv4Address(row["ip"] as String) else { return nil }
                    return FactSummary(ip: ip, sysName: row["sysName"], sysDescr: row["sysDescr"], sysObjectID: row["sysObjectID"],
                                       interfaceMACs: (row["interfaceMACs"] as String).split(separator: " ").compactMap { MACAddress($0) },
                                       credential: row["credential"], complete: row["complete"])
                }.sorted { $0.ip < $1.ip }
            }
        }
    }

    /// The label of the credential that last worked for `ip` at this client's site.
    public func lastCredential(ip: IPv4Address, client: String, site: String?) throws(StoreError) -> String? {
        try access("look up the last credential of \(ip)") {
            try writer.read { db in
                try String.fetchOne(db, sql: """
                    SELECT f.credential FROM device_facts f JOIN scan s ON s.id = f.scanId
                    WHERE f.ip = ? AND s.client = ? AND s.site IS ? ORDER BY f.collectedAt DESC LIMIT 1
                    """, arguments: [ip.description, client, site])
            }
        }
    }

    /// Stores hosts that routers and switches reported.
    public func recordLearnt(_ hosts: [LearntHost], scanId: Int64) throws(StoreError) {
        try access("record learnt hosts of scan \(scanId)") {
            try writer.write { db in try Self.recordLearnt(hosts, scanId: scanId, in: db) }
        }
    }

    static func recordLearnt(_ hosts: [LearntHost], scanId: Int64, in db: Database) throws {
        _ = try requireScan(scanId, in: db)
        let statement = try db.cachedStatement(sql: """
            INSERT INTO learnt_host (scanId, ip, mac, source, via, ifIndex, port) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(scanId, mac, source, via) DO UPDATE SET ip = coalesce(excluded.ip, ip),
                ifIndex = coalesce(excluded.ifIndex, ifIndex), port = coalesce(excluded.port, port)
            """)
        for h in hosts {
            try statement.execute(arguments: [scanId, h.ip?.description, h.mac.description, h.source.rawValue, h.via.description, h.ifIndex, h.port])
        }
    }

    /// Hosts routers and switches reported in a scan.
    public func learntHosts(scanId: Int64) throws(StoreError) -> [LearntHost] {
        try access("read learnt hosts of scan \(scanId)") {
            try writer.read { db in
                try Row.fetchAll(db, sql: "SELECT ip, mac, source, via, ifIndex, port FROM learnt_host WHERE scanId = ? ORDER BY id",
                                 arguments: [scanId]).compactMap { row in
                    guard let mac = MACAddress(row["mac"] as String), let source = LearntHost.Source(rawValue: row["source"]),
                          let via = IPv4Address(row["via"] as String) else { return nil }
                    return LearntHost(ip: (row["ip"] as String?).flatMap { IPv4Address($0) }, mac: mac, source: source, via: via,
                                      ifIndex: row["ifIndex"], port: row["port"])
                }
            }
        }
    }

    private static func encodeFacts(_ facts: DeviceFacts) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(facts), as: UTF8.self)
    }

    static func decodeFacts(_ json: String) throws -> DeviceFacts {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(DeviceFacts.self, from: Data(json.utf8))
    }
}
