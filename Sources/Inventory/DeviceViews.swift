import CensusCore
import DeviceModel
import Foundation

/// Builds the read model of a client's devices (`DeviceSnapshot`) from the store: the one
/// place that decides what a device looks like, for every command, report and the server.
public struct DeviceViews: Sendable {
    /// Turns a registry's organisation name into the catalog's vendor name ("Cisco Systems, Inc" → "Cisco").
    public var canonicalVendor: @Sendable (String) -> String

    public init(canonicalVendor: @escaping @Sendable (String) -> String = { $0 }) { self.canonicalVendor = canonicalVendor }

    /// Every device of `client`, by id. With `scans`, each device as those scans saw it (and
    /// only devices they saw), e.g. one scan for a diff.
    public func snapshots(client: String, scans only: [Int64]? = nil, in store: any InventoryStore) async throws -> [DeviceSnapshot] {
        try await snapshots(of: try await store.devices(client: client), sightings: try await store.sightings(client: client, scans: only), in: store)
    }

    /// One page of a client's devices, by id (`InventoryStore.devices(client:after:limit:)`), and
    /// the id to ask the next page after: nil when this page is the last. A page may hold fewer
    /// snapshots than devices (one never seen by a finished scan has none).
    public func snapshots(client: String, after: Int64?, limit: Int, in store: any InventoryStore) async throws -> (devices: [DeviceSnapshot], next: Int64?) {
        let devices = try await store.devices(client: client, after: after, limit: limit)
        guard let first = devices.first?.id, let last = devices.last?.id else { return ([], nil) }
        let sightings = try await store.sightings(client: client, devices: first...last)
        return (try await snapshots(of: devices, sightings: sightings, in: store), devices.count < limit ? nil : last)
    }

    private func snapshots(of devices: [StoredDevice], sightings: [DeviceSighting], in store: any InventoryStore) async throws -> [DeviceSnapshot] {
        let bySighting = Dictionary(grouping: sightings, by: \.deviceId)
        var perScan: [Int64: ScanView] = [:]
        for scan in Set(sightings.map(\.scanId)) {
            perScan[scan] = try await ScanView(scan: scan, store: store)
        }
        // A client has a handful of distinct registry names and the catalog's aliases are regular
        // expressions (Foundation's, slow on Linux): each name is looked up once per call. At
        // 100,000 devices this was a third of GET devices.
        var canonical: [String: String] = [:]
        let vendorName = { (name: String) -> String in
            if let known = canonical[name] { return known }
            let found = canonicalVendor(name)
            canonical[name] = found
            return found
        }
        return devices.compactMap { device in
            guard let seen = bySighting[device.id], let last = seen.last, let view = perScan[last.scanId] else { return nil }
            return snapshot(device, seen: seen, last: last, lastScan: view, perScan: perScan, vendorName: vendorName)
        }
    }

    private func snapshot(_ device: StoredDevice, seen: [DeviceSighting], last: DeviceSighting, lastScan: ScanView,
                          perScan: [Int64: ScanView], vendorName: (String) -> String) -> DeviceSnapshot {
        let lastSightings = seen.filter { $0.scanId == last.scanId }
        // The address it answered at: SNMP, then ARP/listening, then anything; lowest first.
        let primary = lastSightings.min { a, b in
            let (ra, rb) = (lastScan.rank(a.ip), lastScan.rank(b.ip))
            return ra != rb ? ra < rb : a.ip < b.ip
        } ?? last
        // The latest identification any of its addresses got.
        var identification: Identification?
        for s in seen.reversed() {
            if let found = perScan[s.scanId]?.identifications[s.ip] { identification = found; break }
        }
        let answer = lastSightings.lazy.compactMap { lastScan.answers[$0.ip] }.first
            ?? seen.reversed().lazy.compactMap { perScan[$0.scanId]?.answers[$0.ip] }.first
        let keyMACs = device.keys.compactMap { $0.hasPrefix("mac:") ? MACAddress(String($0.dropFirst(4))) : nil }
        let macs = Set(keyMACs + seen.compactMap(\.mac) + (answer?.interfaceMACs ?? []))
        let ouiVendor = lastSightings.lazy.compactMap { s in s.mac.flatMap { lastScan.vendors[$0] } }.first
            ?? seen.reversed().lazy.compactMap { s in s.mac.flatMap { perScan[s.scanId]?.vendors[$0] } }.first
        let vendor = identification?.vendor ?? ouiVendor.map(vendorName)
        let sites = Dictionary(grouping: seen.filter { $0.site != nil }, by: { $0.site! }).map { site, list in
            DeviceSnapshot.SiteHistory(site: site, firstSeen: list.map(\.seenAt).min()!, lastSeen: list.map(\.seenAt).max()!)
        }.sorted { $0.site < $1.site }
        var scans: [Int64] = []
        for s in seen where !scans.contains(s.scanId) { scans.append(s.scanId) }
        return DeviceSnapshot(
            id: device.id, client: device.client, ip: primary.ip, addresses: Array(Set(lastSightings.map(\.ip))).sorted(),
            mac: primary.mac, macs: macs.filter { !$0.isZero }.sorted(),
            vendor: vendor, vendorSource: identification?.vendor != nil ? "identification" : (vendor == nil ? nil : "mac"),
            model: identification?.model, class: identification?.class ?? .unknown, serial: identification?.serial,
            os: identification?.os, version: identification?.version, family: identification?.family,
            sysName: answer?.sysName, sysDescr: answer?.sysDescr, rules: identification?.matches.filter { !$0.fields.isEmpty } ?? [],
            site: last.site, sites: sites,
            firstSeen: seen.map(\.seenAt).min() ?? device.firstSeen, lastSeen: seen.map(\.seenAt).max() ?? device.lastSeen,
            scans: scans, seenBy: lastScan.seenBy[primary.ip]?.sorted() ?? [],
            switchPort: primary.mac.flatMap { lastScan.ports[$0] },
            identity: .init(reason: device.decision.map { "\(primary.reason); \($0)" } ?? primary.reason, score: primary.score,
                            keys: device.keys, decision: device.decision))
    }
}

/// What one scan says about the addresses it saw.
struct ScanView {
    var identifications: [IPv4Address: Identification]
    var answers: [IPv4Address: FactSummary]
    var seenBy: [IPv4Address: Set<DiscoveryMethod>]
    var vendors: [MACAddress: String]
    var ports: [MACAddress: String]

    init(scan: Int64, store: any InventoryStore) async throws {
        identifications = try await store.identifications(scanId: scan)
        answers = Dictionary(try await store.factSummaries(scanId: scan).map { ($0.ip, $0) }, uniquingKeysWith: { a, _ in a })
        let hosts = try await store.observations(scanId: scan)
        seenBy = Dictionary(hosts.map { ($0.ip, $0.seenBy) }, uniquingKeysWith: { $0.union($1) })
        vendors = Dictionary(hosts.compactMap { h in h.vendor.map { (h.mac, $0) } }, uniquingKeysWith: { a, _ in a })
        ports = Dictionary(try await store.learntHosts(scanId: scan).filter { $0.source == .switchPort }
            .map { ($0.mac, "\($0.via) port \($0.port ?? $0.ifIndex.map(String.init) ?? "?")") }, uniquingKeysWith: { a, _ in a })
    }

    /// 0 answered SNMP, 1 seen on the segment, 2 only in other devices' tables.
    func rank(_ ip: IPv4Address) -> Int {
        if answers[ip] != nil { return 0 }
        if let how = seenBy[ip], !how.isDisjoint(with: [.arpSweep, .passive, .captureFile, .snmp]) { return 1 }
        return 2
    }
}
