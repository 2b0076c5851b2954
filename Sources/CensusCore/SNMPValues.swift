import Foundation

/// An SNMP object identifier such as `1.3.6.1.2.1.1.1.0`.
public struct OID: Hashable, Comparable, Sendable, TextCodable, ExpressibleByStringLiteral {
    public var components: [UInt32]

    public init(_ components: [UInt32]) { self.components = components }

    /// Parses dotted notation (a leading dot is allowed); nil for anything else. Reads the
    /// bytes directly: recordings and stored facts hold hundreds of thousands of OIDs.
    public init?(parsing text: String) {
        var parts: [UInt32] = []
        var current: UInt32 = 0, digits = 0
        var bytes = text.utf8[...]
        if bytes.first == UInt8(ascii: ".") { bytes = bytes.dropFirst() }
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard digits > 0 else { return nil }
                parts.append(current)
                current = 0
                digits = 0
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                let (times10, o1) = current.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt32(byte - UInt8(ascii: "0")))
                guard !o1 && !o2 else { return nil }
                current = sum
                digits += 1
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        parts.append(current)
        guard parts.count >= 2 else { return nil }
        components = parts
    }

    public init(stringLiteral value: String) {
        guard let oid = OID(parsing: value) else { preconditionFailure("bad OID literal \(value)") }
        self = oid
    }

    public var description: String { components.map(String.init).joined(separator: ".") }

    /// The N of a private enterprise's arc 1.3.6.1.4.1.N... (the maker a sysObjectID names); nil
    /// outside that arc.
    public var enterpriseNumber: UInt32? {
        components.count > 6 && components[0..<6] == [1, 3, 6, 1, 4, 1] ? components[6] : nil
    }

    /// The OID one level up (itself at the top).
    public var parent: OID { components.count > 1 ? OID(Array(components.dropLast())) : self }

    /// Whether `other` lies inside the subtree rooted here.
    public func isAncestor(of other: OID) -> Bool {
        other.components.count > components.count && other.components.starts(with: components)
    }

    /// The components after `root`, e.g. a table row's index.
    public func suffix(after root: OID) -> [UInt32]? {
        guard root.isAncestor(of: self) || root == self else { return nil }
        return Array(components.dropFirst(root.components.count))
    }

    public func appending(_ more: UInt32...) -> OID { OID(components + more) }
    public func appending(_ more: [UInt32]) -> OID { OID(components + more) }

    public static func < (a: OID, b: OID) -> Bool { a.components.lexicographicallyPrecedes(b.components) }

    public init?(codingText: String) { self.init(parsing: codingText) }
    public static let codingName = "an OID"
}

/// A value an SNMP agent returned.
public enum SNMPValue: Hashable, Sendable {
    case integer(Int64)
    case octets([UInt8])
    case oid(OID)
    case ipAddress(IPv4Address)
    case counter32(UInt32)
    case gauge32(UInt32)
    case timeticks(UInt32)
    case counter64(UInt64)
    case opaque([UInt8])
    case null
    /// The agent has no such object (SNMPv2 exception).
    case noSuchObject
    /// The object exists, this instance does not (SNMPv2 exception).
    case noSuchInstance
    /// Nothing follows in the agent's MIB view (SNMPv2 exception).
    case endOfMibView

    /// True for the SNMPv2 exceptions, which carry no data.
    public var isException: Bool {
        switch self {
        case .noSuchObject, .noSuchInstance, .endOfMibView: true
        default: false
        }
    }

    /// True when the value is `address`: an IpAddress, or the address written as text (MIBs that
    /// keep addresses in a DisplayString).
    public func isAddress(_ address: IPv4Address) -> Bool {
        switch self {
        case .ipAddress(let value): value == address
        case .octets: text?.trimmingCharacters(in: .whitespaces) == address.description
        default: false
        }
    }

    /// The value as text when it is printable text (trailing NULs and spaces removed), else nil.
    public var text: String? {
        guard case .octets(var bytes) = self else { return nil }
        while let last = bytes.last, last == 0 || last == 0x20 || last == 0x0A || last == 0x0D { bytes.removeLast() }
        guard let s = String(validating: bytes, as: UTF8.self),
              s.unicodeScalars.allSatisfy({ $0.value >= 0x20 || $0 == "\n" || $0 == "\r" || $0 == "\t" }) else { return nil }
        return s
    }

    /// An integer reading of numeric values.
    public var integer: Int64? {
        switch self {
        case .integer(let v): v
        case .counter32(let v), .gauge32(let v), .timeticks(let v): Int64(v)
        case .counter64(let v): v <= UInt64(Int64.max) ? Int64(v) : nil
        default: nil
        }
    }

    /// A six-byte octet string read as a MAC address.
    public var macAddress: MACAddress? {
        guard case .octets(let bytes) = self, bytes.count == 6 else { return nil }
        return MACAddress(bytes: bytes)
    }

    public var oidValue: OID? {
        if case .oid(let oid) = self { return oid }
        return nil
    }
}

/// One object and its value.
public struct VarBind: Hashable, Sendable, Codable {
    public var oid: OID
    public var value: SNMPValue
    public init(oid: OID, value: SNMPValue) { self.oid = oid; self.value = value }
}

extension SNMPValue: Codable {
    private enum CodingKeys: String, CodingKey { case type, value }

    /// `hex:001b21` (String(format:) per byte is slow where scans print thousands of values).
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = Array("hex:".utf8)
        out.reserveCapacity(4 + bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A short type tag and a text rendering, e.g. `{"type": "octets", "value": "hex:00 1b 21"}`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .integer(let v): try c.encode("integer", forKey: .type); try c.encode(v, forKey: .value)
        case .octets(let b):
            try c.encode("octets", forKey: .type)
            try c.encode(self.text ?? Self.hex(b), forKey: .value)
        case .oid(let o): try c.encode("oid", forKey: .type); try c.encode(o.description, forKey: .value)
        case .ipAddress(let a): try c.encode("ip", forKey: .type); try c.encode(a.description, forKey: .value)
        case .counter32(let v): try c.encode("counter32", forKey: .type); try c.encode(v, forKey: .value)
        case .gauge32(let v): try c.encode("gauge32", forKey: .type); try c.encode(v, forKey: .value)
        case .timeticks(let v): try c.encode("timeticks", forKey: .type); try c.encode(v, forKey: .value)
        case .counter64(let v): try c.encode("counter64", forKey: .type); try c.encode(v, forKey: .value)
        case .opaque(let b): try c.encode("opaque", forKey: .type); try c.encode(Self.hex(b), forKey: .value)
        case .null: try c.encode("null", forKey: .type)
        case .noSuchObject: try c.encode("noSuchObject", forKey: .type)
        case .noSuchInstance: try c.encode("noSuchInstance", forKey: .type)
        case .endOfMibView: try c.encode("endOfMibView", forKey: .type)
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        func bytes(_ s: String) -> [UInt8] {
            guard s.hasPrefix("hex:") else { return Array(s.utf8) }
            let hex = Array(s.dropFirst(4))
            return stride(from: 0, to: hex.count - 1, by: 2).compactMap { UInt8(String(hex[$0...$0 + 1]), radix: 16) }
        }
        switch type {
        case "integer": self = .integer(try c.decode(Int64.self, forKey: .value))
        case "octets": self = .octets(bytes(try c.decode(String.self, forKey: .value)))
        case "oid":
            let text = try c.decode(String.self, forKey: .value)
            guard let oid = OID(parsing: text) else { throw DecodingError.dataCorruptedError(forKey: .value, in: c, debugDescription: "bad OID \(text)") }
            self = .oid(oid)
        case "ip":
            let text = try c.decode(String.self, forKey: .value)
            guard let ip = IPv4Address(text) else { throw DecodingError.dataCorruptedError(forKey: .value, in: c, debugDescription: "bad IP \(text)") }
            self = .ipAddress(ip)
        case "counter32": self = .counter32(try c.decode(UInt32.self, forKey: .value))
        case "gauge32": self = .gauge32(try c.decode(UInt32.self, forKey: .value))
        case "timeticks": self = .timeticks(try c.decode(UInt32.self, forKey: .value))
        case "counter64": self = .counter64(try c.decode(UInt64.self, forKey: .value))
        case "opaque": self = .opaque(bytes(try c.decode(String.self, forKey: .value)))
        case "null": self = .null
        case "noSuchObject": self = .noSuchObject
        case "noSuchInstance": self = .noSuchInstance
        case "endOfMibView": self = .endOfMibView
        default: throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown SNMP value type \(type)")
        }
    }
}
