import CensusCore

/// The result of asking one host.
public enum InterrogationOutcome: Sendable {
    /// An agent answered with one of the credentials; `facts` may be partial (see `isComplete`).
    case answered(DeviceFacts, credential: SNMPCredential)
    /// No credential got an answer.
    case silent(ip: IPv4Address, reason: String)
}

/// Asks one device what it says about itself. `SNMPInventory.Interrogator` does it over
/// net-snmp; tests give the pipeline recordings instead.
public protocol DeviceInterrogator: Sendable {
    /// Asks `ip`, trying the credential labelled `preferred` first (the one that worked last time).
    func interrogate(_ ip: IPv4Address, port: UInt16, preferred: String?) async -> InterrogationOutcome
}

/// The vendor objects identification asks for once the system group (or the whole plan) is in:
/// objects read by GET, and table columns whose first row is read by GETNEXT (an identity table
/// indexed by the unit's MAC address or stack number).
public struct VendorObjects: Sendable, Equatable {
    /// Objects read by GET.
    public var objects: [OID]
    /// Columns whose first row is read by GETNEXT.
    public var firstRowOf: [OID]

    public init(objects: [OID] = [], firstRowOf: [OID] = []) {
        self.objects = objects
        self.firstRowOf = firstRowOf
    }
}
