import CensusCore

/// The result of asking one host.
public enum InterrogationOutcome: Sendable {
    /// An agent answered with one of the credentials; `facts` may be partial (see `isComplete`).
    case answered(DeviceFacts, credential: SNMPCredential)
    /// No credential got an answer.
    case silent(ip: IPv4Address, reason: String)
    /// An agent is there, but its SNMPv3 security refused every credential tried (unknown
    /// user, wrong password): a wrong credential, not a silent host.
    case refused(ip: IPv4Address, reason: String)
}

/// Asks one device what it says about itself. `SNMPInventory.Interrogator` does it over
/// net-snmp; tests give the pipeline recordings instead.
public protocol DeviceInterrogator: Sendable {
    /// Asks `ip`, trying the credential labelled `preferred` first (the one that worked last time).
    func interrogate(_ ip: IPv4Address, port: UInt16, preferred: String?) async -> InterrogationOutcome
}

/// The vendor objects identification asks for once the system group (or the whole plan) is in:
/// objects read by GET, table columns whose first row is read by GETNEXT (an identity table
/// indexed by the unit's MAC address or stack number), and the device's own row of a table that
/// lists every member of its cluster.
public struct VendorObjects: Sendable, Equatable {
    /// Objects read by GET.
    public var objects: [OID]
    /// Columns whose first row is read by GETNEXT.
    public var firstRowOf: [OID]
    /// Rows found by the device's address: the address column is walked, then the columns read
    /// at the one row that holds the address asked.
    public var ownRows: [OwnRow]

    /// The row of a table whose `addressColumn` holds the device's address, and the columns to read there.
    public struct OwnRow: Sendable, Equatable {
        public var addressColumn: OID
        public var columns: [OID]
        public init(addressColumn: OID, columns: [OID]) {
            self.addressColumn = addressColumn
            self.columns = columns
        }
    }

    /// The index of the one row of `column` among `cells` whose value is `address` (an
    /// IpAddress, or the address as text); nil when no row, or more than one, holds it.
    public static func ownRowIndex(in cells: some Sequence<VarBind>, column: OID, address: IPv4Address) -> [UInt32]? {
        let rows = cells.filter { column.isAncestor(of: $0.oid) && $0.value.isAddress(address) }
        guard rows.count == 1, let row = rows.first else { return nil }
        return Array(row.oid.components.dropFirst(column.components.count))
    }

    public init(objects: [OID] = [], firstRowOf: [OID] = [], ownRows: [OwnRow] = []) {
        self.objects = objects
        self.firstRowOf = firstRowOf
        self.ownRows = ownRows
    }
}
