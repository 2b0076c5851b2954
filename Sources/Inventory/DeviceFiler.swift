import CensusCore
import DeviceModel
import Foundation

/// Files a scan's hosts under the client's devices: one sighting per device seen, resolved
/// against the devices the store knows, in one store transaction.
///
/// A device that answered SNMP owns every MAC of its interface table: an address at which one
/// of those MACs turned up (a router's or firewall's other interfaces, listed in its own ARP
/// cache) is that device's address, never a device of its own.
public struct DeviceFiler: Sendable {
    public var resolver: IdentityResolver

    public init(resolver: IdentityResolver = IdentityResolver()) { self.resolver = resolver }

    /// What a scan saw, ready to file.
    public struct ScanContents: Sendable {
        public var scanId: Int64
        public var site: String?
        public var hosts: [HostObservation]
        public var answers: [FactSummary]
        public var identifications: [IPv4Address: Identification]
        /// People's decisions carried by a bundle (devices made elsewhere).
        public var decisions: [ScanBundle.DeviceDecision]

        public init(scanId: Int64, site: String?, hosts: [HostObservation], answers: [FactSummary],
                    identifications: [IPv4Address: Identification], decisions: [ScanBundle.DeviceDecision] = []) {
            self.scanId = scanId
            self.site = site
            self.hosts = hosts
            self.answers = answers
            self.identifications = identifications
            self.decisions = decisions
        }
    }

    /// Files what a live scan saw; returns the identity conflicts met (two devices claiming one key).
    @discardableResult
    public func file(_ contents: ScanContents, client: String, in store: any InventoryStore) async throws -> [IdentityConflict] {
        let box = ConflictBox()
        let resolve = resolution(for: contents, box: box)
        try await store.fileSightings(client: client, resolve: resolve)
        return box.conflicts
    }

    /// Files a scan from what the store holds of it (hosts, SNMP answers, identifications): for
    /// a scan whose process stopped after storing its hosts and before filing them.
    @discardableResult
    public func fileStored(scanId: Int64, in store: any InventoryStore) async throws -> [IdentityConflict] {
        guard let scan = try await store.scan(scanId) else { throw StoreError.noSuchScan(scanId) }
        let contents = ScanContents(scanId: scanId, site: scan.site, hosts: try await store.observations(scanId: scanId),
                                    answers: try await store.facts(scanId: scanId).map(FactSummary.init),
                                    identifications: try await store.identifications(scanId: scanId))
        return try await file(contents, client: scan.client, in: store)
    }

    /// The resolver a store runs inside its filing transaction.
    func resolution(for contents: ScanContents, box: ConflictBox) -> SightingResolver {
        { [resolver] known in
            let (list, conflicts) = Self.sightings(contents, known: known, resolver: resolver)
            box.conflicts = conflicts
            return list
        }
    }

    /// The sightings to store for a scan, given the client's devices.
    static func sightings(_ contents: ScanContents, known: [StoredDevice], resolver: IdentityResolver)
        -> (sightings: [SightingToStore], conflicts: [IdentityConflict]) {
        let answers = Dictionary(contents.answers.map { ($0.ip, $0) }, uniquingKeysWith: { a, _ in a })
        // One candidate per address: what answered there directly beats what a router's cache
        // says. Two MACs answering for one address (a conflict) are two devices, both kept.
        var byIP: [IPv4Address: HostObservation] = [:]
        var alsoAt: [HostObservation] = []
        for host in contents.hosts.sorted(by: { ($0.lastSeen, $1.mac) > ($1.lastSeen, $0.mac) }) {
            if let kept = byIP[host.ip] {
                if host.isDirect && !kept.isDirect { byIP[host.ip] = host } else if host.isDirect && kept.isDirect && host.mac != kept.mac { alsoAt.append(host) }
            } else {
                byIP[host.ip] = host
            }
        }
        for answer in contents.answers where byIP[answer.ip] == nil {
            // Answered SNMP (e.g. an explicit routed target) without an ARP sighting.
            byIP[answer.ip] = HostObservation(ip: answer.ip, mac: answer.interfaceMACs.first ?? MACAddress(0), seenBy: [.snmp], firstSeen: Date())
        }
        // The MACs each answering device owns.
        var owner: [MACAddress: IPv4Address] = [:]
        for answer in contents.answers.sorted(by: { $0.ip < $1.ip }) {
            for mac in answer.interfaceMACs where owner[mac] == nil { owner[mac] = answer.ip }
        }
        var own: [IPv4Address: IPv4Address] = [:]   // address → the device's answering address
        var primary: [HostObservation] = alsoAt.filter { owner[$0.mac] == nil }
        for host in byIP.values.sorted(by: { $0.ip < $1.ip }) {
            if answers[host.ip] == nil, let device = owner[host.mac], device != host.ip, byIP[device] != nil {
                own[host.ip] = device
            } else {
                primary.append(host)
            }
        }
        let seen = primary.map { host in
            Sighting(scanId: contents.scanId, site: contents.site, ip: host.ip, mac: host.mac.isZero ? nil : host.mac,
                     interfaceMACs: answers[host.ip]?.interfaceMACs ?? [], identification: contents.identifications[host.ip],
                     sysName: answers[host.ip]?.sysName, seenAt: host.lastSeen)
        }
        let knownDevices = known.map { KnownDevice(id: $0.id, keys: Set($0.keys.compactMap(IdentityKey.init(text:))), lastSeen: $0.lastSeen) }
        var (resolutions, conflicts) = resolver.resolve(seen, known: knownDevices)
        applyDecisions(contents.decisions, to: &resolutions, known: knownDevices)
        let decisionOf = decisionsByKey(contents.decisions)
        var targetOf: [IPv4Address: Resolution] = [:]
        var list: [SightingToStore] = resolutions.map { r in
            if answers[r.sighting.ip] != nil || targetOf[r.sighting.ip] == nil { targetOf[r.sighting.ip] = r }
            return store(r, keys: r.keys.map(\.text).sorted(), reason: r.reason, ip: r.sighting.ip, mac: r.sighting.mac,
                         decision: r.keys.lazy.compactMap { decisionOf[$0.text] }.first)
        }
        for (address, device) in own.sorted(by: { $0.key < $1.key }) {
            guard let r = targetOf[device], let host = byIP[address] else { continue }
            var s = store(r, keys: [IdentityKey.mac(host.mac).text], reason: "an interface of the device answering at \(device)",
                          ip: address, mac: host.mac, decision: nil)
            s.seenAt = host.lastSeen
            list.append(s)
        }
        conflicts.removeAll { c in own.keys.contains(c.sighting) }
        return (list, conflicts)

        func store(_ r: Resolution, keys: [String], reason: String, ip: IPv4Address, mac: MACAddress?, decision: String?) -> SightingToStore {
            var device: Int64?
            var group: Int?
            switch r.target {
            case .existing(let id): device = id
            case .new(let n): group = n
            }
            return SightingToStore(device: device, newGroup: group, scanId: contents.scanId, site: contents.site, ip: ip, mac: mac,
                                   score: r.score, reason: reason, seenAt: r.sighting.seenAt, keys: keys, decision: decision)
        }
    }

    /// Keys a person put in one device elsewhere (a merge) are one device here too: the
    /// sightings carrying them stay together, and join the device already holding one of them
    /// (filed from an earlier bundle of the same merged device: another site's scan).
    static func applyDecisions(_ decisions: [ScanBundle.DeviceDecision], to resolutions: inout [Resolution], known: [KnownDevice] = []) {
        for decision in decisions {
            let keys = Set(decision.keys)
            let members = resolutions.indices.filter { !resolutions[$0].keys.map(\.text).filter(keys.contains).isEmpty }
            let holders = known.filter { !$0.keys.map(\.text).filter(keys.contains).isEmpty }.map(\.id).sorted()
            guard members.count > 1 || (!members.isEmpty && !holders.isEmpty) else { continue }
            let current = resolutions
            let existing = members.compactMap { i -> Resolution.Target? in
                if case .existing = current[i].target { return current[i].target } else { return nil }
            }
            let target = existing.first { if case .existing(let id) = $0 { holders.contains(id) } else { false } }
                ?? holders.first.map { .existing($0) } ?? existing.first ?? resolutions[members[0]].target
            for i in members where resolutions[i].target != target {
                resolutions[i].target = target
                if case .existing = target { resolutions[i].reason += "; kept with the device it was merged with by hand" }
            }
        }
    }

    static func decisionsByKey(_ decisions: [ScanBundle.DeviceDecision]) -> [String: String] {
        var result: [String: String] = [:]
        for d in decisions { for key in d.keys { result[key] = d.decision } }
        return result
    }
}

/// Carries the conflicts out of the store's transaction.
final class ConflictBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: [IdentityConflict] = []
    var conflicts: [IdentityConflict] {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
