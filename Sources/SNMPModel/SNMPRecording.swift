import CensusCore
import Foundation

/// An snmpsim recording (`.snmprec`: one `OID|TYPE|VALUE` line per object) read as the facts
/// Census would have collected from that device: objects under the collection plan's roots go
/// to their sections, the vendor objects a catalog asks for to `vendor`.
public enum SNMPRecording {
    public struct LineError: Error, CustomStringConvertible, Sendable {
        public var file: String
        public var line: Int
        public var reason: String
        public var description: String { "\(file):\(line): \(reason)" }
    }

    /// A line the reading could not give as a value, and why.
    public struct SkippedLine: Sendable, Equatable, CustomStringConvertible {
        public enum Kind: String, Sendable, CaseIterable {
            case oddHex = "hex value of odd length"
            case badHex = "hex value with a non-hex digit"
            case unknownType = "unknown type"
            case variation = "variation module value"
            case badValue = "value not of its type"
            /// A saved snmpwalk's line: a MIB name no loaded module defines, or text that is no object.
            case unknownName = "name not in the loaded MIB modules"
            case notAnObject = "line not an snmpwalk object"
            case lossyIndex = "index printed lossily by net-snmp"
            /// An object the file gives again with another value (two devices' walks in one file):
            /// the first is read.
            case repeated = "object given again with another value"
            /// net-snmp's "Timeout: No Response from …": the walk stopped there.
            case timeout = "walk cut short by a timeout"
            /// The file ends inside a quoted value: what was read of it is no value.
            case cutShort = "value cut short by the end of the file"
        }
        public var line: Int
        public var kind: Kind
        /// The line's own words: `unknown type '99'`, `'seventy' is not a value of type 2`.
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// What a recording gave: the facts, and the lines of collected objects it had to skip.
    public struct Reading: Sendable {
        public var facts: DeviceFacts
        public var skipped: [SkippedLine]

        /// `3 lines skipped (hex value of odd length: 2, unknown type: 1)`; nil when none was.
        public var skippedSummary: String? {
            guard !skipped.isEmpty else { return nil }
            let counts = SkippedLine.Kind.allCases.compactMap { kind -> String? in
                let n = skipped.count { $0.kind == kind }
                return n == 0 ? nil : "\(kind.rawValue): \(n)"
            }
            return "\(skipped.count) line\(skipped.count == 1 ? "" : "s") skipped (\(counts.joined(separator: ", ")))"
        }
    }

    /// Reads a recording's text as Census would have collected it: the plan's objects, at most
    /// `maxRowsPerRoot` per walked subtree (the walk's row cap), plus the `keep` objects (the
    /// vendor objects a catalog fetches). A huge recording costs no more than a huge agent.
    public static func facts(fromText text: String, file: String, ip: IPv4Address = IPv4Address(0),
                             plan: CollectionPlan = .standard, keep: Set<OID> = [], keepUnderObjectID: Set<OID> = [],
                             keepFirstRowOf: Set<OID> = [], keepColumns: Set<OID> = [],
                             maxRowsPerRoot: Int = InterrogationSettings().maxRowsPerWalk) throws(LineError) -> DeviceFacts {
        try read(fromBytes: Array(text.utf8), file: file, ip: ip, plan: plan, keep: keep, keepUnderObjectID: keepUnderObjectID,
                 keepFirstRowOf: keepFirstRowOf, keepColumns: keepColumns, maxRowsPerRoot: maxRowsPerRoot).facts
    }

    /// `facts(fromText:)` with the lines it skipped.
    public static func read(fromText text: String, file: String, ip: IPv4Address = IPv4Address(0),
                            plan: CollectionPlan = .standard, keep: Set<OID> = [], keepUnderObjectID: Set<OID> = [],
                            keepFirstRowOf: Set<OID> = [], keepColumns: Set<OID> = [],
                            maxRowsPerRoot: Int = InterrogationSettings().maxRowsPerWalk) throws(LineError) -> Reading {
        try read(fromBytes: Array(text.utf8), file: file, ip: ip, plan: plan, keep: keep, keepUnderObjectID: keepUnderObjectID,
                 keepFirstRowOf: keepFirstRowOf, keepColumns: keepColumns, maxRowsPerRoot: maxRowsPerRoot)
    }

    /// Reads the file's bytes as they are: a value in another encoding than UTF-8 (a Latin-1
    /// sysDescr) reaches the facts byte for byte, as the agent would have sent it.
    /// `keepUnderObjectID` are arcs kept under the recording's own sysObjectID (the vendor objects
    /// a catalog fetches there); a recording lists sysObjectID before any maker's object.
    /// `keepFirstRowOf` are table columns whose first row is kept (what a GETNEXT of the column
    /// answers; a recording lists its objects in order); `keepColumns` columns kept whole, up to
    /// `maxRowsPerRoot` rows each (what a walk of the column answers).
    public static func read(fromBytes bytes: [UInt8], file: String, ip: IPv4Address = IPv4Address(0),
                            plan: CollectionPlan = .standard, keep: Set<OID> = [], keepUnderObjectID: Set<OID> = [],
                            keepFirstRowOf: Set<OID> = [], keepColumns: Set<OID> = [],
                            maxRowsPerRoot: Int = InterrogationSettings().maxRowsPerWalk) throws(LineError) -> Reading {
        let roots = roots(of: plan)
        var sections: [String: [VarBind]] = [:]
        var skipped: [SkippedLine] = []
        var rowsPerRoot = [Int](repeating: 0, count: roots.count)
        var keepText = Set(keep.map { Array($0.description.utf8) })
        // The columns whose first row is still to be kept, as "<column>." bytes.
        var firstRowsToKeep = keepFirstRowOf.map { Array(($0.description + ".").utf8) }
        // The columns kept whole, as "<column>." bytes, and how many rows of each are kept.
        let columnsToKeep = keepColumns.map { Array(($0.description + ".").utf8) }
        var rowsPerColumn = [Int](repeating: 0, count: columnsToKeep.count)
        // The registration subtrees the plan's roots lie in (mib-2, IEEE 802.1's, IEEE 802.11's: their
        // first six arcs), as bytes: a line outside them all is skipped before it is parsed.
        let subtrees = Set(roots.map { root in Array((root.0.description.split(separator: ".").prefix(6).joined(separator: ".") + ".").utf8) })
        let bar = UInt8(ascii: "|")
        // Bytes, not Characters: a recording may hold millions of lines.
        var start = 0
        var number = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            var line = bytes[start..<end]
            start = end + 1
            number += 1
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if line.isEmpty || line.first == UInt8(ascii: "#") { continue }
            guard let first = line.firstIndex(of: bar), let second = line[(first + 1)...].firstIndex(of: bar) else {
                throw LineError(file: file, line: number, reason: "expected OID|TYPE|VALUE")
            }
            var oidBytes = line[..<first]
            if oidBytes.first == UInt8(ascii: ".") { oidBytes = oidBytes.dropFirst() }
            // Only the standard subtrees the plan walks, and the objects asked to keep.
            var kept = !keepText.isEmpty && keepText.contains(Array(oidBytes))
            if !kept, !firstRowsToKeep.isEmpty, let column = firstRowsToKeep.firstIndex(where: { oidBytes.starts(with: $0) }) {
                firstRowsToKeep.remove(at: column)
                kept = true
            }
            if !kept, !columnsToKeep.isEmpty, let column = columnsToKeep.firstIndex(where: { oidBytes.starts(with: $0) }),
               rowsPerColumn[column] < maxRowsPerRoot {
                rowsPerColumn[column] += 1
                kept = true
            }
            guard kept || subtrees.contains(where: { oidBytes.starts(with: $0) }) else { continue }
            let oidText = String(decoding: oidBytes, as: UTF8.self)
            guard let oid = OID(parsing: oidText) else { throw LineError(file: file, line: number, reason: "'\(oidText)' is not an OID") }
            let root = roots.firstIndex { $0.0.isAncestor(of: oid) || $0.0 == oid }
            guard root != nil || kept else { continue }
            if let root {
                guard rowsPerRoot[root] < maxRowsPerRoot else { continue }
                rowsPerRoot[root] += 1
            }
            let type = String(decoding: line[(first + 1)..<second], as: UTF8.self)
            switch decode(type: type, value: Array(line[(second + 1)...])) {
            case .success(let decoded):
                sections[root.map { roots[$0].1 } ?? "vendor", default: []].append(VarBind(oid: oid, value: decoded))
                if !keepUnderObjectID.isEmpty, oid == MIB.sysObjectID, case .oid(let product) = decoded {
                    for arcs in keepUnderObjectID { keepText.insert(Array(product.appending(arcs.components).description.utf8)) }
                }
            case .failure(let problem):
                skipped.append(SkippedLine(line: number, kind: problem.kind, reason: problem.reason))
            }
        }
        let facts = DeviceFacts(ip: ip, credential: "recording", collectedAt: Date(timeIntervalSince1970: 0),
                                sections: sections.mapValues { DeviceFacts.Section(varBinds: $0.sorted { $0.oid < $1.oid }) })
        return Reading(facts: facts, skipped: skipped)
    }

    /// Whether a file's bytes are a recording (`OID|TYPE|VALUE` lines) rather than a saved walk:
    /// its first line that is not blank or a comment starts with a numeric OID and a `|`.
    public static func looksLikeRecording(_ bytes: [UInt8]) -> Bool {
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            let trimmed = line.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
            if trimmed.isEmpty || trimmed.first == UInt8(ascii: "#") { continue }
            guard let bar = trimmed.firstIndex(of: UInt8(ascii: "|")) else { return false }
            return OID(parsing: String(decoding: trimmed[..<bar], as: UTF8.self)) != nil
        }
        return false
    }

    /// The subtrees the plan reads, each with its section's name.
    static func roots(of plan: CollectionPlan) -> [(OID, String)] {
        var roots: [(OID, String)] = []
        for section in plan.sections {
            for step in section.steps {
                switch step {
                case .get(let oids): roots += oids.map { ($0.parent, section.name) }
                case .walk(let root): roots.append((root, section.name))
                case .table(let columns): roots += columns.map { ($0, section.name) }
                }
            }
        }
        return roots
    }

    /// Whether `read` with these settings could keep an object (row caps aside): a walk's reader
    /// drops the rest as it goes, so a huge walk costs little more than a huge recording. An
    /// object under a sysObjectID is judged by its last arcs alone (the sysObjectID may come later).
    static func mayKeep(plan: CollectionPlan, keep: Set<OID>, keepUnderObjectID: Set<OID>, keepFirstRowOf: Set<OID>,
                        keepColumns: Set<OID>) -> (OID) -> Bool {
        let roots = roots(of: plan).map(\.0)
        let subtrees = Set(roots.map { Array($0.components.prefix(6)) })
        let columns = Array(keepFirstRowOf) + Array(keepColumns)
        let tails = keepUnderObjectID.map(\.components)
        return { oid in
            if subtrees.contains(Array(oid.components.prefix(6))), roots.contains(where: { $0 == oid || $0.isAncestor(of: oid) }) { return true }
            return keep.contains(oid) || columns.contains { $0.isAncestor(of: oid) }
                || (oid.enterpriseNumber != nil && tails.contains { oid.components.count > $0.count + 6 && oid.components.suffix($0.count).elementsEqual($0) })
        }
    }

    struct DecodeProblem: Error {
        var kind: SkippedLine.Kind
        var reason: String
    }

    /// One value: TYPE is the ASN.1 tag number, `x` marks hex-encoded values; a tag with a
    /// variation module (`:name`) is read by the value its settings give (`value=…` plain,
    /// `hexvalue=…` hex, as snmpsim's writecache, delay and error modules serve them), or by its
    /// plain value when it has no settings. A module that computes its values (`numeric`'s
    /// `min=…,max=…`) gives none to read.
    static func decode(type: String, value given: [UInt8]) -> Result<SNMPValue, DecodeProblem> {
        let parts = type.split(separator: ":", maxSplits: 1)
        let tag = parts.first.map(String.init) ?? type
        let variation = parts.count > 1
        var hex = tag.hasSuffix("x")
        var raw = given
        if variation, let settings = variationSettings(String(decoding: given, as: UTF8.self)) {
            if let value = settings["hexvalue"] {
                raw = Array(value.utf8)
                hex = true
            } else if let value = settings["value"] {
                raw = Array(value.utf8)
                hex = false
            }
        }
        guard let number = Int(hex ? String(tag.dropLast()) : tag) else {
            return .failure(DecodeProblem(kind: .unknownType, reason: "unknown type '\(type)'"))
        }
        let value = String(decoding: raw, as: UTF8.self)
        func notOfType() -> DecodeProblem {
            let shown = value.count > 40 ? value.prefix(40) + "…" : Substring(value)
            return variation ? DecodeProblem(kind: .variation, reason: "variation module value '\(shown)' of type \(type)")
                : DecodeProblem(kind: .badValue, reason: "'\(shown)' is not a value of type \(number)")
        }
        func bytes() -> Result<[UInt8], DecodeProblem> {
            guard hex else { return .success(raw) }
            guard raw.count.isMultiple(of: 2) else { return .failure(DecodeProblem(kind: .oddHex, reason: "hex value of odd length")) }
            var out: [UInt8] = []
            out.reserveCapacity(raw.count / 2)
            var index = 0
            while index < raw.count {
                guard let high = hexDigit(raw[index]), let low = hexDigit(raw[index + 1]) else {
                    return .failure(DecodeProblem(kind: .badHex, reason: "hex value with a non-hex digit"))
                }
                out.append(high << 4 | low)
                index += 2
            }
            return .success(out)
        }
        func from<T>(_ parsed: T?, _ make: (T) -> SNMPValue) -> Result<SNMPValue, DecodeProblem> {
            parsed.map { .success(make($0)) } ?? .failure(notOfType())
        }
        switch number {
        case 2: return from(Int64(value)) { .integer($0) }
        case 4: return bytes().map { .octets($0) }
        case 5: return .success(.null)
        case 6: return from(OID(parsing: value)) { .oid($0) }
        case 64:
            if hex {
                return bytes().flatMap { $0.count == 4 ? .success(.ipAddress(IPv4Address(bytes: $0))) : .failure(notOfType()) }
            }
            return from(IPv4Address(value)) { .ipAddress($0) }
        case 65: return from(UInt32(value)) { .counter32($0) }
        case 66: return from(UInt32(value)) { .gauge32($0) }
        case 67: return from(UInt32(value)) { .timeticks($0) }
        case 68: return bytes().map { .opaque($0) }
        case 70: return from(UInt64(value)) { .counter64($0) }
        default: return .failure(DecodeProblem(kind: .unknownType, reason: "unknown type '\(type)'"))
        }
    }

    /// A variation module's settings as snmpsim reads them: `key=value` pairs separated by commas,
    /// each separator doubled or tripled where a value holds a single one ("value=a,b,,wait=5"
    /// splits at ",,"). Nil when the text is no such list (a plain value).
    static func variationSettings(_ text: String) -> [String: String]? {
        func split(_ text: String, _ separator: String) -> [String] {
            for times in [3, 2, 1] where text.contains(String(repeating: separator, count: times)) {
                return text.components(separatedBy: String(repeating: separator, count: times))
            }
            return [text]
        }
        var settings: [String: String] = [:]
        for item in split(text, ",") {
            let pair = split(item, "=")
            guard pair.count == 2, !pair[0].isEmpty else { return nil }
            settings[pair[0]] = pair[1]
        }
        return settings
    }

    static func hexDigit(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
