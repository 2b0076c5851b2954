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

    /// Reads a recording's text as Census would have collected it: the plan's objects, at most
    /// `maxRowsPerRoot` per walked subtree (the walk's row cap), plus the `keep` objects (the
    /// vendor objects a catalog fetches). A huge recording costs no more than a huge agent.
    public static func facts(fromText text: String, file: String, ip: IPv4Address = IPv4Address(0),
                             plan: CollectionPlan = .standard, keep: Set<OID> = [],
                             maxRowsPerRoot: Int = InterrogationSettings().maxRowsPerWalk) throws(LineError) -> DeviceFacts {
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
        var sections: [String: [VarBind]] = [:]
        var rowsPerRoot = [Int](repeating: 0, count: roots.count)
        let keepText = Set(keep.map { Array($0.description.utf8) })
        let standard = Array("1.3.6.1.2.1.".utf8), lldp = Array("1.0.8802.".utf8)
        let bar = UInt8(ascii: "|")
        // Bytes, not Characters: a recording may hold millions of lines.
        let bytes = Array(text.utf8)
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
            let kept = !keepText.isEmpty && keepText.contains(Array(oidBytes))
            guard kept || oidBytes.starts(with: standard) || oidBytes.starts(with: lldp) else { continue }
            let oidText = String(decoding: oidBytes, as: UTF8.self)
            guard let oid = OID(parsing: oidText) else { throw LineError(file: file, line: number, reason: "'\(oidText)' is not an OID") }
            let root = roots.firstIndex { $0.0.isAncestor(of: oid) || $0.0 == oid }
            guard root != nil || kept else { continue }
            if let root {
                guard rowsPerRoot[root] < maxRowsPerRoot else { continue }
                rowsPerRoot[root] += 1
            }
            let type = String(decoding: line[(first + 1)..<second], as: UTF8.self)
            let value = String(decoding: line[(second + 1)...], as: UTF8.self)
            guard let decoded = decode(type: type, value: value) else { continue }   // variation modules etc.
            sections[root.map { roots[$0].1 } ?? "vendor", default: []].append(VarBind(oid: oid, value: decoded))
        }
        return DeviceFacts(ip: ip, credential: "recording", collectedAt: Date(timeIntervalSince1970: 0),
                           sections: sections.mapValues { DeviceFacts.Section(varBinds: $0.sorted { $0.oid < $1.oid }) })
    }

    /// One value: TYPE is the ASN.1 tag number, `x` marks hex-encoded values; a tag with a
    /// variation module (`:name`) is read by its plain value when it has one.
    static func decode(type: String, value: String) -> SNMPValue? {
        let tag = type.split(separator: ":").first.map(String.init) ?? type
        let hex = tag.hasSuffix("x")
        guard let number = Int(hex ? String(tag.dropLast()) : tag) else { return nil }
        func bytes() -> [UInt8]? {
            guard hex else { return Array(value.utf8) }
            var out: [UInt8] = []
            var index = value.startIndex
            while index < value.endIndex {
                guard let next = value.index(index, offsetBy: 2, limitedBy: value.endIndex), let byte = UInt8(value[index..<next], radix: 16) else { return nil }
                out.append(byte)
                index = next
            }
            return out
        }
        switch number {
        case 2: return Int64(value).map { .integer($0) }
        case 4: return bytes().map { .octets($0) }
        case 5: return .null
        case 6: return OID(parsing: value).map { .oid($0) }
        case 64:
            if hex, let b = bytes(), b.count == 4 { return .ipAddress(IPv4Address(bytes: b)) }
            return IPv4Address(value).map { .ipAddress($0) }
        case 65: return UInt32(value).map { .counter32($0) }
        case 66: return UInt32(value).map { .gauge32($0) }
        case 67: return UInt32(value).map { .timeticks($0) }
        case 68: return bytes().map { .opaque($0) }
        case 70: return UInt64(value).map { .counter64($0) }
        default: return nil
        }
    }
}
