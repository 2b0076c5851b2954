import CensusCore
import Foundation

/// An snmpsim recording (`.snmprec`: one `OID|TYPE|VALUE` line per object) read as the facts
/// Census would have collected from that device: objects under the collection plan's roots go
/// to their sections, everything else to `other` (where vendor objects are looked up).
public enum SNMPRecording {
    public struct LineError: Error, CustomStringConvertible, Sendable {
        public var file: String
        public var line: Int
        public var reason: String
        public var description: String { "\(file):\(line): \(reason)" }
    }

    /// Reads a recording file (plain or .bz2 is the caller's business: give the text).
    public static func facts(fromText text: String, file: String, ip: IPv4Address = IPv4Address(0),
                             plan: CollectionPlan = .standard) throws(LineError) -> DeviceFacts {
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
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { throw LineError(file: file, line: number + 1, reason: "expected OID|TYPE|VALUE") }
            guard let oid = OID(parsing: String(parts[0])) else { throw LineError(file: file, line: number + 1, reason: "'\(parts[0])' is not an OID") }
            guard let value = decode(type: String(parts[1]), value: String(parts[2])) else { continue }   // variation modules etc.
            let section = roots.first { $0.0.isAncestor(of: oid) || $0.0 == oid }?.1 ?? "other"
            sections[section, default: []].append(VarBind(oid: oid, value: value))
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
