/// Why the database could not do what was asked.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The database file could not be opened, created or migrated.
    case cannotOpen(path: String, reason: String)
    /// No scan has this id.
    case noSuchScan(Int64)
    /// No device of this client has this id.
    case noSuchDevice(Int64, client: String)
    /// A request the store refuses as it stands (merging a device into itself, splitting off a
    /// key the device does not hold): nothing was changed.
    case refused(operation: String, reason: String)
    /// A scan option looks like a credential; secrets are never written to the database.
    case secretInOptions(key: String)
    /// A stored row could not be turned back into a value (written by a newer Census, or edited by hand).
    case corruptRow(table: String, id: Int64?, reason: String)
    /// SQLite refused an operation.
    case failed(operation: String, message: String)
    /// A file given as a scan bundle is not one, is damaged, or is from a newer Census.
    case badBundle(file: String, reason: String)
    /// Another process holds the database's write lock, and did not let go in time. Trying
    /// again later may succeed.
    case busy(operation: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason):
            return "cannot open scan database \(path): \(reason)"
        case let .badBundle(file, reason):
            return "\(file): \(reason)"
        case let .noSuchScan(id):
            return "no scan with id \(id) in the database"
        case let .noSuchDevice(id, client):
            return "\(client) has no device \(id)"
        case let .refused(operation, reason):
            return "cannot \(operation): \(reason)"
        case let .secretInOptions(key):
            return "refusing to store scan option '\(key)': it looks like a credential, and secrets are never stored"
        case let .corruptRow(table, id, reason):
            return "unreadable \(table) row \(id.map(String.init) ?? "?"): \(reason)"
        case let .failed(operation, message):
            return "cannot \(operation): \(message)"
        case let .busy(operation):
            return "cannot \(operation): the database is locked by another process"
        }
    }

    /// Whether another process held the database locked (worth trying again later).
    public var isBusy: Bool { if case .busy = self { true } else { false } }

    /// Whether the request itself was wrong (an id that does not exist, a refused change), not the database.
    public var isUsage: Bool {
        switch self {
        case .noSuchScan, .noSuchDevice, .refused: true
        default: false
        }
    }
}
