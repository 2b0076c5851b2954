import CensusCore
import Foundation
import GRDB

/// A device as stored: its identity and where it has been seen.
public struct StoredDevice: Sendable, Equatable {
    public var id: Int64
    public var client: String
    public var firstSeen: Date
    public var lastSeen: Date
    /// Why the device exists as one record (the first key it was known by).
    public var reason: String
    /// A person's merge or split that shaped it, if any.
    public var decision: String?
    public var keys: [String]
}

/// One sighting of a device in one scan.
public struct DeviceSightingRecord: Sendable, Equatable {
    public var deviceId: Int64
    public var scanId: Int64
    public var site: String?
    public var ip: IPv4Address
    public var mac: MACAddress?
    public var score: Int
    public var reason: String
    public var seenAt: Date
}

extension CensusStore {
    /// Every device of a client with the keys that lead to it.
    public func devices(client: String) throws(CensusStoreError) -> [StoredDevice] {
        try access("read the devices of \(client)") {
            try writer.read { db in
                let keys = Dictionary(grouping: try Row.fetchAll(db, sql: "SELECT deviceId, key FROM device_key WHERE client = ? ORDER BY key", arguments: [client]),
                                      by: { $0["deviceId"] as Int64 })
                return try Row.fetchAll(db, sql: "SELECT * FROM device WHERE client = ? ORDER BY id", arguments: [client]).map { row in
                    let id: Int64 = row["id"]
                    return StoredDevice(id: id, client: row["client"], firstSeen: row["firstSeen"], lastSeen: row["lastSeen"],
                                        reason: row["reason"], decision: row["decision"], keys: (keys[id] ?? []).map { $0["key"] })
                }
            }
        }
    }

    /// The sightings of a client's devices, oldest first (optionally of some scans only).
    public func sightings(client: String, scans: [Int64]? = nil) throws(CensusStoreError) -> [DeviceSightingRecord] {
        try access("read the device sightings of \(client)") {
            try writer.read { db in
                var sql = "SELECT s.* FROM device_sighting s JOIN device d ON d.id = s.deviceId WHERE d.client = ?"
                var arguments: [any DatabaseValueConvertible] = [client]
                if let scans {
                    sql += " AND s.scanId IN (\(scans.map { _ in "?" }.joined(separator: ",")))"
                    arguments += scans.map { $0 as any DatabaseValueConvertible }
                }
                return try Row.fetchAll(db, sql: sql + " ORDER BY s.seenAt, s.id", arguments: StatementArguments(arguments)).compactMap { row in
                    guard let ip = IPv4Address(row["ip"] as String) else { return nil }
                    return DeviceSightingRecord(deviceId: row["deviceId"], scanId: row["scanId"], site: row["site"], ip: ip,
                                                mac: (row["mac"] as String?).flatMap { MACAddress($0) }, score: row["score"],
                                                reason: row["reason"], seenAt: row["seenAt"])
                }
            }
        }
    }

    /// A sighting to store: `device` is an existing id, or nil for a new device (same `newGroup`
    /// number = same new device).
    public struct SightingToStore: Sendable {
        public var device: Int64?
        public var newGroup: Int?
        public var scanId: Int64
        public var site: String?
        public var ip: IPv4Address
        public var mac: MACAddress?
        public var score: Int
        public var reason: String
        public var seenAt: Date
        public var keys: [String]
        public init(device: Int64?, newGroup: Int?, scanId: Int64, site: String?, ip: IPv4Address, mac: MACAddress?,
                    score: Int, reason: String, seenAt: Date, keys: [String]) {
            self.device = device
            self.newGroup = newGroup
            self.scanId = scanId
            self.site = site
            self.ip = ip
            self.mac = mac
            self.score = score
            self.reason = reason
            self.seenAt = seenAt
            self.keys = keys
        }
    }

    /// Stores the resolved sightings of a client in one transaction: creates new devices, gives
    /// each device the keys it was seen with (a key never changes owner), records the sightings.
    /// Storing the same scan again replaces its sightings (an import twice adds nothing).
    @discardableResult
    public func recordSightings(_ list: [SightingToStore], client: String) throws(CensusStoreError) -> [Int64] {
        try access("record the devices of \(client)") {
            try writer.write { db in
                var created: [Int: Int64] = [:]
                var ids: [Int64] = []
                let touch = try db.cachedStatement(sql: "UPDATE device SET firstSeen = min(firstSeen, ?), lastSeen = max(lastSeen, ?) WHERE id = ?")
                let addKey = try db.cachedStatement(sql: "INSERT OR IGNORE INTO device_key (client, key, deviceId) VALUES (?, ?, ?)")
                let addSighting = try db.cachedStatement(sql: """
                    INSERT INTO device_sighting (deviceId, scanId, site, ip, mac, score, reason, seenAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(scanId, ip, mac) DO UPDATE SET deviceId = excluded.deviceId, score = excluded.score,
                        reason = excluded.reason, seenAt = excluded.seenAt, site = excluded.site
                    """)
                for item in list {
                    let id: Int64
                    if let device = item.device {
                        id = device
                        try touch.execute(arguments: [item.seenAt, item.seenAt, id])
                    } else if let group = item.newGroup, let existing = created[group] {
                        id = existing
                    } else {
                        try db.execute(sql: "INSERT INTO device (client, firstSeen, lastSeen, reason) VALUES (?, ?, ?, ?)",
                                       arguments: [client, item.seenAt, item.seenAt, item.reason])
                        id = db.lastInsertedRowID
                        if let group = item.newGroup { created[group] = id }
                    }
                    ids.append(id)
                    for key in item.keys { try addKey.execute(arguments: [client, key, id]) }
                    try addSighting.execute(arguments: [id, item.scanId, item.site, item.ip.description, item.mac?.description,
                                                        item.score, item.reason, item.seenAt])
                }
                return ids
            }
        }
    }

    /// A person says `other` is the same device as `device`: its keys and sightings move over
    /// (so later scans find the one device) and the decision is written on it.
    public func mergeDevices(client: String, into device: Int64, from other: Int64, at date: Date = Date()) throws(CensusStoreError) {
        try access("merge devices \(other) into \(device)") {
            try writer.write { db in
                for id in [device, other] {
                    guard try Int64.fetchOne(db, sql: "SELECT id FROM device WHERE id = ? AND client = ?", arguments: [id, client]) != nil else {
                        throw CensusStoreError.failed(operation: "merge", message: "\(client) has no device \(id)")
                    }
                }
                try db.execute(sql: "UPDATE device_key SET deviceId = ? WHERE deviceId = ?", arguments: [device, other])
                try db.execute(sql: "UPDATE device_sighting SET deviceId = ? WHERE deviceId = ?", arguments: [device, other])
                try db.execute(sql: """
                    UPDATE device SET firstSeen = min(firstSeen, (SELECT firstSeen FROM device WHERE id = ?)),
                        lastSeen = max(lastSeen, (SELECT lastSeen FROM device WHERE id = ?)),
                        decision = coalesce(decision || '; ', '') || ? WHERE id = ?
                    """, arguments: [other, other, "merged by hand with device \(other) on \(Self.day(date))", device])
                try db.execute(sql: "DELETE FROM device WHERE id = ?", arguments: [other])
            }
        }
    }

    /// A person says some of a device's keys (e.g. a MAC) belong to another device: they move to
    /// a new device with the sightings made through them; later scans keep them apart.
    public func splitDevice(client: String, device: Int64, keys: [String], at date: Date = Date()) throws(CensusStoreError) -> Int64 {
        try access("split device \(device)") {
            try writer.write { db in
                let owned = Set(try String.fetchAll(db, sql: "SELECT key FROM device_key WHERE client = ? AND deviceId = ?", arguments: [client, device]))
                guard !keys.isEmpty, Set(keys).isSubset(of: owned) else {
                    throw CensusStoreError.failed(operation: "split", message: "device \(device) of \(client) does not hold \(Set(keys).subtracting(owned).sorted().joined(separator: ", "))")
                }
                guard Set(keys) != owned else { throw CensusStoreError.failed(operation: "split", message: "that would move every key: nothing left to split from") }
                let now = date
                try db.execute(sql: "INSERT INTO device (client, firstSeen, lastSeen, reason, decision) VALUES (?, ?, ?, ?, ?)",
                               arguments: [client, now, now, "split by hand", "split by hand from device \(device) on \(Self.day(date)): \(keys.joined(separator: ", "))"])
                let new = db.lastInsertedRowID
                for key in keys {
                    try db.execute(sql: "UPDATE device_key SET deviceId = ? WHERE client = ? AND key = ?", arguments: [new, client, key])
                    if key.hasPrefix("mac:") {
                        try db.execute(sql: "UPDATE device_sighting SET deviceId = ? WHERE deviceId = ? AND mac = ?",
                                       arguments: [new, device, String(key.dropFirst(4))])
                    }
                }
                try db.execute(sql: """
                    UPDATE device SET firstSeen = coalesce((SELECT min(seenAt) FROM device_sighting WHERE deviceId = ?), firstSeen),
                        lastSeen = coalesce((SELECT max(seenAt) FROM device_sighting WHERE deviceId = ?), lastSeen) WHERE id = ?
                    """, arguments: [new, new, new])
                try db.execute(sql: "UPDATE device SET decision = coalesce(decision || '; ', '') || ? WHERE id = ?",
                               arguments: ["device \(new) split off by hand on \(Self.day(date))", device])
                return new
            }
        }
    }

    static func day(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withFullDate]
        return f.string(from: date)
    }
}
