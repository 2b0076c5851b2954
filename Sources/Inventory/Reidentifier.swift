import CensusCore
import DeviceModel
import Fingerprinting
import Foundation

/// Runs identification again over stored SNMP answers (after a catalog change), without rescanning.
public struct Reidentifier: Sendable {
    /// One field of one device that came out differently.
    public struct Change: Sendable, Equatable, Codable, EncodesEveryKey {
        public var scan: Int64
        public var ip: String
        public var field: String
        public var before: String?
        public var after: String?
    }

    public struct Outcome: Sendable {
        public var identified: Int
        public var changes: [Change]
    }

    public var identifier: Identifier
    public var vendors: (any VendorLookup)?

    public init(identifier: Identifier, vendors: (any VendorLookup)? = nil) {
        self.identifier = identifier
        self.vendors = vendors
    }

    /// Identifies every stored answer again (only `scan`'s, when given) and stores the result.
    public func run(scan: Int64? = nil, in store: any InventoryStore, at date: Date) async throws -> Outcome {
        var changes: [Change] = []
        var total = 0
        var ids: [Int64] = []
        if let scan { ids = [scan] } else { ids = try await store.scans(client: nil, site: nil).compactMap(\.id).sorted() }
        for scanId in ids {
            let answers = try await store.facts(scanId: scanId)
            guard !answers.isEmpty else { continue }
            let before = try await store.identifications(scanId: scanId)
            let observations = try await store.observations(scanId: scanId)
            let macs = Dictionary(observations.map { ($0.ip, $0.mac) }, uniquingKeysWith: { a, _ in a })
            var updated: [(IPv4Address, Identification)] = answers.map { facts in
                let vendor = Evidence.macVendor(of: facts, seenWith: macs[facts.ip]) { vendors?.vendor(for: $0) }
                return (facts.ip, identifier.identify(Evidence(facts: facts, ouiVendor: vendor)))
            }
            // What the answering ones' LLDP and CDP tables say of the others, read again too: the
            // gaps of those that answered, then the silent devices.
            let hosts = observations.map { host in
                var h = host
                h.vendor = h.vendor ?? vendors?.vendor(for: h.mac)
                return h
            }
            let completed = identifier.completeFromNeighbours(Dictionary(updated, uniquingKeysWith: { a, _ in a }), answered: answers, hosts: hosts)
            updated = updated.map { ($0.0, completed[$0.0] ?? $0.1) }
            let answered = Set(answers.map(\.ip))
            let silent = hosts.filter { !answered.contains($0.ip) }
            updated += identifier.identifyNeighbours(of: answers, silent: silent).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            for (ip, now) in updated {
                total += 1
                let old = before[ip]
                for field in Rule.Field.allCases where old?.value(field) != now.value(field) {
                    changes.append(Change(scan: scanId, ip: ip.description, field: field.rawValue,
                                          before: old?.value(field), after: now.value(field)))
                }
            }
            try await store.recordIdentifications(updated, scanId: scanId, at: date)
        }
        return Outcome(identified: total, changes: changes)
    }
}
