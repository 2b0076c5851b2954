/// Decides which addresses a scan may probe: the guard rails every active scan goes through.
///
/// A range outside the interface's own subnets needs `force`; a range holding public
/// (globally routable) addresses needs `allowPublic`; excluded ranges are never probed.
public struct TargetPlan: Sendable {
    /// The ranges asked for, after validation.
    public let ranges: [IPv4Network]
    public let excluded: [IPv4Network]
    /// Addresses that will be probed, in ascending order, without the scanner's own.
    public let targets: [IPv4Address]

    /// The largest number of addresses one scan may hold (a /16), so a typo like /8 fails fast.
    public static let maximumTargets = 65_536

    public init(
        ranges: [IPv4Network],
        excluding excluded: [IPv4Network] = [],
        interfaceSubnets: [IPv4Network],
        ownAddresses: [IPv4Address] = [],
        force: Bool = false,
        allowPublic: Bool = false
    ) throws(TargetPlanError) {
        guard !ranges.isEmpty else { throw .noRanges }
        // A range given twice, or inside another one given, adds nothing (CIDR blocks either
        // nest or are disjoint, so what is left never overlaps).
        var distinct: [IPv4Network] = []
        for range in ranges where !distinct.contains(where: { $0.contains(range) }) {
            distinct.removeAll { range.contains($0) }
            distinct.append(range)
        }
        let ranges = distinct
        for range in ranges {
            if let (block, kind) = AddressSpace.firstUnscannableBlock(in: range) {
                throw .unscannableRange(range, block: block, kind: kind)
            }
        }
        for range in ranges {
            if !allowPublic, let publicPart = AddressSpace.firstPublicBlock(in: range) {
                throw .publicRange(range, example: publicPart)
            }
            if !force, !interfaceSubnets.contains(where: { $0.contains(range) }) {
                throw .outsideInterfaceSubnets(range, subnets: interfaceSubnets)
            }
        }
        let total = ranges.reduce(UInt64(0)) { $0 + $1.size }
        guard total <= UInt64(Self.maximumTargets) else { throw .tooLarge(total) }

        var seen = Set<UInt32>()
        var targets: [IPv4Address] = []
        let own = Set(ownAddresses)
        for range in ranges {
            // Network and broadcast addresses of the interface's own subnet hold no host either.
            for value in range.hostAddresses where !seen.contains(value) {
                let address = IPv4Address(value)
                seen.insert(value)
                guard !own.contains(address),
                      !excluded.contains(where: { $0.contains(address) }),
                      !interfaceSubnets.contains(where: { $0.prefixLength < 31 && ($0.network == address || $0.broadcast == address) })
                else { continue }
                targets.append(address)
            }
        }
        guard !targets.isEmpty else { throw .nothingLeft(ranges) }
        self.ranges = ranges
        self.excluded = excluded
        self.targets = targets.sorted()
    }
}

public enum TargetPlanError: Error, Equatable, CustomStringConvertible {
    case noRanges
    case publicRange(IPv4Network, example: IPv4Network)
    case outsideInterfaceSubnets(IPv4Network, subnets: [IPv4Network])
    case tooLarge(UInt64)
    /// Multicast, reserved, "this network", loopback or broadcast addresses: never scanned.
    case unscannableRange(IPv4Network, block: IPv4Network, kind: String)
    /// Every address of the ranges is excluded (or is this machine's own, or the subnet's
    /// network or broadcast address).
    case nothingLeft([IPv4Network])

    public var description: String {
        switch self {
        case .noRanges:
            return "no range to scan: give --range, or an interface with an IPv4 address"
        case let .publicRange(range, example):
            return "refusing to scan \(range): it holds public addresses (\(example)); pass --allow-public if you are authorised to scan them"
        case let .outsideInterfaceSubnets(range, subnets):
            let own = subnets.isEmpty ? "none" : subnets.map(\.description).joined(separator: ", ")
            return "refusing to scan \(range): it is outside the interface's subnets (\(own)); ARP cannot reach it. Pass --force to send anyway"
        case let .unscannableRange(range, block, kind):
            let part = range == block ? "it is" : "it holds \(block),"
            return "refusing to scan \(range): \(part) \(kind) address space, where no host answers ARP"
        case let .nothingLeft(ranges):
            return "nothing to scan: every address of \(ranges.map(\.description).joined(separator: ", ")) is excluded (--exclude, this machine's own address, or the subnet's network and broadcast addresses)"
        case let .tooLarge(count):
            return "refusing to scan \(count) addresses at once (the limit is \(TargetPlan.maximumTargets)); split the range"
        }
    }
}

/// Address blocks that are not globally routable (RFC 6890 and friends).
public enum AddressSpace {
    public static let nonPublic: [IPv4Network] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
        "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15",
        "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
    ].map { try! IPv4Network(parsing: $0) }

    /// Blocks no scan may touch, whatever the flags: ARP there is meaningless or harmful.
    public static let unscannable: [(block: IPv4Network, kind: String)] = [
        ("0.0.0.0/8", "\"this network\" (RFC 791)"), ("127.0.0.0/8", "loopback"), ("224.0.0.0/4", "multicast"),
        ("255.255.255.255/32", "limited broadcast"), ("240.0.0.0/4", "reserved (RFC 1112)"),
    ].map { (try! IPv4Network(parsing: $0.0), $0.1) }

    /// The first unscannable block that `network` lies in or holds, with what kind it is.
    public static func firstUnscannableBlock(in network: IPv4Network) -> (IPv4Network, String)? {
        for (block, kind) in unscannable where block.overlaps(network) {
            return (block.contains(network) ? network : block, kind)
        }
        return nil
    }

    /// Whether the whole network lies in non-public space.
    public static func isPrivate(_ network: IPv4Network) -> Bool {
        nonPublic.contains { $0.contains(network) }
    }

    /// A public sub-block of `network`, if it holds any public address.
    public static func firstPublicBlock(in network: IPv4Network) -> IPv4Network? {
        if isPrivate(network) { return nil }
        if !nonPublic.contains(where: { network.contains($0) }) { return network }
        // Partly private (e.g. 0.0.0.0/0): split until a wholly public half is found.
        guard network.prefixLength < 32 else { return network }
        let low = IPv4Network(containing: network.network, prefixLength: network.prefixLength + 1)
        let high = IPv4Network(containing: IPv4Address(low.broadcast.value + 1), prefixLength: network.prefixLength + 1)
        return firstPublicBlock(in: low) ?? firstPublicBlock(in: high)
    }
}
