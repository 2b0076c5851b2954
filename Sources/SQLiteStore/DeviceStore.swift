import CensusCore
import DeviceModel
import Foundation
import GRDB

extension SQLiteStore {
    /// Every device of a client with the keys that lead to it.
    public func devices(client: String) throws(StoreError) -> [StoredDevice] {
        try access("read the devices of \(client)") { try writer.read { db in try Self.devices(client: client, in: db) } }
    }

    /// One page of a client's devices, by id: at most `limit` of those whose id is above `after`.
    public func devices(client: String, after: Int64?, limit: Int) throws(StoreError) -> [StoredDevice] {
        try access("read the devices of \(client)") {
            try writer.read { db in try Self.devices(client: client, in: db, page: (after ?? Int64.min, max(limit, 0))) }
        }
    }

    static func devices(client: String, in db: Database, page: (after: Int64, limit: Int)? = nil) throws -> [StoredDevice] {
        // LIMIT -1 is SQLite's "no limit".
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM device WHERE client = ? AND id > ? ORDER BY id LIMIT ?",
                                    arguments: [client, page?.after ?? Int64.min, page?.limit ?? -1])
        guard let firstRow = rows.first, let lastRow = rows.last else { return [] }
        let (first, last): (Int64, Int64) = (firstRow["id"], lastRow["id"])
        let keys = Dictionary(grouping: try Row.fetchAll(db, sql: "SELECT deviceId, key FROM device_key WHERE client = ? AND deviceId BETWEEN ? AND ? ORDER BY key",
                                                         arguments: [client, first, last]),
                              by: { $0["deviceId"] as Int64 })
        return rows.map { row in
            let id: Int64 = row["id"]
            return StoredDevice(id: id, client: row["client"], firstSeen: row["firstSeen"], lastSeen: row["lastSeen"],
                                reason: row["reason"], decision: row["decision"], keys: (keys[id] ?? []).map { $0["key"] })
        }
    }

    /// The sightings of a client's devices, oldest first (optionally of some scans only).
    public func sightings(client: String, scans: [Int64]? = nil) throws(StoreError) -> [DeviceSighting] {
        var sql = "SELECT s.* FROM device_sighting s JOIN device d ON d.id = s.deviceId WHERE d.client = ?"
        var arguments: [any DatabaseValueConvertible] = [client]
        if let scans {
            sql += " AND s.scanId IN (\(scans.map { _ in "?" }.joined(separator: ",")))"
            arguments += scans.map { $0 as any DatabaseValueConvertible }
        }
        return try sightings(client: client, sql: sql, arguments: arguments)
    }

    /// The sightings of those of a client's devices whose id lies in `ids`, oldest first.
    public func sightings(client: String, devices ids: ClosedRange<Int64>) throws(StoreError) -> [DeviceSighting] {
        try sightings(client: client, sql: "SELECT s.* FROM device_sighting s JOIN device d ON d.id = s.deviceId WHERE d.client = ? AND s.deviceId BETWEEN ? AND ?",
                      arguments: [client, ids.lowerBound, ids.upperBound])
    }

    private func sightings(client: String, sql: String, arguments: [any DatabaseValueConvertible]) throws(StoreError) -> [DeviceSighting] {
        try access("read the device sightings of \(client)") {
            try writer.read { db in
                try Row.fetchAll(db, sql: sql + " ORDER BY s.seenAt, s.id", arguments: StatementArguments(arguments)).compactMap { row in
                    guard let ip = IPv4Address(row["ip"] as String) else { return nil }
                    return DeviceSighting(deviceId: row["deviceId"], scanId: row["scanId"], site: row["site"], ip: ip,
                                          mac: (row["mac"] as String?).flatMap { MACAddress($0) }, score: row["score"],
                                          reason: row["reason"], seenAt: row["seenAt"])
                }
            }
        }
    }

    /// Files a scan's sightings in one transaction, resolved against the client's devices as
    /// they are inside it (two scans of one client filed at once cannot both create a device).
    @discardableResult
    public func fileSightings(client: String, resolve: @escaping SightingResolver) throws(StoreError) -> [Int64] {
        try access("record the devices of \(client)") {
            try writer.write { db in try Self.file(try resolve(try Self.devices(client: client, in: db)), client: client, in: db) }
        }
    }

    /// Creates new devices, gives each device the keys it was seen with (a key never changes
    /// owner), records the sightings (again for the same scan: replaced).
    static func file(_ list: [SightingToStore], client: String, in db: Database) throws -> [Int64] {
        var created: [Int: Int64] = [:]
        var ids: [Int64] = []
        let touch = try db.cachedStatement(sql: "UPDATE device SET firstSeen = min(firstSeen, ?), lastSeen = max(lastSeen, ?) WHERE id = ? AND client = ?")
        let addKey = try db.cachedStatement(sql: "INSERT OR IGNORE INTO device_key (client, key, deviceId) VALUES (?, ?, ?)")
        // A sighting again for the same scan, address and MAC (none, too) replaces the earlier one.
        let dropSighting = try db.cachedStatement(sql: "DELETE FROM device_sighting WHERE scanId = ? AND ip = ? AND mac IS ?")
        // A scan filed for the first time has nothing to replace (the usual case: one lookup, not one per sighting).
        var refiled: [Int64: Bool] = [:]
        func isRefiled(_ scanId: Int64) throws -> Bool {
            if let known = refiled[scanId] { return known }
            let found = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM device_sighting WHERE scanId = ?)", arguments: [scanId]) ?? true
            refiled[scanId] = found
            return found
        }
        let addDevice = try db.cachedStatement(sql: "INSERT INTO device (client, firstSeen, lastSeen, reason, decision) VALUES (?, ?, ?, ?, ?)")
        let addSighting = try db.cachedStatement(sql: """
            INSERT INTO device_sighting (deviceId, scanId, site, ip, mac, score, reason, seenAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for item in list {
            let id: Int64
            if let device = item.device {
                id = device
                try touch.execute(arguments: [item.seenAt, item.seenAt, id, client])
                guard db.changesCount == 1 else { throw StoreError.noSuchDevice(device, client: client) }
            } else if let group = item.newGroup, let existing = created[group] {
                id = existing
            } else {
                try addDevice.execute(arguments: [client, item.seenAt, item.seenAt, item.reason, item.decision])
                id = db.lastInsertedRowID
                if let group = item.newGroup { created[group] = id }
            }
            ids.append(id)
            for key in item.keys { try addKey.execute(arguments: [client, key, id]) }
            if try isRefiled(item.scanId) { try dropSighting.execute(arguments: [item.scanId, item.ip.description, item.mac?.description]) }
            try addSighting.execute(arguments: [id, item.scanId, item.site, item.ip.description, item.mac?.description,
                                                item.score, item.reason, item.seenAt])
        }
        return ids
    }

    /// A person says `other` is the same device as `device`: its keys and sightings move over
    /// (so later scans find the one device) and the decision is written on it.
    public func mergeDevices(client: String, into device: Int64, from other: Int64, at date: Date = Date()) throws(StoreError) {
        try access("merge devices \(other) into \(device)") {
            guard device != other else { throw StoreError.refused(operation: "merge device \(device)", reason: "a device cannot be merged into itself") }
            try writer.write { db in
                for id in [device, other] {
                    guard try Int64.fetchOne(db, sql: "SELECT id FROM device WHERE id = ? AND client = ?", arguments: [id, client]) != nil else {
                        throw StoreError.noSuchDevice(id, client: client)
                    }
                }
                let old = try String.fetchOne(db, sql: "SELECT decision FROM device WHERE id = ?", arguments: [device])
                try db.execute(sql: "UPDATE device_key SET deviceId = ? WHERE deviceId = ?", arguments: [device, other])
                try db.execute(sql: "UPDATE device_sighting SET deviceId = ? WHERE deviceId = ?", arguments: [device, other])
                try db.execute(sql: """
                    UPDATE device SET firstSeen = min(firstSeen, (SELECT firstSeen FROM device WHERE id = ?)),
                        lastSeen = max(lastSeen, (SELECT lastSeen FROM device WHERE id = ?)), decision = ? WHERE id = ?
                    """, arguments: [other, other, DeviceDecisionText.appending("merged by hand with device \(other) on \(CalendarDate(date))", to: old), device])
                try db.execute(sql: "DELETE FROM device WHERE id = ?", arguments: [other])
            }
        }
    }

    /// A person says some of a device's keys (e.g. a MAC) belong to another device: they move to
    /// a new device with the sightings made through them; later scans keep them apart.
    public func splitDevice(client: String, device: Int64, keys: [String], at date: Date = Date()) throws(StoreError) -> Int64 {
        try access("split device \(device)") {
            try writer.write { db in
                guard try Int64.fetchOne(db, sql: "SELECT id FROM device WHERE id = ? AND client = ?", arguments: [device, client]) != nil else {
                    throw StoreError.noSuchDevice(device, client: client)
                }
                let owned = Set(try String.fetchAll(db, sql: "SELECT key FROM device_key WHERE client = ? AND deviceId = ?", arguments: [client, device]))
                guard !keys.isEmpty, Set(keys).isSubset(of: owned) else {
                    throw StoreError.refused(operation: "split device \(device)", reason: "device \(device) of \(client) does not hold \(Set(keys).subtracting(owned).sorted().joined(separator: ", "))")
                }
                guard Set(keys) != owned else { throw StoreError.refused(operation: "split device \(device)", reason: "that would move every key: nothing left to split from") }
                try db.execute(sql: "INSERT INTO device (client, firstSeen, lastSeen, reason, decision) VALUES (?, ?, ?, ?, ?)",
                               arguments: [client, date, date, "split by hand", "split by hand from device \(device) on \(CalendarDate(date)): \(keys.joined(separator: ", "))"])
                let new = db.lastInsertedRowID
                for key in keys {
                    try db.execute(sql: "UPDATE device_key SET deviceId = ? WHERE client = ? AND key = ?", arguments: [new, client, key])
                    if key.hasPrefix("mac:") {
                        try db.execute(sql: "UPDATE device_sighting SET deviceId = ? WHERE deviceId = ? AND mac = ?",
                                       arguments: [new, device, String(key.dropFirst(4))])
                    }
                }
                guard try Int.fetchOne(db, sql: "SELECT count(*) FROM device_sighting WHERE deviceId = ?", arguments: [new]) ?? 0 > 0 else {
                    throw StoreError.refused(operation: "split device \(device)", reason: "none of device \(device)'s sightings came through \(keys.joined(separator: ", ")): the new device would have nothing to show (split off the MAC it was seen with)")
                }
                try db.execute(sql: """
                    UPDATE device SET firstSeen = coalesce((SELECT min(seenAt) FROM device_sighting WHERE deviceId = ?), firstSeen),
                        lastSeen = coalesce((SELECT max(seenAt) FROM device_sighting WHERE deviceId = ?), lastSeen) WHERE id = ?
                    """, arguments: [new, new, new])
                let old = try String.fetchOne(db, sql: "SELECT decision FROM device WHERE id = ?", arguments: [device])
                try db.execute(sql: "UPDATE device SET decision = ? WHERE id = ?",
                               arguments: [DeviceDecisionText.appending("device \(new) split off by hand on \(CalendarDate(date))", to: old), device])
                return new
            }
        }
    }

    /// Files a bundle as a scan of its own, with its devices, in one transaction. A bundle whose
    /// scan UUID is stored already adds nothing: that scan's id comes back, `isNew` false.
    public func importBundle(_ bundle: ScanBundle, resolve: @escaping @Sendable (Int64) -> SightingResolver) throws(StoreError) -> (scanId: Int64, isNew: Bool) {
        if let key = bundle.scan.credentialLikeOptionKey { throw .secretInOptions(key: key) }
        return try access("import the bundle of scan \(bundle.scan.uuid)") {
            try writer.write { db in
                if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM scan WHERE uuid = ?", arguments: [bundle.scan.uuid.uuidString.lowercased()]) {
                    return (existing, false)
                }
                let id = try Self.insertScan(bundle.scan, in: db)
                try Self.record(bundle.observations, conflicts: bundle.conflicts, scanId: id, in: db)
                let macs = Dictionary(bundle.observations.map { ($0.ip, $0.mac) }, uniquingKeysWith: { a, _ in a })
                for facts in bundle.facts { try Self.recordFacts(facts, mac: macs[facts.ip], scanId: id, in: db) }
                try Self.recordLearnt(bundle.learnt, scanId: id, in: db)
                try Self.recordIdentifications(bundle.identificationsByIP.map { ($0.key, $0.value) }, scanId: id, at: bundle.exportedAt, in: db)
                _ = try Self.file(try resolve(id)(try Self.devices(client: bundle.scan.client, in: db)), client: bundle.scan.client, in: db)
                try Self.finishScan(id, status: bundle.scan.status == .running ? .partial : bundle.scan.status,
                                    at: bundle.scan.finishedAt ?? bundle.exportedAt, failure: bundle.scan.failure, in: db)
                return (id, true)
            }
        }
    }
}
