import PacketCapture

/// Why discovery could not run.
public enum DiscoveryError: Error, Equatable, CustomStringConvertible {
    case capture(CaptureError)
    case noHardwareAddress(String)
    case noIPv4Address(String)

    public var description: String {
        switch self {
        case .capture(let error): return error.description
        case .noHardwareAddress(let name): return "interface \(name) has no Ethernet address; ARP needs one"
        case .noIPv4Address(let name): return "interface \(name) has no IPv4 address to ask from; give it one or use --passive"
        }
    }
}
