import CensusCore
import CensusStore
import Foundation
import Inventory
import SNMPInventory
import SNMPModel

/// Files a scan's hosts under the client's devices: identity resolution against what the
/// store already knows, then the sightings stored (one device per physical device).
enum DeviceTracking {
    /// The client name devices are kept under when a scan names none.
    static let defaultClient = "default"

    @discardableResult
    static func record(hosts: [HostObservation], facts: [IPv4Address: DeviceFacts], identified: [IPv4Address: Identification],
                       scanId: Int64, client: String?, site: String?, in database: CensusStore) throws -> [IdentityConflict] {
        let client = client ?? defaultClient
        let known = try database.devices(client: client).map { KnownDevice(id: $0.id, keys: Set($0.keys.compactMap(IdentityKey.init(text:))), lastSeen: $0.lastSeen) }
        // One sighting per address: the ARP MAC, the interface MACs and identification if it answered SNMP.
        var byIP: [IPv4Address: HostObservation] = [:]
        for host in hosts.sorted(by: { $0.lastSeen > $1.lastSeen }) where byIP[host.ip] == nil || !host.seenBy.isDisjoint(with: [.arpSweep, .passive, .captureFile]) {
            byIP[host.ip] = host
        }
        let sightings = byIP.values.sorted { $0.ip < $1.ip }.map { host in
            Sighting(scanId: scanId, site: site, ip: host.ip, mac: host.mac, interfaceMACs: facts[host.ip]?.macs ?? [],
                     identification: identified[host.ip], sysName: facts[host.ip]?.sysName, seenAt: host.lastSeen)
        }
        let (resolutions, conflicts) = IdentityResolver().resolve(sightings, known: known)
        try database.recordSightings(resolutions.map { r in
            var device: Int64?
            var group: Int?
            switch r.target {
            case .existing(let id): device = id
            case .new(let n): group = n
            }
            return CensusStore.SightingToStore(device: device, newGroup: group, scanId: scanId, site: site, ip: r.sighting.ip,
                                               mac: r.sighting.mac, score: r.score, reason: r.reason, seenAt: r.sighting.seenAt,
                                               keys: r.keys.map(\.text).sorted())
        }, client: client)
        for conflict in conflicts {
            Terminal.error("census: warning: \(conflict.key) is claimed by devices \(conflict.devices.map(String.init).joined(separator: " and ")) (seen at \(conflict.sighting)); not merged")
        }
        return conflicts
    }
}
