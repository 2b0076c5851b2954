import CensusCore
import DeviceModel
import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    public func devices(client: String) async throws -> [StoredDevice] {
        try await read("read the devices of \(client)") { [self] connection in try await Self.devices(client: client, on: connection, logger: logger) }
    }

    public func devices(client: String, after: Int64?, limit: Int) async throws -> [StoredDevice] {
        try await read("read the devices of \(client)") { [self] connection in
            try await Self.devices(client: client, on: connection, logger: logger, page: (after ?? Int64.min, max(limit, 0)))
        }
    }

    static func devices(client: String, on connection: PostgresConnection, logger: Logger,
                        page: (after: Int64, limit: Int)? = nil) async throws -> [StoredDevice] {
        let rows = try await connection.all("""
            SELECT id, client, first_seen, last_seen, reason, decision FROM device
            WHERE client = \(client) AND id > \(page?.after ?? Int64.min) ORDER BY id LIMIT \(page.map { Int64($0.limit) })
            """, logger: logger).map { try $0.decode((Int64, String, Date, Date, String, String?).self) }
        guard let first = rows.first?.0, let last = rows.last?.0 else { return [] }
        var keys: [Int64: [String]] = [:]
        for row in try await connection.all("""
            SELECT device_id, key FROM device_key WHERE client = \(client) AND device_id BETWEEN \(first) AND \(last) ORDER BY key
            """, logger: logger) {
            let (id, key) = try row.decode((Int64, String).self)
            keys[id, default: []].append(key)
        }
        return rows.map { id, owner, firstSeen, lastSeen, reason, decision in
            StoredDevice(id: id, client: owner, firstSeen: firstSeen, lastSeen: lastSeen, reason: reason, decision: decision, keys: keys[id] ?? [])
        }
    }

    public func sightings(client: String, scans: [Int64]?) async throws -> [DeviceSighting] {
        try await read("read the device sightings of \(client)") { [self] connection in
            try Self.sightings(try await connection.all("""
                SELECT device_id, scan_id, site, ip, mac, score, reason, seen_at FROM device_sighting
                WHERE client = \(client) AND (\(scans == nil) OR scan_id = ANY(\(scans ?? [])::bigint[]))
                ORDER BY seen_at, id
                """, logger: logger))
        }
    }

    public func sightings(client: String, devices ids: ClosedRange<Int64>) async throws -> [DeviceSighting] {
        try await read("read the device sightings of \(client)") { [self] connection in
            try Self.sightings(try await connection.all("""
                SELECT device_id, scan_id, site, ip, mac, score, reason, seen_at FROM device_sighting
                WHERE client = \(client) AND device_id BETWEEN \(ids.lowerBound) AND \(ids.upperBound)
                ORDER BY seen_at, id
                """, logger: logger))
        }
    }

    private static func sightings(_ rows: [PostgresRow]) throws -> [DeviceSighting] {
        try rows.compactMap { row in
            let (device, scan, site, ip, mac, score, reason, seenAt) =
                try row.decode((Int64, Int64, String?, String, String?, Int, String, Date).self)
            guard let address = IPv4Address(ip) else { return nil }
            return DeviceSighting(deviceId: device, scanId: scan, site: site, ip: address, mac: mac.flatMap { MACAddress($0) },
                                  score: score, reason: reason, seenAt: seenAt)
        }
    }

    @discardableResult
    public func fileSightings(client: String, resolve: @escaping SightingResolver) async throws -> [Int64] {
        try await transaction("record the devices of \(client)") { [self] connection in
            try await Self.lockClient(client, on: connection, logger: logger)
            let known = try await Self.devices(client: client, on: connection, logger: logger)
            return try await Self.file(try resolve(known), client: client, on: connection, logger: logger)
        }
    }

    /// Creates new devices, gives each device the keys it was seen with (a key never changes
    /// owner: the first sighting offering it wins), records the sightings (again for the same
    /// scan, address and MAC: replaced). A handful of statements whatever the list's length.
    static func file(_ list: [SightingToStore], client: String, on connection: PostgresConnection, logger: Logger) async throws -> [Int64] {
        guard !list.isEmpty else { return [] }
        // Existing devices: widen first/last seen, each once; any id not of this client fails it all.
        var window: [Int64: (Date, Date)] = [:]
        var order: [Int64] = []
        for item in list {
            guard let device = item.device else { continue }
            if let (first, last) = window[device] {
                window[device] = (min(first, item.seenAt), max(last, item.seenAt))
            } else {
                window[device] = (item.seenAt, item.seenAt)
                order.append(device)
            }
        }
        if !order.isEmpty {
            let touched = Set(try await connection.all("""
                UPDATE device d SET first_seen = least(d.first_seen, u.fs), last_seen = greatest(d.last_seen, u.ls)
                FROM unnest(\(order)::bigint[], \(order.map { window[$0]!.0 })::timestamptz[], \(order.map { window[$0]!.1 })::timestamptz[])
                     AS u(id, fs, ls)
                WHERE d.id = u.id AND d.client = \(client) RETURNING d.id
                """, logger: logger).map { try $0.decode(Int64.self) })
            if let missing = order.first(where: { !touched.contains($0) }) { throw StoreError.noSuchDevice(missing, client: client) }
        }
        // New devices: ids drawn from the sequence first, so each sighting knows its device.
        var newRows: [(slot: Int, item: SightingToStore)] = []
        var slotOfGroup: [Int: Int] = [:]
        var slotOfItem: [Int] = Array(repeating: -1, count: list.count)
        for (index, item) in list.enumerated() where item.device == nil {
            if let group = item.newGroup, let slot = slotOfGroup[group] {
                slotOfItem[index] = slot
                continue
            }
            let slot = newRows.count
            newRows.append((slot, item))
            if let group = item.newGroup { slotOfGroup[group] = slot }
            slotOfItem[index] = slot
        }
        var newIds: [Int64] = []
        if !newRows.isEmpty {
            newIds = try await connection.all("""
                SELECT nextval(pg_get_serial_sequence('device', 'id')) FROM generate_series(1, \(newRows.count))
                """, logger: logger).map { try $0.decode(Int64.self) }
            let items = newRows.map(\.item)
            try await connection.run("""
                INSERT INTO device (id, client, first_seen, last_seen, reason, decision)
                SELECT u.id, \(client), u.seen, u.seen, u.reason, CASE WHEN u.dn THEN NULL ELSE u.decision END
                FROM unnest(\(newIds)::bigint[], \(items.map(\.seenAt))::timestamptz[], \(items.map(\.reason))::text[],
                            \(items.map { $0.decision ?? "" })::text[], \(items.map { $0.decision == nil })::bool[])
                     AS u(id, seen, reason, decision, dn)
                """, logger: logger)
        }
        let ids = list.enumerated().map { index, item in item.device ?? newIds[slotOfItem[index]] }
        // Keys, in the order offered: the first owner stays.
        var keyTexts: [String] = [], keyOwners: [Int64] = []
        for (index, item) in list.enumerated() {
            for key in item.keys {
                keyTexts.append(key)
                keyOwners.append(ids[index])
            }
        }
        if !keyTexts.isEmpty {
            try await connection.run("""
                INSERT INTO device_key (client, key, device_id)
                SELECT \(client), k.key, k.device FROM unnest(\(keyTexts)::text[], \(keyOwners)::bigint[]) WITH ORDINALITY AS k(key, device, n)
                ORDER BY k.n
                ON CONFLICT (client, key) DO NOTHING
                """, logger: logger)
        }
        // Sightings: the last one for each scan, address and MAC replaces any stored before.
        var latest: [String: Int] = [:]
        for (index, item) in list.enumerated() { latest["\(item.scanId) \(item.ip) \(item.mac?.description ?? "-")"] = index }
        let kept = latest.values.sorted()
        let rows = kept.map { list[$0] }
        let scans = rows.map(\.scanId), ips = rows.map(\.ip.description), macs = rows.map { $0.mac?.description ?? "" }
        let macNull = rows.map { $0.mac == nil }
        try await connection.run("""
            DELETE FROM device_sighting s USING unnest(\(scans)::bigint[], \(ips)::text[], \(macs)::text[], \(macNull)::bool[]) AS u(scan, ip, mac, mn)
            WHERE s.client = \(client) AND s.scan_id = u.scan AND s.ip = u.ip
              AND s.mac IS NOT DISTINCT FROM (CASE WHEN u.mn THEN NULL ELSE u.mac END)
            """, logger: logger)
        // The scans must be this client's: the foreign key (scan_id, client) refuses any other.
        try await connection.run("""
            INSERT INTO device_sighting (client, device_id, scan_id, site, ip, mac, score, reason, seen_at)
            SELECT \(client), u.device, u.scan, CASE WHEN u.sn THEN NULL ELSE u.site END, u.ip, CASE WHEN u.mn THEN NULL ELSE u.mac END,
                   u.score, u.reason, u.seen
            FROM unnest(\(kept.map { ids[$0] })::bigint[], \(scans)::bigint[], \(rows.map { $0.site ?? "" })::text[], \(rows.map { $0.site == nil })::bool[],
                        \(ips)::text[], \(macs)::text[], \(macNull)::bool[], \(rows.map(\.score))::bigint[], \(rows.map(\.reason))::text[],
                        \(rows.map(\.seenAt))::timestamptz[]) WITH ORDINALITY
                 AS u(device, scan, site, sn, ip, mac, mn, score, reason, seen, n)
            ORDER BY u.n
            """, logger: logger)
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
        guard device != other else { throw StoreError.refused(operation: "merge device \(device)", reason: "a device cannot be merged into itself") }
        try await transaction("merge devices \(other) into \(device)") { [self] connection in
            try await Self.lockClient(client, on: connection, logger: logger)
            let old = try await Self.requireDevice(device, client: client, on: connection, logger: logger)
            _ = try await Self.requireDevice(other, client: client, on: connection, logger: logger)
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
        try await transaction("split device \(device)") { [self] connection in
            try await Self.lockClient(client, on: connection, logger: logger)
            let old = try await Self.requireDevice(device, client: client, on: connection, logger: logger)
            let owned = Set(try await connection.all("SELECT key FROM device_key WHERE client = \(client) AND device_id = \(device)", logger: logger)
                .map { try $0.decode(String.self) })
            guard !keys.isEmpty, Set(keys).isSubset(of: owned) else {
                throw StoreError.refused(operation: "split device \(device)", reason: "device \(device) of \(client) does not hold \(Set(keys).subtracting(owned).sorted().joined(separator: ", "))")
            }
            guard Set(keys) != owned else { throw StoreError.refused(operation: "split device \(device)", reason: "that would move every key: nothing left to split from") }
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
            let moved = try await connection.all("SELECT count(*) FROM device_sighting WHERE device_id = \(new) AND client = \(client)", logger: logger)[0].decode(Int.self)
            guard moved > 0 else { throw StoreError.refused(operation: "split device \(device)", reason: "none of device \(device)'s sightings came through \(keys.joined(separator: ", ")): the new device would have nothing to show (split off the MAC it was seen with)") }
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
        let result: ImportResult = try await transaction("import the bundle of scan \(bundle.scan.uuid)") { [self] connection in
            try await Self.lockClient(client, on: connection, logger: logger)
            if let row = try await connection.all("SELECT id, client FROM scan WHERE uuid = \(bundle.scan.uuid)", logger: logger).first {
                let (id, owner) = try row.decode((Int64, String).self)
                // A UUID is one scan of one client: another client's bundle cannot claim (or learn of) it.
                guard isSameClient(owner, client) else { throw ImportRefusal.uuidOfAnotherClient }
                return ImportResult(scanId: id, isNew: false)
            }
            let id = try await Self.insertScan(bundle.scan, on: connection, logger: logger)
            try await Self.record(bundle.observations, conflicts: bundle.conflicts, scanId: id, on: connection, logger: logger)
            let macs = Dictionary(bundle.observations.map { ($0.ip, $0.mac) }, uniquingKeysWith: { a, _ in a })
            try await Self.recordFacts(bundle.facts.map { FactsToStore(facts: $0, mac: macs[$0.ip]) }, scanId: id, on: connection, logger: logger)
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
