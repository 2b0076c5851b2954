import CensusCore

/// Progress of a running scan, as it happens. Front ends show it; nothing depends on it.
public enum ScanEvent: Sendable {
    /// The scan is stored and has an id.
    case started(scanId: Int64)
    /// ARP sweep progress.
    case sweeping(interface: String, answered: Int, resolved: Int, total: Int, sent: Int)
    /// Passive listening progress.
    case listening(interface: String, heard: Int, seconds: Int, of: Int)
    /// Discovery ended with this many hosts.
    case discovered(hosts: Int)
    /// SNMP progress.
    case interrogating(asked: Int, of: Int, answered: Int)
    /// A stage ended (for diagnostics).
    case stage(String, seconds: Double)
    /// Something the user should know that does not stop the scan.
    case warning(String)
}
