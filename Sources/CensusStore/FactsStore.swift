import CensusCore
import Foundation
import GRDB

extension CensusStore {
    /// Stores what SNMP said about a device in a scan. Recording the same device again in the
    /// same scan merges (`DeviceFacts.merged`): a partial answer never blanks a complete one.
    public func recordFacts(_ facts: DeviceFacts, mac: MACAddress?, scanId: Int64) throws(CensusStoreError) {
        try access("record SNMP facts of \(facts.ip) in scan \(scanId)") {
            try writer.write { db in
                _ = try Self.requireScan(scanId, in: db)
                var merged = facts
                if let json = try String.fetchOne(db, sql: "SELECT facts FROM device_facts WHERE scanId = ? AND ip = ?",
                                                  arguments: [scanId, facts.ip.description]) {
                    merged = try Self.decodeFacts(json).merged(withNewer: facts)
                }
                try db.execute(sql: """
                    INSERT INTO device_facts (scanId, ip, mac, credential, complete, collectedAt, facts)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(scanId, ip) DO UPDATE SET mac = coalesce(excluded.mac, mac), credential = excluded.credential,
                        complete = excluded.complete, collectedAt = excluded.collectedAt, facts = excluded.facts
                    """, arguments: [scanId, facts.ip.description, mac?.description, merged.credential, merged.isComplete,
                                     merged.collectedAt, try Self.encodeFacts(merged)])
            }
        }
    }

    /// The SNMP facts of every device a scan interrogated, ordered by address.
    public func facts(scanId: Int64) throws(CensusStoreError) -> [DeviceFacts] {
        try access("read the SNMP facts of scan \(scanId)") {
            try writer.read { db in
                try String.fetchAll(db, sql: "SELECT facts FROM device_facts WHERE scanId = ?", arguments: [scanId])
                    .map(Self.decodeFacts).sorted { $0.ip < $1.ip }
            }
        }
    }

    /// The label of the credential that last worked for `ip` (at this client's site, when given).
    public func lastCredential(ip: IPv4Address, client: String?, site: String?) throws(CensusStoreError) -> String? {
        try access("look up the last credential of \(ip)") {
            try writer.read { db in
                try String.fetchOne(db, sql: """
                    SELECT f.credential FROM device_facts f JOIN scan s ON s.id = f.scanId
                    WHERE f.ip = ? AND s.client IS ? AND s.site IS ? ORDER BY f.collectedAt DESC LIMIT 1
                    """, arguments: [ip.description, client, site])
            }
        }
    }

    /// Stores hosts that routers and switches reported.
    public func recordLearnt(_ hosts: [LearntHost], scanId: Int64) throws(CensusStoreError) {
        try access("record learnt hosts of scan \(scanId)") {
            try writer.write { db in
                _ = try Self.requireScan(scanId, in: db)
                let statement = try db.cachedStatement(sql: """
                    INSERT INTO learnt_host (scanId, ip, mac, source, via, ifIndex, port) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(scanId, mac, source, via) DO UPDATE SET ip = coalesce(excluded.ip, ip),
                        ifIndex = coalesce(excluded.ifIndex, ifIndex), port = coalesce(excluded.port, port)
                    """)
                for h in hosts {
                    try statement.execute(arguments: [scanId, h.ip?.description, h.mac.description, h.source.rawValue, h.via.description, h.ifIndex, h.port])
                }
            }
        }
    }

    /// Hosts routers and switches reported in a scan.
    public func learntHosts(scanId: Int64) throws(CensusStoreError) -> [LearntHost] {
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
