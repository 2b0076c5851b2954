import CensusCore
import Foundation
import Synchronization

/// An `InventoryStore` in memory: for tests, dry runs and tools. Each operation is atomic
/// (it works on a copy of the state and keeps it only when it succeeds).
public final class MemoryStore: InventoryStore {
    private struct State {
        var scans: [Int64: ScanRecord] = [:]
        var observations: [Int64: [String: HostObservation]] = [:]
        var conflicts: [Int64: [IPv4Address: AddressConflict]] = [:]
        var facts: [Int64: [IPv4Address: DeviceFacts]] = [:]
        var learnt: [Int64: [String: LearntHost]] = [:]
        var identifications: [Int64: [IPv4Address: Identification]] = [:]
        var devices: [Int64: StoredDevice] = [:]
        /// client → key → device
        var keys: [String: [String: Int64]] = [:]
        var sightings: [DeviceSighting] = []
        var nextScan: Int64 = 1
        var nextDevice: Int64 = 1
    }

    private let state = Mutex(State())

    public init() {}

    private func write<T>(_ body: (inout State) throws -> T) throws -> T {
        try state.withLock { live in
            var copy = live
            let result = try body(&copy)
            live = copy
            return result
        }
    }

    private func read<T>(_ body: (State) throws -> T) rethrows -> T { try state.withLock { try body($0) } }

    private static func requireScan(_ id: Int64, in s: State) throws -> ScanRecord {
        guard let scan = s.scans[id] else { throw StoreError.noSuchScan(id) }
        return scan
    }

    // MARK: Scans

    public func beginScan(_ record: ScanRecord) throws -> Int64 {
        if let key = record.credentialLikeOptionKey { throw StoreError.secretInOptions(key: key) }
        return try write { s in
            if s.scans.values.contains(where: { $0.uuid == record.uuid }) {
                throw StoreError.failed(operation: "store a new scan", message: "a scan with UUID \(record.uuid) is already stored")
            }
            let id = s.nextScan
            s.nextScan += 1
            var scan = record
            scan.id = id
            scan.status = .running
            scan.finishedAt = nil
            scan.hostCount = 0
            scan.failure = nil
            s.scans[id] = scan
            return id
        }
    }

    public func finishScan(_ id: Int64, status: ScanStatus, at finishedAt: Date, failure: String?) throws {
        try write { s in
            var scan = try Self.requireScan(id, in: s)
            scan.status = status
            scan.finishedAt = finishedAt
            scan.failure = failure
            s.scans[id] = scan
        }
    }

    public func scan(_ id: Int64) -> ScanRecord? { read { $0.scans[id] } }

    public func scan(uuid: UUID) -> ScanRecord? { read { $0.scans.values.first { $0.uuid == uuid } } }

    public func scans(client: String?, site: String?) -> [ScanRecord] {
        read { s in
            s.scans.values.filter { (client == nil || $0.client == client) && (site == nil || $0.site == site) }
                .sorted { ($0.startedAt, $0.id ?? 0) > ($1.startedAt, $1.id ?? 0) }
        }
    }

    // MARK: What a scan saw

    public func record(_ observations: [HostObservation], conflicts: [AddressConflict], scanId: Int64) throws {
        try write { s in
            var scan = try Self.requireScan(scanId, in: s)
            var hosts = s.observations[scanId] ?? [:]
            for o in observations {
                let key = "\(o.ip) \(o.mac)"
                if hosts[key] != nil { hosts[key]!.merge(o) } else { hosts[key] = o }
            }
            s.observations[scanId] = hosts
            var known = s.conflicts[scanId] ?? [:]
            for c in conflicts {
                known[c.ip] = AddressConflict(ip: c.ip, macs: Set(known[c.ip]?.macs ?? []).union(c.macs).sorted())
            }
            s.conflicts[scanId] = known
            scan.hostCount = hosts.count
            s.scans[scanId] = scan
        }
    }

    public func observations(scanId: Int64) throws -> [HostObservation] {
        try read { s in
            _ = try Self.requireScan(scanId, in: s)
            return (s.observations[scanId] ?? [:]).values.sorted { ($0.ip, $0.mac) < ($1.ip, $1.mac) }
        }
    }

    public func conflicts(scanId: Int64) throws -> [AddressConflict] {
        try read { s in
            _ = try Self.requireScan(scanId, in: s)
            return (s.conflicts[scanId] ?? [:]).values.sorted { $0.ip < $1.ip }
        }
    }

    public func recordFacts(_ facts: DeviceFacts, mac: MACAddress?, scanId: Int64) throws {
        try write { s in
            _ = try Self.requireScan(scanId, in: s)
            let merged = s.facts[scanId]?[facts.ip].map { $0.merged(withNewer: facts) } ?? facts
            s.facts[scanId, default: [:]][facts.ip] = merged
        }
    }

    public func facts(scanId: Int64) -> [DeviceFacts] {
        read { s in (s.facts[scanId] ?? [:]).values.sorted { $0.ip < $1.ip } }
    }

    public func factSummaries(scanId: Int64) -> [FactSummary] { facts(scanId: scanId).map(FactSummary.init) }

    public func lastCredential(ip: IPv4Address, client: String, site: String?) -> String? {
        read { s in
            s.scans.values.filter { $0.client == client && $0.site == site }
                .compactMap { scan in s.facts[scan.id!]?[ip] }
                .max { $0.collectedAt < $1.collectedAt }?.credential
        }
    }

    public func recordLearnt(_ hosts: [LearntHost], scanId: Int64) throws {
        try write { s in
            _ = try Self.requireScan(scanId, in: s)
            var table = s.learnt[scanId] ?? [:]
            for h in hosts {
                table[h.mergeKey] = table[h.mergeKey].map { $0.filled(by: h) } ?? h
            }
            s.learnt[scanId] = table
        }
    }

    public func learntHosts(scanId: Int64) -> [LearntHost] {
        read { s in (s.learnt[scanId] ?? [:]).values.sorted { ($0.via, $0.mac, $0.source.rawValue) < ($1.via, $1.mac, $1.source.rawValue) } }
    }

    public func recordIdentifications(_ list: [(IPv4Address, Identification)], scanId: Int64, at date: Date) throws {
        try write { s in
            _ = try Self.requireScan(scanId, in: s)
            for (ip, identification) in list { s.identifications[scanId, default: [:]][ip] = identification }
        }
    }

    public func identifications(scanId: Int64) -> [IPv4Address: Identification] { read { $0.identifications[scanId] ?? [:] } }

    // MARK: Devices

    public func devices(client: String) -> [StoredDevice] {
        read { s in
            let keys = Dictionary(grouping: (s.keys[client] ?? [:]), by: \.value).mapValues { $0.map(\.key).sorted() }
            return s.devices.values.filter { $0.client == client }.sorted { $0.id < $1.id }.map { d in
                var device = d
                device.keys = keys[d.id] ?? []
                return device
            }
        }
    }

    public func sightings(client: String, scans: [Int64]?) -> [DeviceSighting] {
        read { s in
            let scanSet = scans.map(Set.init)
            return s.sightings.enumerated().filter { _, x in
                s.devices[x.deviceId]?.client == client && (scanSet?.contains(x.scanId) ?? true)
            }.sorted { ($0.element.seenAt, $0.offset) < ($1.element.seenAt, $1.offset) }.map(\.element)
        }
    }

    @discardableResult
    public func fileSightings(client: String, resolve: @escaping SightingResolver) throws -> [Int64] {
        let known = devices(client: client)
        return try write { s in try Self.file(try resolve(known), client: client, in: &s) }
    }

    private static func file(_ list: [SightingToStore], client: String, in s: inout State) throws -> [Int64] {
        var created: [Int: Int64] = [:]
        var ids: [Int64] = []
        for item in list {
            let id: Int64
            if let device = item.device {
                guard var d = s.devices[device], d.client == client else { throw StoreError.noSuchDevice(device, client: client) }
                d.firstSeen = min(d.firstSeen, item.seenAt)
                d.lastSeen = max(d.lastSeen, item.seenAt)
                s.devices[device] = d
                id = device
            } else if let group = item.newGroup, let existing = created[group] {
                id = existing
            } else {
                id = s.nextDevice
                s.nextDevice += 1
                s.devices[id] = StoredDevice(id: id, client: client, firstSeen: item.seenAt, lastSeen: item.seenAt,
                                             reason: item.reason, decision: item.decision, keys: [])
                if let group = item.newGroup { created[group] = id }
            }
            ids.append(id)
            for key in item.keys where s.keys[client]?[key] == nil { s.keys[client, default: [:]][key] = id }
            let sighting = DeviceSighting(deviceId: id, scanId: item.scanId, site: item.site, ip: item.ip, mac: item.mac,
                                          score: item.score, reason: item.reason, seenAt: item.seenAt)
            if let i = s.sightings.firstIndex(where: { $0.scanId == item.scanId && $0.ip == item.ip && $0.mac == item.mac }) {
                s.sightings[i] = sighting
            } else {
                s.sightings.append(sighting)
            }
        }
        return ids
    }

    public func mergeDevices(client: String, into device: Int64, from other: Int64, at date: Date) throws {
        guard device != other else { throw StoreError.refused(operation: "merge device \(device)", reason: "a device cannot be merged into itself") }
        try write { s in
            guard var keep = s.devices[device], keep.client == client else { throw StoreError.noSuchDevice(device, client: client) }
            guard let gone = s.devices[other], gone.client == client else { throw StoreError.noSuchDevice(other, client: client) }
            for (key, owner) in s.keys[client] ?? [:] where owner == other { s.keys[client]![key] = device }
            for i in s.sightings.indices where s.sightings[i].deviceId == other { s.sightings[i].deviceId = device }
            keep.firstSeen = min(keep.firstSeen, gone.firstSeen)
            keep.lastSeen = max(keep.lastSeen, gone.lastSeen)
            keep.decision = DeviceDecisionText.appending("merged by hand with device \(other) on \(CalendarDate(date))", to: keep.decision)
            s.devices[device] = keep
            s.devices[other] = nil
        }
    }

    public func splitDevice(client: String, device: Int64, keys: [String], at date: Date) throws -> Int64 {
        try write { s in
            guard var old = s.devices[device], old.client == client else { throw StoreError.noSuchDevice(device, client: client) }
            let owned = Set((s.keys[client] ?? [:]).filter { $0.value == device }.keys)
            guard !keys.isEmpty, Set(keys).isSubset(of: owned) else {
                throw StoreError.refused(operation: "split device \(device)", reason: "device \(device) of \(client) does not hold \(Set(keys).subtracting(owned).sorted().joined(separator: ", "))")
            }
            guard Set(keys) != owned else { throw StoreError.refused(operation: "split device \(device)", reason: "that would move every key: nothing left to split from") }
            let new = s.nextDevice
            s.nextDevice += 1
            var created = StoredDevice(id: new, client: client, firstSeen: date, lastSeen: date, reason: "split by hand",
                                       decision: "split by hand from device \(device) on \(CalendarDate(date)): \(keys.joined(separator: ", "))", keys: [])
            for key in keys {
                s.keys[client]![key] = new
                if key.hasPrefix("mac:"), let mac = MACAddress(String(key.dropFirst(4))) {
                    for i in s.sightings.indices where s.sightings[i].deviceId == device && s.sightings[i].mac == mac { s.sightings[i].deviceId = new }
                }
            }
            let moved = s.sightings.filter { $0.deviceId == new }.map(\.seenAt)
            guard !moved.isEmpty else { throw StoreError.refused(operation: "split device \(device)", reason: "none of device \(device)'s sightings came through \(keys.joined(separator: ", ")): the new device would have nothing to show (split off the MAC it was seen with)") }
            if let first = moved.min(), let last = moved.max() { created.firstSeen = first; created.lastSeen = last }
            s.devices[new] = created
            old.decision = DeviceDecisionText.appending("device \(new) split off by hand on \(CalendarDate(date))", to: old.decision)
            s.devices[device] = old
            return new
        }
    }

    // MARK: Bundles

    public func importBundle(_ bundle: ScanBundle, resolve: @escaping @Sendable (Int64) -> SightingResolver) throws -> (scanId: Int64, isNew: Bool) {
        if let key = bundle.scan.credentialLikeOptionKey { throw StoreError.secretInOptions(key: key) }
        return try write { s in
            if let existing = s.scans.values.first(where: { $0.uuid == bundle.scan.uuid }), let id = existing.id { return (id, false) }
            let id = s.nextScan
            s.nextScan += 1
            var scan = bundle.scan
            scan.id = id
            if scan.status == .running { scan.status = .partial }
            scan.finishedAt = scan.finishedAt ?? bundle.exportedAt
            var hosts: [String: HostObservation] = [:]
            for o in bundle.observations {
                let key = "\(o.ip) \(o.mac)"
                if hosts[key] != nil { hosts[key]!.merge(o) } else { hosts[key] = o }
            }
            scan.hostCount = hosts.count
            s.scans[id] = scan
            s.observations[id] = hosts
            s.conflicts[id] = Dictionary(bundle.conflicts.map { ($0.ip, $0) }, uniquingKeysWith: { a, _ in a })
            s.facts[id] = Dictionary(bundle.facts.map { ($0.ip, $0) }, uniquingKeysWith: { a, b in a.merged(withNewer: b) })
            s.learnt[id] = Dictionary(bundle.learnt.map { ($0.mergeKey, $0) }, uniquingKeysWith: { a, _ in a })
            s.identifications[id] = bundle.identificationsByIP
            let client = scan.client
            let known = s.devices.values.filter { $0.client == client }.sorted { $0.id < $1.id }.map { d -> StoredDevice in
                var device = d
                device.keys = (s.keys[client] ?? [:]).filter { $0.value == d.id }.map(\.key).sorted()
                return device
            }
            _ = try Self.file(try resolve(id)(known), client: client, in: &s)
            return (id, true)
        }
    }
}

/// How a person's decisions are written on a device: one sentence each, joined by "; ".
public enum DeviceDecisionText {
    public static func appending(_ sentence: String, to existing: String?) -> String {
        guard let existing, !existing.isEmpty else { return sentence }
        return existing.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.contains(sentence) ? existing : existing + "; " + sentence
    }
}
