import CensusCore
import DeviceModel
import Foundation
import Logging
import PostgresNIO
import SNMPModel

extension PostgresConnection {
    /// Every row of a query (the stream fully read, so the connection is free for the next one).
    func all(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await self.query(query, logger: logger).collect()
    }

    func run(_ query: PostgresQuery, logger: Logger) async throws {
        _ = try await self.query(query, logger: logger).collect()
    }
}

extension PostgresStore {
    static let scanColumns = "id, uuid, client, site, interface, ranges, options, started_at, finished_at, status, host_count, failure"

    static func scanRecord(_ row: PostgresRow) throws -> ScanRecord {
        let (id, uuid, client, site, interface, ranges, options, startedAt, finishedAt, status, hostCount, failure) =
            try row.decode((Int64, UUID, String, String?, String, String, String, Date, Date?, String, Int, String?).self)
        guard let scanStatus = ScanStatus(rawValue: status) else {
            throw StoreError.corruptRow(table: "scan", id: id, reason: "status '\(status)' is not understood by this version of Census")
        }
        return ScanRecord(id: id, uuid: uuid, client: client, site: site, interface: interface,
                          ranges: try JSONText.decode([IPv4Network].self, ranges, table: "scan", id: id),
                          options: try JSONText.decode([String: String].self, options, table: "scan", id: id),
                          startedAt: startedAt, finishedAt: finishedAt, status: scanStatus, hostCount: hostCount, failure: failure)
    }

    // MARK: Scans

    public func beginScan(_ record: ScanRecord) async throws -> Int64 {
        if let key = record.credentialLikeOptionKey { throw StoreError.secretInOptions(key: key) }
        return try await transaction("store a new scan") { [self] connection in try await Self.insertScan(record, on: connection, logger: logger) }
    }

    static func insertScan(_ record: ScanRecord, on connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        let existing = try await connection.all("SELECT id FROM scan WHERE uuid = \(record.uuid)", logger: logger)
        if !existing.isEmpty {
            throw StoreError.failed(operation: "store a new scan", message: "a scan with UUID \(record.uuid) is already stored")
        }
        let rows = try await connection.all("""
            INSERT INTO scan (uuid, client, site, interface, ranges, options, started_at, status, host_count)
            VALUES (\(record.uuid), \(record.client), \(record.site), \(record.interface), \(try JSONText.encode(record.ranges)),
                    \(try JSONText.encode(record.options)), \(record.startedAt), 'running', 0)
            RETURNING id
            """, logger: logger)
        return try rows[0].decode(Int64.self)
    }

    public func finishScan(_ id: Int64, status: ScanStatus, at finishedAt: Date, failure: String?) async throws {
        try await transaction("finish scan \(id)") { [self] connection in
            try await Self.finishScan(id, status: status, at: finishedAt, failure: failure, on: connection, logger: logger)
        }
    }

    static func finishScan(_ id: Int64, status: ScanStatus, at finishedAt: Date, failure: String?, on connection: PostgresConnection,
                           logger: Logger) async throws {
        let rows = try await connection.all("""
            UPDATE scan SET status = \(status.rawValue), finished_at = \(finishedAt), failure = \(failure) WHERE id = \(id) RETURNING id
            """, logger: logger)
        if rows.isEmpty { throw StoreError.noSuchScan(id) }
    }

    public func scan(_ id: Int64) async throws -> ScanRecord? {
        try await read("read scan \(id)") { [self] connection in
            try await connection.all("SELECT \(unescaped: Self.scanColumns) FROM scan WHERE id = \(id)", logger: logger).first.map(Self.scanRecord)
        }
    }

    public func scan(uuid: UUID) async throws -> ScanRecord? {
        try await read("read scan \(uuid)") { [self] connection in
            try await connection.all("SELECT \(unescaped: Self.scanColumns) FROM scan WHERE uuid = \(uuid)", logger: logger).first.map(Self.scanRecord)
        }
    }

    public func scans(client: String?, site: String?) async throws -> [ScanRecord] {
        try await read("list scans") { [self] connection in
            try await connection.all("""
                SELECT \(unescaped: Self.scanColumns) FROM scan
                WHERE (\(client)::text IS NULL OR client = \(client)) AND (\(site)::text IS NULL OR site = \(site))
                ORDER BY started_at DESC, id DESC
                """, logger: logger).map(Self.scanRecord)
        }
    }

    /// The client a scan belongs to, or `noSuchScan`.
    static func requireScan(_ id: Int64, on connection: PostgresConnection, logger: Logger) async throws -> String {
        guard let row = try await connection.all("SELECT client FROM scan WHERE id = \(id)", logger: logger).first else {
            throw StoreError.noSuchScan(id)
        }
        return try row.decode(String.self)
    }

    // MARK: Observations and conflicts

    public func record(_ observations: [HostObservation], conflicts: [AddressConflict], scanId: Int64) async throws {
        try await transaction("record the hosts of scan \(scanId)") { [self] connection in
            try await Self.record(observations, conflicts: conflicts, scanId: scanId, on: connection, logger: logger)
        }
    }

    static func record(_ observations: [HostObservation], conflicts: [AddressConflict], scanId: Int64, on connection: PostgresConnection,
                       logger: Logger) async throws {
        // Row-locks the scan: two recorders of one scan merge one after the other.
        guard let scanRow = try await connection.all("SELECT client FROM scan WHERE id = \(scanId) FOR UPDATE", logger: logger).first else {
            throw StoreError.noSuchScan(scanId)
        }
        let client = try scanRow.decode(String.self)
        if !observations.isEmpty {
            var stored: [String: HostObservation] = [:]
            for row in try await connection.all("""
                SELECT id, ip, mac, vendor, seen_by, first_seen, last_seen, response_ms FROM observation WHERE scan_id = \(scanId)
                """, logger: logger) {
                let o = try observation(row)
                stored["\(o.ip) \(o.mac)"] = o
            }
            var changed: [String: HostObservation] = [:]
            for o in observations {
                let key = "\(o.ip) \(o.mac)"
                var merged = o
                if let before = stored[key] {
                    merged = before
                    merged.merge(o)
                    if merged == before { continue }
                }
                stored[key] = merged
                changed[key] = merged
            }
            try await upsertObservations(Array(changed.values), client: client, scanId: scanId, on: connection, logger: logger)
        }
        for c in conflicts {
            let existing = try await connection.all("SELECT macs FROM conflict WHERE scan_id = \(scanId) AND ip = \(c.ip.description)", logger: logger)
            var macs = Set(c.macs)
            if let row = existing.first { macs.formUnion(try row.decode(String.self).split(separator: ",").compactMap { MACAddress(String($0)) }) }
            let text = macs.sorted().map(\.description).joined(separator: ",")
            try await connection.run("""
                INSERT INTO conflict (client, scan_id, ip, macs) VALUES (\(client), \(scanId), \(c.ip.description), \(text))
                ON CONFLICT (scan_id, ip) DO UPDATE SET macs = excluded.macs
                """, logger: logger)
        }
        try await connection.run("""
            UPDATE scan SET host_count = (SELECT count(*) FROM observation WHERE scan_id = \(scanId)) WHERE id = \(scanId)
            """, logger: logger)
    }

    /// Inserts or replaces observations in one statement (arrays unnested server-side).
    static func upsertObservations(_ list: [HostObservation], client: String, scanId: Int64, on connection: PostgresConnection,
                                   logger: Logger) async throws {
        guard !list.isEmpty else { return }
        let ips = list.map(\.ip.description), macs = list.map(\.mac.description)
        let vendors = list.map { $0.vendor ?? "" }, vendorNull = list.map { $0.vendor == nil }
        let seenBy = list.map { $0.seenBy.sorted().map(\.rawValue).joined(separator: ",") }
        let first = list.map(\.firstSeen), last = list.map(\.lastSeen)
        let response = list.map { o in o.responseTime.map { Double($0.components.seconds) * 1_000 + Double($0.components.attoseconds) / 1e15 } ?? 0 }
        let responseNull = list.map { $0.responseTime == nil }
        try await connection.run("""
            INSERT INTO observation (client, scan_id, ip, mac, vendor, seen_by, first_seen, last_seen, response_ms)
            SELECT \(client), \(scanId), u.ip, u.mac, CASE WHEN u.vn THEN NULL ELSE u.vendor END, u.seen_by, u.fs, u.ls,
                   CASE WHEN u.rn THEN NULL ELSE u.rms END
            FROM unnest(\(ips)::text[], \(macs)::text[], \(vendors)::text[], \(vendorNull)::bool[], \(seenBy)::text[],
                        \(first)::timestamptz[], \(last)::timestamptz[], \(response)::float8[], \(responseNull)::bool[])
                 AS u(ip, mac, vendor, vn, seen_by, fs, ls, rms, rn)
            ON CONFLICT (scan_id, ip, mac) DO UPDATE SET vendor = excluded.vendor, seen_by = excluded.seen_by,
                first_seen = excluded.first_seen, last_seen = excluded.last_seen, response_ms = excluded.response_ms
            """, logger: logger)
    }

    static func observation(_ row: PostgresRow) throws -> HostObservation {
        let (id, ip, mac, vendor, seenBy, firstSeen, lastSeen, responseMs) =
            try row.decode((Int64, String, String, String?, String, Date, Date, Double?).self)
        guard let address = IPv4Address(ip), let hardware = MACAddress(mac) else {
            throw StoreError.corruptRow(table: "observation", id: id, reason: "ip '\(ip)' or mac '\(mac)' is not understood by this version of Census")
        }
        var methods = Set<DiscoveryMethod>()
        for name in seenBy.split(separator: ",") {
            guard let method = DiscoveryMethod(rawValue: String(name)) else {
                throw StoreError.corruptRow(table: "observation", id: id, reason: "seen_by '\(name)' is not understood by this version of Census")
            }
            methods.insert(method)
        }
        return HostObservation(ip: address, mac: hardware, vendor: vendor, seenBy: methods, firstSeen: firstSeen, lastSeen: lastSeen,
                               responseTime: responseMs.map { .milliseconds($0) })
    }

    public func observations(scanId: Int64) async throws -> [HostObservation] {
        try await read("read the hosts of scan \(scanId)") { [self] connection in
            _ = try await Self.requireScan(scanId, on: connection, logger: logger)
            return try await connection.all("""
                SELECT id, ip, mac, vendor, seen_by, first_seen, last_seen, response_ms FROM observation WHERE scan_id = \(scanId)
                """, logger: logger).map(Self.observation).sorted { ($0.ip, $0.mac) < ($1.ip, $1.mac) }
        }
    }

    public func conflicts(scanId: Int64) async throws -> [AddressConflict] {
        try await read("read the conflicts of scan \(scanId)") { [self] connection in
            _ = try await Self.requireScan(scanId, on: connection, logger: logger)
            return try await connection.all("SELECT id, ip, macs FROM conflict WHERE scan_id = \(scanId)", logger: logger).map { row in
                let (id, ip, macs) = try row.decode((Int64, String, String).self)
                guard let address = IPv4Address(ip) else { throw StoreError.corruptRow(table: "conflict", id: id, reason: "ip '\(ip)'") }
                return AddressConflict(ip: address, macs: macs.split(separator: ",").compactMap { MACAddress(String($0)) })
            }.sorted { $0.ip < $1.ip }
        }
    }

    // MARK: SNMP facts

    public func recordFacts(_ facts: DeviceFacts, mac: MACAddress?, scanId: Int64) async throws {
        try await transaction("record SNMP facts of \(facts.ip) in scan \(scanId)") { [self] connection in
            try await Self.recordFacts(facts, mac: mac, scanId: scanId, on: connection, logger: logger)
        }
    }

    struct FactsToStore: Sendable {
        var facts: DeviceFacts
        var mac: MACAddress?
    }

    static func recordFacts(_ facts: DeviceFacts, mac: MACAddress?, scanId: Int64, on connection: PostgresConnection, logger: Logger) async throws {
        try await recordFacts([FactsToStore(facts: facts, mac: mac)], scanId: scanId, on: connection, logger: logger)
    }

    /// Several devices' answers in two statements: what is stored for the same address is merged
    /// (`DeviceFacts.merged`: a partial answer never blanks a complete one), in order.
    static func recordFacts(_ list: [FactsToStore], scanId: Int64, on connection: PostgresConnection, logger: Logger) async throws {
        let client = try await requireScan(scanId, on: connection, logger: logger)
        guard !list.isEmpty else { return }
        var merged: [IPv4Address: FactsToStore] = [:]
        var order: [IPv4Address] = []
        for item in list {
            if let old = merged[item.facts.ip] {
                merged[item.facts.ip] = FactsToStore(facts: old.facts.merged(withNewer: item.facts), mac: item.mac ?? old.mac)
            } else {
                merged[item.facts.ip] = item
                order.append(item.facts.ip)
            }
        }
        for row in try await connection.all("""
            SELECT id, ip, facts FROM device_facts WHERE scan_id = \(scanId) AND ip = ANY(\(order.map(\.description))::text[]) FOR UPDATE
            """, logger: logger) {
            let (id, ip, json) = try row.decode((Int64, String, String).self)
            guard let address = IPv4Address(ip), let new = merged[address] else { continue }
            let stored = try JSONText.decode(DeviceFacts.self, json, table: "device_facts", id: id)
            merged[address] = FactsToStore(facts: stored.merged(withNewer: new.facts), mac: new.mac)
        }
        let rows = order.map { merged[$0]! }
        let summaries = rows.map { FactSummary($0.facts) }
        func texts(_ value: (FactSummary) -> String?) -> ([String], [Bool]) { (summaries.map { value($0) ?? "" }, summaries.map { value($0) == nil }) }
        let (names, nn) = texts(\.sysName), (descrs, dn) = texts(\.sysDescr), (oids, on) = texts(\.sysObjectID)
        try await connection.run("""
            INSERT INTO device_facts (client, scan_id, ip, mac, credential, complete, collected_at, facts, sys_name, sys_descr,
                                      sys_object_id, interface_macs)
            SELECT \(client), \(scanId), u.ip, CASE WHEN u.mcn THEN NULL ELSE u.mac END, u.credential, u.complete, u.collected, u.facts,
                   CASE WHEN u.nn THEN NULL ELSE u.name END, CASE WHEN u.dn THEN NULL ELSE u.descr END,
                   CASE WHEN u.onn THEN NULL ELSE u.oid END, u.macs
            FROM unnest(\(rows.map(\.facts.ip.description))::text[], \(rows.map { $0.mac?.description ?? "" })::text[], \(rows.map { $0.mac == nil })::bool[],
                        \(rows.map(\.facts.credential))::text[], \(rows.map(\.facts.isComplete))::bool[], \(rows.map(\.facts.collectedAt))::timestamptz[],
                        \(try rows.map { try JSONText.encode($0.facts) })::text[], \(names)::text[], \(nn)::bool[], \(descrs)::text[], \(dn)::bool[],
                        \(oids)::text[], \(on)::bool[], \(summaries.map { $0.interfaceMACs.map(\.description).joined(separator: " ") })::text[])
                 AS u(ip, mac, mcn, credential, complete, collected, facts, name, nn, descr, dn, oid, onn, macs)
            ON CONFLICT (scan_id, ip) DO UPDATE SET mac = coalesce(excluded.mac, device_facts.mac), credential = excluded.credential,
                complete = excluded.complete, collected_at = excluded.collected_at, facts = excluded.facts,
                sys_name = excluded.sys_name, sys_descr = excluded.sys_descr, sys_object_id = excluded.sys_object_id,
                interface_macs = excluded.interface_macs
            """, logger: logger)
    }

    public func facts(scanId: Int64) async throws -> [DeviceFacts] {
        try await read("read the SNMP facts of scan \(scanId)") { [self] connection in
            try await connection.all("SELECT id, facts FROM device_facts WHERE scan_id = \(scanId)", logger: logger).map { row in
                let (id, json) = try row.decode((Int64, String).self)
                return try JSONText.decode(DeviceFacts.self, json, table: "device_facts", id: id)
            }.sorted { $0.ip < $1.ip }
        }
    }

    public func factSummaries(scanId: Int64) async throws -> [FactSummary] {
        try await read("read the SNMP summaries of scan \(scanId)") { [self] connection in
            try await connection.all("""
                SELECT ip, sys_name, sys_descr, sys_object_id, interface_macs, credential, complete FROM device_facts WHERE scan_id = \(scanId)
                """, logger: logger).compactMap { row in
                let (ip, name, descr, oid, macs, credential, complete) = try row.decode((String, String?, String?, String?, String, String, Bool).self)
                guard let address = IPv4Address(ip) else { return nil }
                return FactSummary(ip: address, sysName: name, sysDescr: descr, sysObjectID: oid,
                                   interfaceMACs: macs.split(separator: " ").compactMap { MACAddress(String($0)) },
                                   credential: credential, complete: complete)
            }.sorted { $0.ip < $1.ip }
        }
    }

    public func lastCredential(ip: IPv4Address, client: String, site: String?) async throws -> String? {
        try await read("look up the last credential of \(ip)") { [self] connection in
            try await connection.all("""
                SELECT f.credential FROM device_facts f JOIN scan s ON s.id = f.scan_id AND s.client = f.client
                WHERE f.client = \(client) AND f.ip = \(ip.description) AND s.site IS NOT DISTINCT FROM \(site)::text
                ORDER BY f.collected_at DESC LIMIT 1
                """, logger: logger).first?.decode(String.self)
        }
    }

    // MARK: Learnt hosts

    public func recordLearnt(_ hosts: [LearntHost], scanId: Int64) async throws {
        try await transaction("record learnt hosts of scan \(scanId)") { [self] connection in
            try await Self.recordLearnt(hosts, scanId: scanId, on: connection, logger: logger)
        }
    }

    static func recordLearnt(_ hosts: [LearntHost], scanId: Int64, on connection: PostgresConnection, logger: Logger) async throws {
        let client = try await requireScan(scanId, on: connection, logger: logger)
        // One row per (MAC, source, reporter): later reports fill in what earlier ones lacked.
        let rows = LearntHost.merged(hosts)
        guard !rows.isEmpty else { return }
        try await connection.run("""
            INSERT INTO learnt_host (client, scan_id, ip, mac, source, via, if_index, port)
            SELECT \(client), \(scanId), CASE WHEN u.ipn THEN NULL ELSE u.ip END, u.mac, u.source, u.via,
                   CASE WHEN u.ifn THEN NULL ELSE u.if_index END, CASE WHEN u.pn THEN NULL ELSE u.port END
            FROM unnest(\(rows.map { $0.ip?.description ?? "" })::text[], \(rows.map { $0.ip == nil })::bool[], \(rows.map(\.mac.description))::text[],
                        \(rows.map(\.source.rawValue))::text[], \(rows.map(\.via.description))::text[], \(rows.map { $0.ifIndex ?? 0 })::bigint[],
                        \(rows.map { $0.ifIndex == nil })::bool[], \(rows.map { $0.port ?? "" })::text[], \(rows.map { $0.port == nil })::bool[])
                 WITH ORDINALITY AS u(ip, ipn, mac, source, via, if_index, ifn, port, pn, n)
            ORDER BY u.n
            ON CONFLICT (scan_id, mac, source, via) DO UPDATE SET ip = coalesce(excluded.ip, learnt_host.ip),
                if_index = coalesce(excluded.if_index, learnt_host.if_index), port = coalesce(excluded.port, learnt_host.port)
            """, logger: logger)
    }

    public func learntHosts(scanId: Int64) async throws -> [LearntHost] {
        try await read("read learnt hosts of scan \(scanId)") { [self] connection in
            try await connection.all("SELECT ip, mac, source, via, if_index, port FROM learnt_host WHERE scan_id = \(scanId) ORDER BY id",
                                     logger: logger).compactMap { row in
                let (ip, mac, source, via, ifIndex, port) = try row.decode((String?, String, String, String, Int?, String?).self)
                guard let hardware = MACAddress(mac), let kind = LearntHost.Source(rawValue: source), let reporter = IPv4Address(via) else { return nil }
                return LearntHost(ip: ip.flatMap { IPv4Address($0) }, mac: hardware, source: kind, via: reporter, ifIndex: ifIndex, port: port)
            }
        }
    }

    // MARK: Identifications

    public func recordIdentifications(_ list: [(IPv4Address, Identification)], scanId: Int64, at date: Date) async throws {
        let list = list.map { IPIdentification(ip: $0.0, identification: $0.1) }
        try await transaction("record identifications of scan \(scanId)") { [self] connection in
            try await Self.recordIdentifications(list, scanId: scanId, at: date, on: connection, logger: logger)
        }
    }

    struct IPIdentification: Sendable {
        var ip: IPv4Address
        var identification: Identification
    }

    static func recordIdentifications(_ list: [IPIdentification], scanId: Int64, at date: Date, on connection: PostgresConnection,
                                      logger: Logger) async throws {
        let client = try await requireScan(scanId, on: connection, logger: logger)
        // The last identification of an address wins.
        var latest: [IPv4Address: Int] = [:]
        for (index, item) in list.enumerated() { latest[item.ip] = index }
        guard !latest.isEmpty else { return }
        let rows = latest.values.sorted().map { list[$0] }
        let ids = rows.map(\.identification)
        func texts(_ value: (Identification) -> String?) -> ([String], [Bool]) { (ids.map { value($0) ?? "" }, ids.map { value($0) == nil }) }
        let (vendor, vn) = texts(\.vendor), (model, mn) = texts(\.model), (serial, sn) = texts(\.serial)
        let (os, on) = texts(\.os), (version, vern) = texts(\.version), (family, fn) = texts(\.family)
        let matches = try ids.map { String(decoding: try JSONEncoder().encode($0.matches), as: UTF8.self) }
        try await connection.run("""
            INSERT INTO identification (client, scan_id, ip, vendor, model, class, serial, os, version, family, matches, identified_at)
            SELECT \(client), \(scanId), u.ip, CASE WHEN u.vn THEN NULL ELSE u.vendor END, CASE WHEN u.mn THEN NULL ELSE u.model END, u.class,
                   CASE WHEN u.sn THEN NULL ELSE u.serial END, CASE WHEN u.osn THEN NULL ELSE u.os END,
                   CASE WHEN u.vern THEN NULL ELSE u.version END, CASE WHEN u.fn THEN NULL ELSE u.family END, u.matches, \(date)
            FROM unnest(\(rows.map(\.ip.description))::text[], \(vendor)::text[], \(vn)::bool[], \(model)::text[], \(mn)::bool[],
                        \(ids.map(\.class.rawValue))::text[], \(serial)::text[], \(sn)::bool[], \(os)::text[], \(on)::bool[],
                        \(version)::text[], \(vern)::bool[], \(family)::text[], \(fn)::bool[], \(matches)::text[])
                 AS u(ip, vendor, vn, model, mn, class, serial, sn, os, osn, version, vern, family, fn, matches)
            ON CONFLICT (scan_id, ip) DO UPDATE SET vendor = excluded.vendor, model = excluded.model, class = excluded.class,
                serial = excluded.serial, os = excluded.os, version = excluded.version, family = excluded.family,
                matches = excluded.matches, identified_at = excluded.identified_at
            """, logger: logger)
    }

    public func identifications(scanId: Int64) async throws -> [IPv4Address: Identification] {
        try await read("read the identifications of scan \(scanId)") { [self] connection in
            var result: [IPv4Address: Identification] = [:]
            for row in try await connection.all("""
                SELECT id, ip, vendor, model, class, serial, os, version, family, matches FROM identification WHERE scan_id = \(scanId)
                """, logger: logger) {
                let (id, ip, vendor, model, kind, serial, os, version, family, matches) =
                    try row.decode((Int64, String, String?, String?, String, String?, String?, String?, String?, String).self)
                guard let address = IPv4Address(ip) else { continue }
                result[address] = Identification(vendor: vendor, model: model, class: DeviceClass(rawValue: kind) ?? .unknown, serial: serial,
                                                  os: os, version: version, family: family,
                                                  matches: try JSONText.decode([Identification.Match].self, matches, table: "identification", id: id))
            }
            return result
        }
    }
}
