import Foundation

/// How a host came to be known.
public enum DiscoveryMethod: String, Sendable, Codable, CaseIterable, Comparable {
    /// Answered an ARP request Census sent.
    case arpSweep = "arp"
    /// Heard on the wire (ARP request, reply or gratuitous ARP) without Census sending anything.
    case passive
    /// Found in a packet capture file.
    case captureFile = "pcap"
    /// Answered SNMP.
    case snmp
    /// Listed in a router's ARP cache (IP-MIB), possibly on another subnet.
    case routerARP = "router-arp"
    /// Listed in a switch's forwarding table (BRIDGE-MIB / Q-BRIDGE-MIB).
    case switchPort = "switch-port"

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One IPv4 host seen on the segment during one scan.
public struct HostObservation: Sendable, Codable, Equatable {
    public var ip: IPv4Address
    public var mac: MACAddress
    /// The organisation the MAC's prefix is registered to, if known.
    public var vendor: String?
    public var seenBy: Set<DiscoveryMethod>
    public var firstSeen: Date
    public var lastSeen: Date
    /// Time from Census's first request to this host to its first answer (active sweeps only).
    public var responseTime: Duration?

    public init(ip: IPv4Address, mac: MACAddress, vendor: String? = nil, seenBy: Set<DiscoveryMethod>,
                firstSeen: Date, lastSeen: Date? = nil, responseTime: Duration? = nil) {
        self.ip = ip
        self.mac = mac
        self.vendor = vendor
        self.seenBy = seenBy
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen ?? firstSeen
        self.responseTime = responseTime
    }

    /// Seen on the segment itself (ARP, listening, capture, SNMP), not only in another device's tables.
    public var isDirect: Bool { !seenBy.isDisjoint(with: [.arpSweep, .passive, .captureFile, .snmp]) }

    /// Folds a later sighting of the same IP and MAC into this one.
    public mutating func merge(_ other: HostObservation) {
        seenBy.formUnion(other.seenBy)
        firstSeen = min(firstSeen, other.firstSeen)
        lastSeen = max(lastSeen, other.lastSeen)
        responseTime = responseTime ?? other.responseTime
        vendor = vendor ?? other.vendor
    }
}

/// More than one MAC answered for the same IPv4 address: a duplicate address, a proxy-ARP
/// device, or a spoofer. Reported, never hidden.
public struct AddressConflict: Sendable, Codable, Equatable {
    public var ip: IPv4Address
    public var macs: [MACAddress]
    public init(ip: IPv4Address, macs: [MACAddress]) { self.ip = ip; self.macs = macs }
}

/// Collects sightings, keyed by IP and MAC, and reports conflicts.
public struct ObservationSet: Sendable {
    private var byKey: [Key: HostObservation] = [:]
    private struct Key: Hashable { var ip: IPv4Address; var mac: MACAddress }

    public init() {}

    public mutating func record(_ observation: HostObservation) {
        let key = Key(ip: observation.ip, mac: observation.mac)
        if byKey[key] != nil { byKey[key]!.merge(observation) } else { byKey[key] = observation }
    }

    public mutating func formUnion(_ other: ObservationSet) {
        for observation in other.observations { record(observation) }
    }

    public var count: Int { byKey.count }
    public var isEmpty: Bool { byKey.isEmpty }

    /// Every sighting, ordered by address then MAC.
    public var observations: [HostObservation] {
        byKey.values.sorted { ($0.ip, $0.mac) < ($1.ip, $1.mac) }
    }

    public func contains(ip: IPv4Address) -> Bool { byKey.keys.contains { $0.ip == ip } }

    /// Addresses claimed by more than one MAC.
    public var conflicts: [AddressConflict] {
        Dictionary(grouping: byKey.keys, by: \.ip)
            .filter { $0.value.count > 1 }
            .map { AddressConflict(ip: $0.key, macs: $0.value.map(\.mac).sorted()) }
            .sorted { $0.ip < $1.ip }
    }
}

/// A host another device knows about: from a router's ARP cache or a switch's forwarding table.
public struct LearntHost: Sendable, Equatable, Codable {
    public enum Source: String, Sendable, Codable { case routerARP = "router-arp", switchPort = "switch-port" }
    public var ip: IPv4Address?
    public var mac: MACAddress
    public var source: Source
    /// The device that reported it.
    public var via: IPv4Address
    /// The interface (router) or bridge port (switch) it was learnt on.
    public var ifIndex: Int?
    public var port: String?

    public init(ip: IPv4Address?, mac: MACAddress, source: Source, via: IPv4Address, ifIndex: Int? = nil, port: String? = nil) {
        self.ip = ip
        self.mac = mac
        self.source = source
        self.via = via
        self.ifIndex = ifIndex
        self.port = port
    }
}

extension LearntHost {
    /// Reports of one MAC by one source and reporter are one learnt host.
    public var mergeKey: String { "\(mac) \(source.rawValue) \(via)" }

    /// This report with what a later one of the same host adds (its address, interface, port).
    public func filled(by later: LearntHost) -> LearntHost {
        var merged = self
        merged.ip = later.ip ?? ip
        merged.ifIndex = later.ifIndex ?? ifIndex
        merged.port = later.port ?? port
        return merged
    }

    /// One learnt host per `mergeKey`, in the order first reported: later reports fill in what
    /// earlier ones lacked.
    public static func merged(_ hosts: [LearntHost]) -> [LearntHost] {
        var byKey: [String: Int] = [:]
        var result: [LearntHost] = []
        for h in hosts {
            if let i = byKey[h.mergeKey] { result[i] = result[i].filled(by: h) } else {
                byKey[h.mergeKey] = result.count
                result.append(h)
            }
        }
        return result
    }
}

