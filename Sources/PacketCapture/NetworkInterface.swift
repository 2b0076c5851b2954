internal import CPcap
internal import Glibc
import CensusCore

/// An interface of this machine (in the current network namespace) with its IPv4 addresses.
public struct NetworkInterface: Sendable, Equatable {
    public struct Address: Sendable, Equatable {
        public let address: IPv4Address
        public let subnet: IPv4Network
    }

    public let name: String
    public let mac: MACAddress?
    public let addresses: [Address]
    public let isUp: Bool
    public let isLoopback: Bool

    /// The IPv4 subnets the interface is directly attached to.
    public var subnets: [IPv4Network] { addresses.map(\.subnet) }

    /// The interface's address on the subnet holding `target`, else its first address.
    public func sourceAddress(toward target: IPv4Address) -> IPv4Address? {
        (addresses.first { $0.subnet.contains(target) } ?? addresses.first)?.address
    }

    /// Every interface, from getifaddrs(3).
    public static func all() throws(CaptureError) -> [NetworkInterface] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else {
            throw .failed(operation: "getifaddrs", message: String(cString: strerror(errno)))
        }
        defer { freeifaddrs(list) }
        var order: [String] = []
        var macs: [String: MACAddress] = [:]
        var flags: [String: UInt32] = [:]
        var addresses: [String: [Address]] = [:]
        for entry in sequence(first: first, next: { $0.pointee.ifa_next }) {
            let ifa = entry.pointee
            let name = String(cString: ifa.ifa_name)
            if flags[name] == nil { order.append(name) }
            flags[name] = ifa.ifa_flags
            guard let sa = ifa.ifa_addr else { continue }
            switch Int32(sa.pointee.sa_family) {
            case AF_PACKET:
                sa.withMemoryRebound(to: sockaddr_ll.self, capacity: 1) { ll in
                    let l = ll.pointee
                    guard l.sll_halen == 6 else { return }
                    let bytes = withUnsafeBytes(of: l.sll_addr) { Array($0.prefix(6)) }
                    macs[name] = MACAddress(bytes: bytes)
                }
            case AF_INET:
                guard let nm = ifa.ifa_netmask else { continue }
                let address = ipv4(sa), mask = ipv4(nm)
                let prefix = mask.value.nonzeroBitCount
                addresses[name, default: []].append(
                    Address(address: address, subnet: IPv4Network(containing: address, prefixLength: prefix)))
            default: continue
            }
        }
        return order.map { name in
            let f = flags[name] ?? 0
            return NetworkInterface(
                name: name, mac: macs[name], addresses: addresses[name] ?? [],
                isUp: f & UInt32(IFF_UP) != 0, isLoopback: f & UInt32(IFF_LOOPBACK) != 0)
        }
    }

    /// The interface with this name, or `CaptureError.noSuchInterface`.
    public static func named(_ name: String) throws(CaptureError) -> NetworkInterface {
        guard let found = try all().first(where: { $0.name == name }) else { throw .noSuchInterface(name) }
        return found
    }

    private static func ipv4(_ sa: UnsafeMutablePointer<sockaddr>) -> IPv4Address {
        sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
            IPv4Address(UInt32(bigEndian: $0.pointee.sin_addr.s_addr))
        }
    }
}
