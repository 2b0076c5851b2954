import CensusCore
import SNMPModel
import Foundation

/// One catalog rule: conditions on the evidence and the fields it names when they all hold.
/// Every rule carries examples (inputs with the fields they must yield); a test runs them all.
public struct Rule: Sendable {
    public var id: String
    /// Where it was written, for messages (`file:line`).
    public var source: String
    /// Higher wins when two rules name the same field.
    public var priority: Int
    public var conditions: [Condition]
    /// Field → template; `{name}` takes a named capture of the rule's regular expressions.
    public var sets: [Field: String]
    /// Vendor objects the SNMP stage reads when the rule matches, and the field each feeds.
    public var fetch: [Field: OID]
    public var examples: [Example]
    /// Vendor objects under the device's own sysObjectID (`{sysObjectID}.1.1.3.1.6.1` in the
    /// catalog), for makers that root each product's MIB at its product OID (Accton's switches):
    /// the arcs below it, by the field each feeds.
    public var fetchUnderProduct: [Field: OID] = [:]
    /// Table columns whose first row the SNMP stage reads (one GETNEXT; `<column>.*` in the
    /// catalog), by the field each feeds: a maker's identity table indexed by the unit's MAC
    /// address or stack number, which no fixed GET reaches.
    public var fetchFirstRow: [Field: OID] = [:]
    /// When set, the `fetchFirstRow` columns are read at the row whose value in this column is
    /// the address the device was asked at, not the first (`row-by-address:` in the catalog): a
    /// table every member of a cluster answers whole (an Instant cluster's access points), where
    /// the device's own row is the one that holds its address.
    public var rowByAddress: OID? = nil

    /// The sysObjectIDs outside which the rule never holds (a product rule's exact OIDs), or nil
    /// when it may hold for others (a subtree, no sysObjectID condition).
    public var onlyForObjectIDs: Set<OID>? {
        for case let .objectID(exact, subtrees) in conditions where subtrees.isEmpty && !exact.isEmpty { return Set(exact) }
        return nil
    }

    /// Every vendor object the SNMP stage reads when the rest of the rule matches: those `fetch`
    /// feeds into fields, and those its `values:` conditions test (a switch's booted-image flag
    /// that says which of two revisions runs).
    public var objectsToRead: [OID] {
        var oids = fetch.values.sorted()
        for case let .value(oid, _) in conditions where !oids.contains(oid) { oids.append(oid) }
        return oids
    }

    /// The columns whose first row (or, with `rowByAddress`, the device's own row) the SNMP
    /// stage reads when the rest of the rule matches.
    public var columnsToRead: [OID] { fetchFirstRow.values.sorted() }

    /// The value `fetchFirstRow` reads for a column: its first row, or the device's own row.
    func row(of column: OID, in evidence: Evidence) -> SNMPValue? {
        if let key = rowByAddress { return evidence.ownRow(index: key).flatMap { evidence.values[column.appending($0)] } }
        return evidence.firstRow(of: column)
    }

    /// The objects `fetchUnderProduct` names for a device with this sysObjectID, by field.
    private func underProduct(_ sysObjectID: OID?) -> [(field: Field, oid: OID)] {
        guard let sysObjectID else { return [] }
        return fetchUnderProduct.map { (field: $0.key, oid: sysObjectID.appending($0.value.components)) }
    }

    /// `objectsToRead` and, for a device with this sysObjectID, those under it.
    public func objectsToRead(sysObjectID: OID?) -> [OID] {
        objectsToRead + underProduct(sysObjectID).map(\.oid).sorted().filter { !objectsToRead.contains($0) }
    }

    /// The objects the rule fetches for a device with this sysObjectID, by the field each feeds.
    func fetched(sysObjectID: OID?) -> [(field: Field, oid: OID)] {
        fetch.map { (field: $0.key, oid: $0.value) } + underProduct(sysObjectID)
    }

    /// The fields a rule can name.
    public enum Field: String, CaseIterable, Sendable, Codable, Comparable {
        case vendor, model, `class`, os, version, family, serial
        public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
    }

    public enum Condition: Sendable {
        /// sysObjectID equal to one of these, or (prefix) inside one of these subtrees.
        case objectID(exact: [OID], subtrees: [OID])
        /// A regular expression found in a text field (named captures feed templates).
        case matches(EvidenceField, Pattern)
        /// Sections of the collection plan that must hold data.
        case has(Set<String>)
        /// Sections that must hold nothing.
        case lacks(Set<String>)
        /// sysServices layers that must be set (1 physical ... 7 applications).
        case services(Set<Int>)
        /// A regular expression found in the text of an object read from the device.
        case value(OID, Pattern)
        /// `agent: toolkit`: the sysObjectID is absent or an agent toolkit's (`Catalog.notMakers`:
        /// net-snmp, UCD-SNMP...), so nothing but the text says what the device is; `agent: maker`:
        /// a maker's own arc names it.
        case agent(toolkit: Bool)
    }

    /// A compiled regular expression that keeps its source text.
    public struct Pattern: @unchecked Sendable {
        public let source: String
        let regex: NSRegularExpression
        let names: [String]

        public init(_ source: String) throws {
            self.source = source
            regex = try NSRegularExpression(pattern: source)
            // Named groups, in order: (?<name>...)
            let finder = try NSRegularExpression(pattern: #"\(\?<([A-Za-z][A-Za-z0-9]*)>"#)
            names = finder.matches(in: source, range: NSRange(source.startIndex..., in: source)).compactMap {
                Range($0.range(at: 1), in: source).map { String(source[$0]) }
            }
        }

        /// The named captures of the first match, or nil when there is none, or when the match
        /// costs more than its share of the device's `budget` (a match cut short is no match).
        func captures(in text: String, budget: MatchBudget = MatchBudget()) -> [String: String]? {
            guard budget.remaining > 0 else { budget.exceeded = true; return nil }
            var found: NSTextCheckingResult?
            // ICU calls back once per start position tried, and once per ~10,000 steps of one
            // attempt: callbacks beyond the text's length are matching work.
            let positions = text.utf16.count
            var calls = 0
            regex.enumerateMatches(in: text, options: [.reportProgress], range: NSRange(text.startIndex..., in: text)) { result, _, stop in
                if let result { found = result; stop.pointee = true; return }
                calls += 1
                guard calls > positions else { return }
                budget.remaining -= 1
                if calls - positions >= MatchBudget.ticksPerPattern || budget.remaining <= 0 { budget.exceeded = true; stop.pointee = true }
            }
            guard let match = found else { return nil }
            var result: [String: String] = [:]
            for name in names {
                let range = match.range(withName: name)
                if range.location != NSNotFound, let r = Range(range, in: text) { result[name] = String(text[r]) }
            }
            return result
        }
    }

    /// How much regular-expression work one device may cost. ICU reports progress at each start
    /// position it tries and about every 10,000 steps of one attempt (a "tick"): a sane pattern
    /// over 255 bytes makes no more calls than the text has positions; one that backtracks
    /// catastrophically is stopped `ticksPerPattern` calls beyond that, and the whole device
    /// after `ticksPerDevice` such calls (every later match then fails at once). Counted in
    /// calls, not time, so the same device always gets the same answer.
    public final class MatchBudget {
        public static let ticksPerPattern = 50
        public static let ticksPerDevice = 500
        var remaining: Int
        /// Set when some match was cut short (its rule did not match).
        public internal(set) var exceeded = false
        public init(ticks: Int = MatchBudget.ticksPerDevice) { remaining = ticks }
    }

    /// An input and what the rule must make of it.
    public struct Example: Sendable {
        public var evidence: Evidence
        public var expected: [Field: String]
        public var line: Int
    }

    /// Whether a sysObjectID names no maker: absent, outside the enterprises arc, or an agent
    /// toolkit's or placeholder arc (`Catalog.notMakers`).
    static func isToolkitAgent(_ oid: OID?) -> Bool {
        guard let number = oid?.enterpriseNumber else { return true }
        return Catalog.notMakers.contains(number)
    }

    /// Whether every condition holds; with the named captures of its patterns. With
    /// `ignoringValues`, conditions on vendor objects (not read yet) are taken as holding.
    func match(_ evidence: Evidence, ignoringValues: Bool = false, budget: MatchBudget = MatchBudget()) -> [String: String]? {
        var captures: [String: String] = [:]
        for condition in conditions {
            switch condition {
            case let .objectID(exact, subtrees):
                guard let oid = evidence.sysObjectID,
                      exact.contains(oid) || subtrees.contains(where: { $0.isAncestor(of: oid) }) else { return nil }
            case let .matches(field, pattern):
                guard let text = evidence.text(field), let found = pattern.captures(in: text, budget: budget) else { return nil }
                captures.merge(found) { a, _ in a }
            case .has(let sections):
                guard sections.isSubset(of: evidence.sections) else { return nil }
            case .lacks(let sections):
                guard sections.isDisjoint(with: evidence.sections) else { return nil }
            case .services(let layers):
                guard let services = evidence.sysServices,
                      layers.allSatisfy({ services & (1 << ($0 - 1)) != 0 }) else { return nil }
            case let .value(oid, pattern):
                if ignoringValues { continue }
                guard let text = evidence.values[oid].flatMap(Self.text), let found = pattern.captures(in: text, budget: budget) else { return nil }
                captures.merge(found) { a, _ in a }
            case .agent(let toolkit):
                guard Self.isToolkitAgent(evidence.sysObjectID) == toolkit else { return nil }
            }
        }
        return captures
    }

    /// A value read as text: strings as they are (leniently: a Latin-1 byte keeps the string),
    /// numbers and OIDs in their usual notation.
    static func text(_ value: SNMPValue) -> String? {
        if let text = value.displayText { return text }
        if let n = value.integer { return String(n) }
        return value.oidValue?.description
    }

    /// Fills `{name}` placeholders; nil when a placeholder has no capture (the field is then
    /// not named by this rule, rather than named wrongly).
    static func fill(_ template: String, _ captures: [String: String]) -> String? {
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { return nil }
            let name = String(rest[rest.index(after: open)..<close])
            guard let value = captures[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            result += value
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        let trimmed = result.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }
}
