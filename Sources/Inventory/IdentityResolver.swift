import CensusCore
import Foundation

/// One device as a scan saw it: what identity can be judged from.
public struct Sighting: Sendable, Equatable {
    public var scanId: Int64
    public var site: String?
    public var ip: IPv4Address
    /// The MAC that answered ARP (or that a router's cache gave for the IP).
    public var mac: MACAddress?
    /// Every interface MAC the device reported over SNMP.
    public var interfaceMACs: [MACAddress]
    public var identification: Identification?
    public var sysName: String?
    public var seenAt: Date

    public init(scanId: Int64, site: String? = nil, ip: IPv4Address, mac: MACAddress? = nil, interfaceMACs: [MACAddress] = [],
                identification: Identification? = nil, sysName: String? = nil, seenAt: Date) {
        self.scanId = scanId
        self.site = site
        self.ip = ip
        self.mac = mac
        self.interfaceMACs = interfaceMACs
        self.identification = identification
        self.sysName = sysName
        self.seenAt = seenAt
    }

    /// The keys this sighting offers: serial, identifying MACs, supporting MACs, name+model.
    public var keys: (strong: [IdentityKey], supporting: [IdentityKey], weak: [IdentityKey]) {
        var strong: [IdentityKey] = []
        var supporting: [IdentityKey] = []
        if let serial = identification?.serial, let vendor = identification?.vendor {
            strong.append(.serial(vendor: vendor, serial: serial))
        }
        for mac in Set([mac].compactMap { $0 } + interfaceMACs).sorted() {
            switch MACTrust(mac) {
            case .identifying: strong.append(.mac(mac))
            case .supporting: supporting.append(.mac(mac))
            case .ignored: break
            }
        }
        var weak: [IdentityKey] = []
        if let name = sysName?.trimmingCharacters(in: .whitespaces), !name.isEmpty, let model = identification?.model {
            weak.append(.nameModel(name: name, model: model))
        }
        if strong.isEmpty && supporting.isEmpty && weak.isEmpty {
            weak.append(.address(site: site ?? "", ip: ip))
        }
        return (strong, supporting, weak)
    }
}

/// A device already known for the client: its id, the keys that lead to it, when last seen.
public struct KnownDevice: Sendable, Equatable {
    public var id: Int64
    public var keys: Set<IdentityKey>
    public var lastSeen: Date?
    public init(id: Int64, keys: Set<IdentityKey>, lastSeen: Date? = nil) { self.id = id; self.keys = keys; self.lastSeen = lastSeen }
}

/// What the resolver decided for one sighting.
public struct Resolution: Sendable, Equatable {
    public enum Target: Sendable, Equatable, Hashable {
        case existing(Int64)
        /// A device first seen now; sightings with the same `new` number are the same device.
        case new(Int)
    }
    public var sighting: Sighting
    public var target: Target
    /// 0–100: how sure the match is (100 for a serial, 80 for a MAC...; new devices 100).
    public var score: Int
    /// Why, in words (`"MAC 00:1b:21:0a:0b:0c, seen before"`).
    public var reason: String
    /// Keys this sighting adds to its device.
    public var keys: Set<IdentityKey>
}

/// Two devices claim the same strong key (two chassis with one serial): reported, not merged.
public struct IdentityConflict: Sendable, Equatable {
    public var key: IdentityKey
    public var devices: [Int64]
    public var sighting: IPv4Address
    public init(key: IdentityKey, devices: [Int64], sighting: IPv4Address) {
        self.key = key
        self.devices = devices
        self.sighting = sighting
    }
}

/// Decides which device each sighting is, for one client. Strong keys (serial with vendor,
/// burnt-in MACs) match alone; supporting keys (private or VM MACs) and weak ones (name with
/// model) only when nothing stronger points elsewhere. A key once given to a device stays
/// with it, so a person's merge or split (which moves keys) survives later scans.
public struct IdentityResolver: Sendable {
    /// How long an address at a site still points at the device last seen there (addresses are
    /// handed out again: after this, the same address is someone else).
    public var addressWindow: TimeInterval

    public init(addressWindow: TimeInterval = 30 * 86_400) { self.addressWindow = addressWindow }

    public func resolve(_ sightings: [Sighting], known: [KnownDevice]) -> (resolutions: [Resolution], conflicts: [IdentityConflict]) {
        var owner: [IdentityKey: Int64] = [:]
        var conflicts: [IdentityConflict] = []
        for device in known { for key in device.keys { owner[key] = owner[key] ?? device.id } }
        let lastSeen = Dictionary(known.map { ($0.id, $0.lastSeen) }, uniquingKeysWith: { a, _ in a })
        var newOwner: [IdentityKey: Int] = [:]
        var nextNew = 0
        var profiles: [Resolution.Target: AnswerProfile] = [:]
        // Sightings with a serial first: they anchor the rest.
        let ordered = sightings.enumerated().sorted { a, b in
            let sa = a.element.keys.strong.contains { if case .serial = $0 { true } else { false } }
            let sb = b.element.keys.strong.contains { if case .serial = $0 { true } else { false } }
            return sa != sb ? sa : a.offset < b.offset
        }
        var results: [(offset: Int, resolution: Resolution)] = []
        for (offset, sighting) in ordered {
            let keys = sighting.keys
            let all = Set(keys.strong + keys.supporting + keys.weak)
            var target: Resolution.Target?
            var reason = ""
            var score = 100
            // Strong keys, in order: serial, then identifying MACs; never to a device this scan
            // saw answer otherwise (another serial, name or model: an agent listing a MAC of
            // another host among its interfaces, as a hypervisor does its guests').
            let admits = { (target: Resolution.Target) in profiles[target]?.admits(sighting) ?? true }
            let strongHits = keys.strong.compactMap { key in owner[key].map { (key, $0) } }.filter { admits(.existing($0.1)) }
            let devices = Set(strongHits.map(\.1))
            if devices.count > 1 {
                // The sighting's keys point at different known devices (a MAC split off by hand, a
                // moved NIC): its serial decides, else the MAC that answered at its address, else
                // the device most of its keys point at, never merely the key that sorts first.
                let serialHit = strongHits.first { if case .serial = $0.0 { true } else { false } }
                let ownMACHit = sighting.mac.flatMap { mac in strongHits.first { $0.0 == .mac(mac) } }
                let votes = Dictionary(strongHits.map { ($0.1, 1) }, uniquingKeysWith: +)
                let most = strongHits.max { votes[$0.1]! < votes[$1.1]! }!
                let chosen = (serialHit ?? ownMACHit ?? most).1
                for (key, device) in strongHits where device != chosen {
                    conflicts.append(IdentityConflict(key: key, devices: [chosen, device].sorted(), sighting: sighting.ip))
                }
                target = .existing(chosen)
                let key = (serialHit ?? ownMACHit ?? most).0
                reason = "\(key), seen before (other keys point elsewhere: reported as a conflict)"
                score = key.score - 10
            } else if let (key, device) = strongHits.first {
                target = .existing(device)
                reason = "\(key), seen before"
                score = key.score
            } else if let (key, new) = keys.strong.compactMap({ k in newOwner[k].map { (k, $0) } }).first(where: { admits(.new($0.1)) }) {
                target = .new(new)
                reason = "\(key), same device seen twice in this scan"
                score = key.score
            } else if keys.strong.isEmpty {
                // Nothing strong at all: supporting and weak keys may still lead to a known device.
                let softHits = (keys.supporting + keys.weak).compactMap { key in owner[key].map { (key, $0) } }.filter { key, device in
                    guard admits(.existing(device)) else { return false }
                    // An address only within its time window.
                    guard case .address = key else { return true }
                    guard let seen = lastSeen[device] ?? nil else { return false }
                    return abs(sighting.seenAt.timeIntervalSince(seen)) <= addressWindow
                }
                if let (key, device) = softHits.first, Set(softHits.map(\.1)).count == 1 {
                    target = .existing(device)
                    reason = "\(key), seen before (a weak key: no stronger one known)"
                    score = key.score - 20
                }
            }
            if target == nil {
                target = .new(nextNew)
                nextNew += 1
                reason = keys.strong.first.map { "first seen: \($0)" } ?? (all.first.map { "first seen: \($0) (weak)" } ?? "first seen: no key but its address")
                score = 100
            }
            // Record the keys for what comes next: a strong key never changes hands.
            for key in all {
                switch target! {
                case .existing(let id):
                    if owner[key] == nil { owner[key] = id }
                case .new(let n):
                    if owner[key] == nil && newOwner[key] == nil { newOwner[key] = n }
                }
            }
            profiles[target!, default: AnswerProfile()].add(sighting)
            results.append((offset, Resolution(sighting: sighting, target: target!, score: score, reason: reason, keys: all)))
        }
        // In the caller's order.
        return (results.sorted { $0.offset < $1.offset }.map(\.resolution), conflicts)
    }
}

/// What the sightings of one device in one scan answered: a sighting that answered otherwise
/// (another serial, sysName or model) is another device, whatever MAC they share.
struct AnswerProfile {
    var serials: Set<IdentityKey> = []
    var names: Set<String> = []
    var models: Set<String> = []

    static func name(_ s: Sighting) -> String? {
        guard let name = s.sysName?.trimmingCharacters(in: .whitespaces).lowercased(), !name.isEmpty else { return nil }
        return name
    }

    static func serial(_ s: Sighting) -> IdentityKey? {
        guard let serial = s.identification?.serial, let vendor = s.identification?.vendor else { return nil }
        return .serial(vendor: vendor, serial: serial)
    }

    func admits(_ s: Sighting) -> Bool {
        if let serial = Self.serial(s), !serials.isEmpty, !serials.contains(serial) { return false }
        if let name = Self.name(s), !names.isEmpty, !names.contains(name) { return false }
        if let model = s.identification?.model, !models.isEmpty, !models.contains(model) { return false }
        return true
    }

    mutating func add(_ s: Sighting) {
        if let serial = Self.serial(s) { serials.insert(serial) }
        if let name = Self.name(s) { names.insert(name) }
        if let model = s.identification?.model { models.insert(model) }
    }
}
