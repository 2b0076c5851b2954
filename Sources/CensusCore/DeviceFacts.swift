import Foundation

/// What one SNMP interrogation of one device brought back: the raw answers, grouped by the
/// part of the MIB they came from, so identification can be re-run later without rescanning.
public struct DeviceFacts: Codable, Sendable, Equatable {
    /// One group of objects (the system group, a table...).
    public struct Section: Codable, Sendable, Equatable {
        public var varBinds: [VarBind]
        /// Set when the walk stopped early (row cap, looping agent, budget, failure).
        public var truncation: String?
        public init(varBinds: [VarBind], truncation: String? = nil) {
            self.varBinds = varBinds
            self.truncation = truncation
        }
    }

    public var ip: IPv4Address
    public var port: UInt16
    /// Which credential answered, e.g. `v2c` or `v3:monitor:authPriv` — never the secret.
    public var credential: String
    public var collectedAt: Date
    public var sections: [String: Section]
    /// Problems met while collecting (timeouts mid-way, agent errors), for the record.
    public var problems: [String]

    public init(ip: IPv4Address, port: UInt16 = 161, credential: String, collectedAt: Date,
                sections: [String: Section] = [:], problems: [String] = []) {
        self.ip = ip
        self.port = port
        self.credential = credential
        self.collectedAt = collectedAt
        self.sections = sections
        self.problems = problems
    }

    /// True when every section was read to its end.
    public var isComplete: Bool { problems.isEmpty && sections.values.allSatisfy { $0.truncation == nil } }

    /// Folds a later collection in without losing facts: a section the newer one lacks, or read
    /// only partly where the older one was whole, keeps the older answer.
    public func merged(withNewer newer: DeviceFacts) -> DeviceFacts {
        var result = newer
        for (name, old) in sections {
            guard let fresh = newer.sections[name] else { result.sections[name] = old; continue }
            if fresh.truncation != nil && old.truncation == nil && fresh.varBinds.count < old.varBinds.count {
                result.sections[name] = old
            }
        }
        return result
    }

    /// The value of a scalar, e.g. `1.3.6.1.2.1.1.5.0`.
    public func value(_ oid: OID) -> SNMPValue? {
        for section in sections.values { if let vb = section.varBinds.first(where: { $0.oid == oid }) { return vb.value } }
        return nil
    }

    /// The rows of one table column: index suffix → value.
    public func column(_ column: OID) -> [([UInt32], SNMPValue)] {
        sections.values.flatMap(\.varBinds).compactMap { vb in
            column.isAncestor(of: vb.oid) ? (vb.oid.suffix(after: column)!, vb.value) : nil
        }.sorted { $0.0.lexicographicallyPrecedes($1.0) }
    }
}
