import CensusCore
import SNMPModel

/// What a switch's LLDP table says of a device that does not answer SNMP itself (IP phones,
/// access points and cameras often don't): the description, name and capabilities the device
/// announces on the wire, and the MAC or address it announces them from.
public struct NeighbourSighting: Sendable, Equatable {
    /// The device whose lldpRemTable holds the row, and the local port it was heard on.
    public var reportedBy: IPv4Address
    public var localPort: Int
    /// The MACs and address the row names the neighbour by (chassis and port identifiers of
    /// subtype macAddress or networkAddress; a six-octet chassis identifier when no subtype is given).
    public var macs: [MACAddress]
    public var address: IPv4Address?
    public var systemName: String?
    public var systemDescription: String?
    /// LldpSystemCapabilitiesMap octets the neighbour has enabled.
    public var capabilities: [UInt8]?

    /// Every neighbour row of one device's answer.
    public static func all(in facts: DeviceFacts) -> [NeighbourSighting] {
        var rows: [[UInt32]: [OID: SNMPValue]] = [:]
        for column in [MIB.lldpRemChassisIdSubtype, MIB.lldpRemChassisId, MIB.lldpRemPortIdSubtype, MIB.lldpRemPortId,
                       MIB.lldpRemSysName, MIB.lldpRemSysDesc, MIB.lldpRemSysCapEnabled] {
            for (index, value) in facts.column(column) where index.count == 3 { rows[index, default: [:]][column] = value }
        }
        return rows.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { index, row in
            var sighting = NeighbourSighting(reportedBy: facts.ip, localPort: Int(index[1]), macs: [], address: nil,
                                             systemName: row[MIB.lldpRemSysName]?.displayText.flatMap { $0.isEmpty ? nil : $0 },
                                             systemDescription: row[MIB.lldpRemSysDesc]?.displayText.flatMap { $0.isEmpty ? nil : $0 },
                                             capabilities: row[MIB.lldpRemSysCapEnabled].flatMap { if case .octets(let b) = $0 { b } else { nil } })
            // LldpChassisIdSubtype macAddress(4), networkAddress(5); LldpPortIdSubtype
            // macAddress(3), networkAddress(4). A network address is IANA's family (1 = IPv4)
            // and the address.
            func read(_ value: SNMPValue?, subtype: Int64?, mac: Int64, network: Int64) {
                guard case .octets(let bytes)? = value else { return }
                if subtype == mac || (subtype == nil && mac == 4), bytes.count == 6 {
                    let found = MACAddress(bytes: bytes)
                    if !found.isZero, !found.isMulticast, !sighting.macs.contains(found) { sighting.macs.append(found) }
                } else if subtype == network, bytes.count == 5, bytes[0] == 1 {
                    sighting.address = sighting.address ?? IPv4Address(bytes: bytes.dropFirst())
                }
            }
            read(row[MIB.lldpRemChassisId], subtype: row[MIB.lldpRemChassisIdSubtype]?.integer, mac: 4, network: 5)
            read(row[MIB.lldpRemPortId], subtype: row[MIB.lldpRemPortIdSubtype]?.integer, mac: 3, network: 4)
            return sighting
        }
    }

    /// The evidence the row gives of the neighbour: its own sysDescr and sysName as LLDP carries
    /// them, and its enabled capabilities where its own lldpLocSysCapEnabled would hold them.
    func evidence(ouiVendor: String?) -> Evidence {
        var values: [OID: SNMPValue] = [:]
        if let capabilities { values[MIB.lldpLocSysCapEnabled] = .octets(capabilities) }
        return Evidence(sysDescr: systemDescription, sysName: systemName, ouiVendor: ouiVendor, values: values)
    }
}

extension Identifier {
    /// Shown first among the matches of a device named from a neighbour's LLDP table:
    /// "lldp-neighbour 198.18.0.1 port 12".
    public static let lldpNeighbourRule = "lldp-neighbour"

    /// Names devices that did not answer SNMP from what the LLDP tables of those that did say of
    /// them: a silent host whose MAC (or address) a row names is identified from that row, as if
    /// it had answered with that sysDescr, sysName and capabilities. The first row naming a host
    /// counts (devices in address order, then rows in table order); a row from which no rule
    /// names anything (the MAC registry aside) gives no identification.
    public func identifyNeighbours(of answered: [DeviceFacts], silent hosts: [HostObservation]) -> [IPv4Address: Identification] {
        var byMAC: [MACAddress: [HostObservation]] = [:], byIP: [IPv4Address: HostObservation] = [:]
        for host in hosts {
            byMAC[host.mac, default: []].append(host)
            byIP[host.ip] = byIP[host.ip] ?? host
        }
        let own = Set(answered.map(\.ip))
        var result: [IPv4Address: Identification] = [:]
        for facts in answered.sorted(by: { $0.ip < $1.ip }) {
            for sighting in NeighbourSighting.all(in: facts) where sighting.systemDescription != nil || sighting.systemName != nil || sighting.capabilities != nil {
                let named = sighting.macs.flatMap { byMAC[$0] ?? [] } + (sighting.address.flatMap { byIP[$0] }.map { [$0] } ?? [])
                for host in named where result[host.ip] == nil && !own.contains(host.ip) {
                    var identification = identify(sighting.evidence(ouiVendor: host.vendor))
                    guard identification.ruleIDs.contains(where: { $0 != "mac-vendor" }) else { continue }
                    identification.matches.insert(.init(rule: "\(Self.lldpNeighbourRule) \(sighting.reportedBy) port \(sighting.localPort)", fields: []), at: 0)
                    result[host.ip] = identification
                }
            }
        }
        return result
    }
}
