/// A 48-bit IEEE 802 MAC address.
public struct MACAddress: Hashable, Comparable, Sendable, TextCodable {
    /// The address in the low 48 bits, first octet most significant.
    public let value: UInt64

    public init(_ value: UInt64) { self.value = value & 0xFFFF_FFFF_FFFF }

    public init(bytes: some Collection<UInt8>) {
        precondition(bytes.count == 6, "a MAC address has 6 bytes")
        value = bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Parses `aa:bb:cc:dd:ee:ff`, `aa-bb-cc-dd-ee-ff`, `aabb.ccdd.eeff` or twelve bare hex digits.
    public init?(_ text: some StringProtocol) {
        let hex = String(text.filter { $0 != ":" && $0 != "-" && $0 != "." })
        let separators = text.count - hex.count
        guard hex.count == 12, separators == 0 || separators == 2 || separators == 5,
              hex.allSatisfy(\.isHexDigit), let n = UInt64(hex, radix: 16) else { return nil }
        value = n
    }

    public var bytes: [UInt8] { (0..<6).map { UInt8(value >> (40 - 8 * UInt64($0)) & 0xFF) } }

    /// Lower-case, colon-separated: `00:1b:21:3a:4f:5c`.
    public var description: String {
        bytes.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined(separator: ":")
    }

    /// The locally-administered bit: set on randomised and software-assigned addresses.
    public var isLocallyAdministered: Bool { value & 0x0200_0000_0000 != 0 }
    /// The group bit: multicast and broadcast addresses never identify a host.
    public var isMulticast: Bool { value & 0x0100_0000_0000 != 0 }
    public var isBroadcast: Bool { self == .broadcast }
    public var isZero: Bool { value == 0 }

    public static let broadcast = MACAddress(0xFFFF_FFFF_FFFF)
    public static let zero = MACAddress(0)

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }

    public init?(codingText: String) { self.init(codingText[...]) }
    public static let codingName = "a MAC address"
}
