import CensusCore
import DeviceModel
import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    public func devices(client: String) async throws -> [StoredDevice] {
        try await read("read the devices of \(client)") { connection in try await Self.devices(client: client, on: connection, logger: logger) }
    }

    static func devices(client: String, on connection: PostgresConnection, logger: Logger) async throws -> [StoredDevice] {
        var keys: [Int64: [String]] = [:]
        for row in try await connection.all("SELECT device_id, key FROM device_key WHERE client = \(client) ORDER BY key", logger: logger) {
            let (id, key) = try row.decode((Int64, String).self)
            keys[id, default: []].append(key)
        }
        return try await connection.all("""
            SELECT id, client, first_seen, last_seen, reason, decision FROM device WHERE client = \(client) ORDER BY id
            """, logger: logger).map { row in
            let (id, owner, first, last, reason, decision) = try row.decode((Int64, String, Date, Date, String, String?).self)
            return StoredDevice(id: id, client: owner, firstSeen: first, lastSeen: last, reason: reason, decision: decision, keys: keys[id] ?? [])
        }
    }

    public func sightings(client: String, scans: [Int64]?) async throws -> [DeviceSighting] {
        try await read("read the device sightings of \(client)") { connection in
            try await connection.all("""
                SELECT device_id, scan_id, site, ip, mac, score, reason, seen_at FROM device_sighting
                WHERE client = \(client) AND (\(scans == nil) OR scan_id = ANY(\(scans ?? [])::bigint[]))
                ORDER BY seen_at, id
                """, logger: logger).compactMap { row in
                let (device, scan, site, ip, mac, score, reason, seenAt) =
                    try row.decode((Int64, Int64, String?, String, String?, Int, String, Date).self)
                guard let address = IPv4Address(ip) else { return nil }
                return DeviceSighting(deviceId: device, scanId: scan, site: site, ip: address, mac: mac.flatMap { MACAddress($0) },
                                      score: score, reason: reason, seenAt: seenAt)
            }
        }
    }

    @discardableResult
    public func fileSightings(client: String, resolve: SightingResolver) async throws -> [Int64] {
        try await transaction("record the devices of \(client)") { connection in
            try await Self.lockClient(client, on: connection, logger: logger)
            let known = try await Self.devices(client: client, on: connection, logger: logger)
            return try await Self.file(try resolve(known), client: client, on: connection, logger: logger)
        }
    }

    /// Creates new devices, gives each device the keys it was seen with (a key never changes
    /// owner), records the sightings (again for the same scan, address and MAC: replaced).
    static func file(_ list: [SightingToStore], client: String, on connection: PostgresConnection, logger: Logger) async throws -> [Int64] {
        var created: [Int: Int64] = [:]
        var ids: [Int64] = []
        for item in list {
            let id: Int64
            if let device = item.device {
                let rows = try await connection.all("""
                    UPDATE device SET first_seen = least(first_seen, \(item.seenAt)), last_seen = greatest(last_seen, \(item.seenAt))
                    WHERE id = \(device) AND client = \(client) RETURNING id
                    """, logger: logger)
                guard !rows.isEmpty else { throw StoreError.noSuchDevice(device, client: client) }
                id = device
            } else if let group = item.newGroup, let existing = created[group] {
                id = existing
            } else {
                id = try await connection.all("""
                    INSERT INTO device (client, first_seen, last_seen, reason, decision)
                    VALUES (\(client), \(item.seenAt), \(item.seenAt), \(item.reason), \(item.decision)) RETURNING id
                    """, logger: logger)[0].decode(Int64.self)
                if let group = item.newGroup { created[group] = id }
            }
            ids.append(id)
            if !item.keys.isEmpty {
                try await connection.run("""
                    INSERT INTO device_key (client, key, device_id)
                    SELECT \(client), k.key, \(id) FROM unnest(\(item.keys)::text[]) WITH ORDINALITY AS k(key, n) ORDER BY k.n
                    ON CONFLICT (client, key) DO NOTHING
                    """, logger: logger)
            }
            // The scan must be this client's: the foreign key (scan_id, client) refuses any other.
            try await connection.run("""
                DELETE FROM device_sighting WHERE client = \(client) AND scan_id = \(item.scanId) AND ip = \(item.ip.description)
                    AND mac IS NOT DISTINCT FROM \(item.mac?.description)::text
                """, logger: logger)
            try await connection.run("""
                INSERT INTO device_sighting (client, device_id, scan_id, site, ip, mac, score, reason, seen_at)
                VALUES (\(client), \(id), \(item.scanId), \(item.site), \(item.ip.description), \(item.mac?.description), \(item.score),
                        \(item.reason), \(item.seenAt))
                """, logger: logger)
        }
        return ids
    }

    static func requireDevice(_ id: Int64, client: String, on connection: PostgresConnection, logger: Logger) async throws -> String? {
        guard let row = try await connection.all("SELECT decision FROM device WHERE id = \(id) AND client = \(client) FOR UPDATE",
                                                 logger: logger).first else {
            throw StoreError.noSuchDevice(id, client: client)
        }
        return try row.decode(String?.self)
    }

    public func mergeDevices(client: String, into device: Int64, from other: Int64, at date: Date) async throws {
        try await transaction("merge devices \(other) into \(device)") { connection in
            try await Self.lockClient(client, on: connection, logger: logger)
            let old = try await Self.requireDevice(device, client: client, on: connection, logger: logger)
            _ = try await Self.requireDevice(other, client: client, on: connection, logger: logger)
            guard device != other else { return }
            try await connection.run("UPDATE device_key SET device_id = \(device) WHERE device_id = \(other) AND client = \(client)", logger: logger)
            try await connection.run("UPDATE device_sighting SET device_id = \(device) WHERE device_id = \(other) AND client = \(client)", logger: logger)
            let decision = DeviceDecisionText.appending("merged by hand with device \(other) on \(CalendarDate(date))", to: old)
            try await connection.run("""
                UPDATE device d SET first_seen = least(d.first_seen, o.first_seen), last_seen = greatest(d.last_seen, o.last_seen),
                    decision = \(decision)
                FROM device o WHERE d.id = \(device) AND o.id = \(other) AND d.client = \(client) AND o.client = \(client)
                """, logger: logger)
            try await connection.run("DELETE FROM device WHERE id = \(other) AND client = \(client)", logger: logger)
        }
    }

    public func splitDevice(client: String, device: Int64, keys: [String], at date: Date) async throws -> Int64 {
        try await transaction("split device \(device)") { connection in
            try await Self.lockClient(client, on: connection, logger: logger)
            let old = try await Self.requireDevice(device, client: client, on: connection, logger: logger)
            let owned = Set(try await connection.all("SELECT key FROM device_key WHERE client = \(client) AND device_id = \(device)", logger: logger)
                .map { try $0.decode(String.self) })
            guard !keys.isEmpty, Set(keys).isSubset(of: owned) else {
                throw StoreError.failed(operation: "split", message: "device \(device) of \(client) does not hold \(Set(keys).subtracting(owned).sorted().joined(separator: ", "))")
            }
            guard Set(keys) != owned else { throw StoreError.failed(operation: "split", message: "that would move every key: nothing left to split from") }
            let decision = "split by hand from device \(device) on \(CalendarDate(date)): \(keys.joined(separator: ", "))"
            let new = try await connection.all("""
                INSERT INTO device (client, first_seen, last_seen, reason, decision) VALUES (\(client), \(date), \(date), 'split by hand', \(decision))
                RETURNING id
                """, logger: logger)[0].decode(Int64.self)
            for key in keys {
                try await connection.run("UPDATE device_key SET device_id = \(new) WHERE client = \(client) AND key = \(key)", logger: logger)
                if key.hasPrefix("mac:") {
                    try await connection.run("""
                        UPDATE device_sighting SET device_id = \(new) WHERE client = \(client) AND device_id = \(device) AND mac = \(String(key.dropFirst(4)))
                        """, logger: logger)
                }
            }
            try await connection.run("""
                UPDATE device SET first_seen = coalesce((SELECT min(seen_at) FROM device_sighting WHERE device_id = \(new)), first_seen),
                    last_seen = coalesce((SELECT max(seen_at) FROM device_sighting WHERE device_id = \(new)), last_seen)
                WHERE id = \(new) AND client = \(client)
                """, logger: logger)
            let note = DeviceDecisionText.appending("device \(new) split off by hand on \(CalendarDate(date))", to: old)
            try await connection.run("UPDATE device SET decision = \(note) WHERE id = \(device) AND client = \(client)", logger: logger)
            return new
        }
    }

    // MARK: Bundles

    public func importBundle(_ bundle: ScanBundle, resolve: @escaping @Sendable (Int64) -> SightingResolver) async throws -> (scanId: Int64, isNew: Bool) {
        if let key = bundle.scan.credentialLikeOptionKey { throw StoreError.secretInOptions(key: key) }
        let client = bundle.scan.client
        let result: ImportResult = try await transaction("import the bundle of scan \(bundle.scan.uuid)") { connection in
            try await Self.lockClient(client, on: connection, logger: logger)
            if let row = try await connection.all("SELECT id, client FROM scan WHERE uuid = \(bundle.scan.uuid)", logger: logger).first {
                let (id, owner) = try row.decode((Int64, String).self)
                // A UUID is one scan of one client: another client's bundle cannot claim (or learn of) it.
                guard owner == client else { throw ImportRefusal.uuidOfAnotherClient }
                return ImportResult(scanId: id, isNew: false)
            }
            let id = try await Self.insertScan(bundle.scan, on: connection, logger: logger)
            try await Self.record(bundle.observations, conflicts: bundle.conflicts, scanId: id, on: connection, logger: logger)
            let macs = Dictionary(bundle.observations.map { ($0.ip, $0.mac) }, uniquingKeysWith: { a, _ in a })
            for facts in bundle.facts { try await Self.recordFacts(facts, mac: macs[facts.ip], scanId: id, on: connection, logger: logger) }
            try await Self.recordLearnt(bundle.learnt, scanId: id, on: connection, logger: logger)
            try await Self.recordIdentifications(bundle.identificationsByIP.map { IPIdentification(ip: $0.key, identification: $0.value) },
                                                 scanId: id, at: bundle.exportedAt, on: connection, logger: logger)
            let known = try await Self.devices(client: client, on: connection, logger: logger)
            _ = try await Self.file(try resolve(id)(known), client: client, on: connection, logger: logger)
            try await Self.finishScan(id, status: bundle.scan.status == .running ? .partial : bundle.scan.status,
                                      at: bundle.scan.finishedAt ?? bundle.exportedAt, failure: bundle.scan.failure, on: connection, logger: logger)
            return ImportResult(scanId: id, isNew: true)
        }
        return (result.scanId, result.isNew)
    }

    struct ImportResult: Sendable {
        var scanId: Int64
        var isNew: Bool
    }
}

/// Why the store refused a bundle although it is well formed.
public enum ImportRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// Its scan UUID is already a scan of another client.
    case uuidOfAnotherClient

    public var description: String {
        switch self {
        case .uuidOfAnotherClient: return "the bundle's scan UUID is already in use"
        }
    }
}
