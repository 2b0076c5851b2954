/// An IPv4 network in CIDR notation, such as `198.18.0.0/24`.
public struct IPv4Network: Hashable, Sendable, CustomStringConvertible, Codable {
    public let network: IPv4Address
    public let prefixLength: Int

    /// Creates the network containing `address` with the given prefix (host bits are cleared).
    public init(containing address: IPv4Address, prefixLength: Int) {
        precondition((0...32).contains(prefixLength))
        self.prefixLength = prefixLength
        network = IPv4Address(address.value & Self.mask(prefixLength))
    }

    /// Parses `a.b.c.d/n` or a bare address (a /32). Host bits set in the address are an error,
    /// since `198.18.0.7/24` is more often a typo than a wish.
    public init(parsing text: String) throws(AddressParseError) {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count <= 2, let address = IPv4Address(pieces[0]) else {
            throw AddressParseError(input: text, reason: "expected an IPv4 address or CIDR such as 198.18.0.0/24")
        }
        var length = 32
        if pieces.count == 2 {
            guard let n = Int(pieces[1]), (0...32).contains(n), pieces[1].allSatisfy(\.isNumber) else {
                throw AddressParseError(input: text, reason: "prefix length must be a number from 0 to 32")
            }
            length = n
        }
        guard address.value & ~Self.mask(length) == 0 else {
            let fixed = IPv4Network(containing: address, prefixLength: length)
            throw AddressParseError(input: text, reason: "host bits are set; did you mean \(fixed)?")
        }
        self.init(containing: address, prefixLength: length)
    }

    public static func mask(_ prefixLength: Int) -> UInt32 {
        prefixLength == 0 ? 0 : ~UInt32(0) << (32 - UInt32(prefixLength))
    }

    public var mask: UInt32 { Self.mask(prefixLength) }
    public var broadcast: IPv4Address { IPv4Address(network.value | ~mask) }
    public var first: IPv4Address { network }
    public var last: IPv4Address { broadcast }
    /// Number of addresses in the block, network and broadcast included.
    public var size: UInt64 { UInt64(1) << UInt64(32 - prefixLength) }

    public func contains(_ address: IPv4Address) -> Bool { address.value & mask == network.value }

    public func contains(_ other: IPv4Network) -> Bool {
        other.prefixLength >= prefixLength && contains(other.network)
    }

    public func overlaps(_ other: IPv4Network) -> Bool { contains(other.network) || other.contains(network) }

    /// The addresses a scan of this network probes: every address, except the network and
    /// broadcast addresses of a block of four or more, which no host holds on a subnet.
    public var hostAddresses: ClosedRange<UInt32> {
        prefixLength >= 31 ? network.value...broadcast.value : (network.value + 1)...(broadcast.value - 1)
    }

    public var description: String { "\(network)/\(prefixLength)" }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try IPv4Network(parsing: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A malformed address, network or range given by the user.
public struct AddressParseError: Error, Equatable, CustomStringConvertible {
    public let input: String
    public let reason: String
    public init(input: String, reason: String) { self.input = input; self.reason = reason }
    public var description: String { "bad range '\(input)': \(reason)" }
}
