import ARPDiscovery
import PacketCapture

/// Why a scan could not run or went wrong, with what kind of problem it is so a front end can
/// answer in its own terms (an exit code, an HTTP status).
public struct ScanPipelineError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        /// The request itself is wrong (range, flags).
        case usage
        /// The interface or device is not there or not up, or nothing answered.
        case unavailable
        /// Needs root or CAP_NET_RAW.
        case notPermitted
        /// An input file (capture, catalog, bundle) cannot be read.
        case badInput
        /// Anything else (the store, the libraries).
        case failed
    }

    public var kind: Kind
    public var description: String

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    init(_ error: CaptureError) {
        switch error {
        case .noSuchInterface, .interfaceDown: self.init(.unavailable, error.description)
        case .permissionDenied: self.init(.notPermitted, error.description)
        case .badCaptureFile: self.init(.badInput, error.description)
        case .badFilter, .failed: self.init(.failed, error.description)
        }
    }

    init(_ error: DiscoveryError) {
        switch error {
        case .capture(let capture): self.init(capture)
        case .noHardwareAddress, .noIPv4Address: self.init(.unavailable, error.description)
        }
    }
}
