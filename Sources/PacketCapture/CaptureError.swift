/// A libpcap failure, turned into something a person can act on.
public enum CaptureError: Error, Equatable, CustomStringConvertible {
    /// The interface does not exist or has no link layer pcap can use.
    case noSuchInterface(String)
    /// The process lacks root or CAP_NET_RAW.
    case permissionDenied(String)
    /// The interface is down.
    case interfaceDown(String)
    /// A BPF filter expression did not compile.
    case badFilter(expression: String, message: String)
    /// A capture file could not be opened or is not a pcap/pcapng file.
    case badCaptureFile(path: String, message: String)
    /// Any other libpcap error, with the call that failed.
    case failed(operation: String, message: String)

    public var description: String {
        switch self {
        case .noSuchInterface(let name): return "no such interface: \(name)"
        case .permissionDenied(let name): return "not permitted to capture on \(name): run as root or grant CAP_NET_RAW"
        case .interfaceDown(let name): return "interface \(name) is down"
        case let .badFilter(expression, message): return "bad capture filter '\(expression)': \(message)"
        case let .badCaptureFile(path, message): return "cannot read capture file \(path): \(message)"
        case let .failed(operation, message): return "\(operation) failed: \(message)"
        }
    }
}
