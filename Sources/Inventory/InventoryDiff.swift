import CensusCore
import DeviceModel
import Foundation

/// What changed between two scans of a client: devices, not addresses (a device that moved is
/// one change, not one gone and one new).
public struct InventoryDiff: Sendable, Equatable, Codable {
    /// A device as one scan saw it.
    public struct Device: Sendable, Equatable, Codable, EncodesEveryKey {
        public var device: Int64
        public var ip: String
        public var mac: String?
        public var name: String?
        public var model: String?
        public var version: String?
        public var site: String?
        /// The switch port its MAC was learnt on, when a switch said.
        public var port: String?
    }

    public struct Change: Sendable, Equatable, Codable, EncodesEveryKey {
        public var device: Int64
        public var field: String
        public var before: String?
        public var after: String?
    }

    public var from: Int64
    public var to: Int64
    public var new: [Device]
    public var gone: [Device]
    public var changed: [Change]

    /// Compares scan `from` with scan `to` of `client`.
    public static func between(_ from: Int64, and to: Int64, client: String, in store: any InventoryStore,
                               views: DeviceViews = DeviceViews()) async throws -> InventoryDiff {
        let before = try await devices(in: from, client: client, store: store, views: views)
        let after = try await devices(in: to, client: client, store: store, views: views)
        return InventoryDiff(
            from: from, to: to,
            new: after.filter { before[$0.key] == nil }.values.sorted { $0.device < $1.device },
            gone: before.filter { after[$0.key] == nil }.values.sorted { $0.device < $1.device },
            changed: after.keys.sorted().flatMap { id -> [Change] in
                guard let old = before[id], let new = after[id] else { return [] }
                // Name, model, firmware and port come from SNMP: a scan that did not hear them says nothing new.
                let heard: [(String, String?, String?)] = [("name", old.name, new.name), ("model", old.model, new.model),
                                                           ("firmware", old.version, new.version), ("switch port", old.port, new.port)]
                return ([("ip", old.ip, new.ip), ("site", old.site, new.site)] + heard.filter { $0.1 != nil && $0.2 != nil })
                    .filter { $0.1 != $0.2 }.map { Change(device: id, field: $0.0, before: $0.1, after: $0.2) }
            })
    }

    private static func devices(in scan: Int64, client: String, store: any InventoryStore, views: DeviceViews) async throws -> [Int64: Device] {
        var result: [Int64: Device] = [:]
        for d in try await views.snapshots(client: client, scans: [scan], in: store) {
            guard let ip = d.ip else { continue }
            result[d.id] = Device(device: d.id, ip: ip.description, mac: d.mac?.description, name: d.sysName, model: d.model,
                                  version: d.version, site: d.site, port: d.switchPort)
        }
        return result
    }
}
