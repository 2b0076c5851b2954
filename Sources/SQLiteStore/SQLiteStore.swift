import CensusCore
import Foundation
import DeviceModel
import GRDB

/// The embedded store: every scan, what it saw and the client's devices, in one SQLite file
/// (GRDB, WAL mode). Implements `InventoryStore`. Safe to share between threads.
public final class SQLiteStore: InventoryStore {
    let writer: any DatabaseWriter
    /// The database file, or `:memory:`.
    public let path: String

    /// Opens (creating it and its parent directories if needed) the database at `path`, in WAL
    /// mode, brings its schema up to date, and closes the scans left `running` by processes
    /// that have stopped. Several processes may open one new database at once.
    ///
    /// `busyTimeout` is how long a write waits for another process's lock before failing with
    /// `StoreError.busy`. A database another process keeps locked still opens (its schema
    /// current): reading works, writing waits for the lock.
    /// - Throws: `StoreError.cannotOpen`, naming the path, when it is a directory, not a
    ///   SQLite database, unwritable, or from a newer Census.
    public convenience init(path: String, busyTimeout: TimeInterval = 10) throws(StoreError) {
        let writer = try Self.open(path: path, busyTimeout: busyTimeout)
        try self.init(writer: writer, path: path)
        // Best effort: a store another process keeps locked is closed up next time.
        _ = try? Self.closeStaleScans(in: writer)
    }

    /// A private database that lives as long as the returned store (for tests and dry runs).
    public static func inMemory() throws(StoreError) -> SQLiteStore {
        let queue: DatabaseQueue
        do { queue = try DatabaseQueue() } catch { throw .cannotOpen(path: ":memory:", reason: "\(error)") }
        do { try Schema.migrator.migrate(queue) } catch { throw openingError(error, path: ":memory:") }
        return try SQLiteStore(writer: queue, path: ":memory:")
    }

    /// Wraps a database whose schema is current.
    private init(writer: any DatabaseWriter, path: String) throws(StoreError) {
        self.writer = writer
        self.path = path
    }

    /// The database at `path`, its schema brought up to date. Creation, the journal mode and
    /// migrations happen under a lock on the folder, so two processes creating one database at
    /// once do not both migrate it.
    private static func open(path: String, busyTimeout: TimeInterval) throws(StoreError) -> any DatabaseWriter {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .cannotOpen(path: path, reason: "it is a directory")
        }
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw .cannotOpen(path: path, reason: "cannot create directory \(parent.path): \(error.localizedDescription)")
        }
        do {
            return try FolderLock.holding(parent.path, for: max(busyTimeout, 10)) {
                let writer = try connect(path: path, busyTimeout: busyTimeout)
                let (superseded, current) = try writer.read { db in
                    (try Schema.migrator.hasBeenSuperseded(db), try Schema.migrator.hasCompletedMigrations(db))
                }
                if superseded { throw StoreError.cannotOpen(path: path, reason: "it was written by a newer version of Census") }
                if !current { try Schema.migrator.migrate(writer) }
                return writer
            }
        } catch {
            throw openingError(error, path: path)
        }
    }

    /// A connection pool in WAL mode. Setting WAL up may need a moment of the write lock; when
    /// another process holds it, an existing database opens as a single connection instead
    /// (its file already says WAL), so a locked database can still be read and written later.
    private static func connect(path: String, busyTimeout: TimeInterval) throws -> any DatabaseWriter {
        var configuration = Configuration()
        // Two censuses writing to one database (two sites scanned at once) wait for each other.
        configuration.busyMode = .timeout(min(busyTimeout, 2))
        let existing = ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) > 0
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA busy_timeout = \(Int(busyTimeout * 1000))") }
            return pool
        } catch let error as DatabaseError where existing && (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED) {
            configuration.busyMode = .timeout(busyTimeout)
            return try DatabaseQueue(path: path, configuration: configuration)
        }
    }

    private static func openingError(_ error: any Error, path: String) -> StoreError {
        switch error {
        case let error as StoreError:
            return error
        case let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED:
            return .cannotOpen(path: path, reason: "it is locked by another process")
        case let error as DatabaseError where error.resultCode == .SQLITE_NOTADB:
            return .cannotOpen(path: path, reason: "it is not a SQLite database")
        case let error as DatabaseError:
            return .cannotOpen(path: path, reason: error.message ?? "\(error)")
        default:
            return .cannotOpen(path: path, reason: "\(error)")
        }
    }

    // MARK: Location

    /// `$XDG_DATA_HOME/census/census.sqlite`, or `~/.local/share/census/census.sqlite`.
    public static var defaultPath: String { defaultPath(environment: ProcessInfo.processInfo.environment) }

    /// The default database path for the given environment variables. A relative or empty
    /// `XDG_DATA_HOME` is ignored, as the XDG Base Directory specification requires.
    public static func defaultPath(environment: [String: String]) -> String {
        let dataHome: String
        if let xdgDataHome = environment["XDG_DATA_HOME"], xdgDataHome.hasPrefix("/") {
            dataHome = xdgDataHome
        } else {
            let home = UserPaths.home(environment: environment)
            dataHome = URL(fileURLWithPath: home).appendingPathComponent(".local/share").path
        }
        return URL(fileURLWithPath: dataHome).appendingPathComponent("census/census.sqlite").path
    }

    /// Closes the scans left `running` by processes that have stopped (as opening does); returns their ids.
    @discardableResult
    public func closeStaleScans() throws(StoreError) -> [Int64] {
        try access("close the scans of stopped processes") { try Self.closeStaleScans(in: writer) }
    }

    /// Scans that ended (complete or partial) with hosts stored but none filed under a device:
    /// left so by a process killed between storing and filing (`kill -9` mid-scan). Oldest first.
    public func unfiledScans() throws(StoreError) -> [Int64] {
        try access("find scans not filed") {
            try writer.read { db in
                try Int64.fetchAll(db, sql: """
                    SELECT id FROM scan s WHERE status IN ('complete', 'partial')
                      AND EXISTS (SELECT 1 FROM observation o WHERE o.scanId = s.id)
                      AND NOT EXISTS (SELECT 1 FROM device_sighting d WHERE d.scanId = s.id)
                    ORDER BY id
                    """)
            }
        }
    }

    /// Names of the schema migrations applied to this database, oldest first.
    public func appliedMigrations() throws(StoreError) -> [String] {
        try access("read the schema version") { try writer.read(Schema.migrator.appliedMigrations) }
    }

    // MARK: Scans

    /// Stores a new scan with status `running` and returns its id. Any `id`, `status`,
    /// `finishedAt` or `hostCount` in `record` is ignored.
    /// - Throws: `StoreError.secretInOptions` if an option key looks like a credential.
    public func beginScan(_ record: ScanRecord) throws(StoreError) -> Int64 {
        if let key = record.credentialLikeOptionKey { throw .secretInOptions(key: key) }
        return try access("store a new scan") {
            try writer.write { db in
                let id = try Self.insertScan(record, in: db)
                try Self.recordOwner(.current, ofScan: id, in: db)
                return id
            }
        }
    }

    static func insertScan(_ record: ScanRecord, in db: Database) throws -> Int64 {
        var row = ScanRow(record)
        row.id = nil
        row.status = ScanStatus.running.rawValue
        row.finishedAt = nil
        row.hostCount = 0
        row.failure = nil
        if try ScanRow.filter(Column("uuid") == row.uuid).fetchCount(db) > 0 {
            throw StoreError.failed(operation: "store a new scan", message: "a scan with UUID \(record.uuid) is already stored")
        }
        try row.insert(db)
        return db.lastInsertedRowID
    }

    /// Records how and when a scan ended (`failure`: why, for a failed one).
    public func finishScan(_ id: Int64, status: ScanStatus, at finishedAt: Date, failure: String? = nil) throws(StoreError) {
        try access("finish scan \(id)") { try writer.write { db in try Self.finishScan(id, status: status, at: finishedAt, failure: failure, in: db) } }
    }

    static func finishScan(_ id: Int64, status: ScanStatus, at finishedAt: Date, failure: String?, in db: Database) throws {
        var scan = try requireScan(id, in: db)
        scan.status = status.rawValue
        scan.finishedAt = finishedAt
        scan.failure = failure
        try scan.update(db)
    }

    /// The scan with this id, or nil.
    public func scan(_ id: Int64) throws(StoreError) -> ScanRecord? {
        try access("read scan \(id)") { try writer.read { db in try ScanRow.fetchOne(db, key: id)?.record() } }
    }

    /// The scan with this UUID, or nil.
    public func scan(uuid: UUID) throws(StoreError) -> ScanRecord? {
        try access("read scan \(uuid)") {
            try writer.read { db in try ScanRow.filter(Column("uuid") == uuid.uuidString.lowercased()).fetchOne(db)?.record() }
        }
    }

    /// Stored scans, newest first, optionally only one client's or one site's.
    public func scans(client: String? = nil, site: String? = nil) throws(StoreError) -> [ScanRecord] {
        var request = ScanRow.all()
        if let client { request = request.filter(Column("client") == client) }
        if let site { request = request.filter(Column("site") == site) }
        request = request.order(Column("startedAt").desc, Column("id").desc)
        return try access("list scans") { try writer.read { db in try request.fetchAll(db).map { try $0.record() } } }
    }

    // MARK: Observations and conflicts

    /// Adds hosts and conflicts to a scan, in one transaction. A host already recorded for the
    /// same IP and MAC is merged (`HostObservation.merge`: methods united, first and last seen
    /// widened), and a conflict already recorded for the same IP gains the new MACs, so a scan
    /// may record what it has found so far as often as it likes and an interrupted scan keeps it.
    /// Also updates the scan's `hostCount`.
    public func record(_ observations: [HostObservation], conflicts: [AddressConflict], scanId: Int64) throws(StoreError) {
        try access("record the hosts of scan \(scanId)") {
            try writer.write { db in try Self.record(observations, conflicts: conflicts, scanId: scanId, in: db) }
        }
    }

    static func record(_ observations: [HostObservation], conflicts: [AddressConflict], scanId: Int64, in db: Database) throws {
        var scan = try requireScan(scanId, in: db)
        try ObservationRow.upsert(observations, scanId: scanId, in: db)
        try ConflictRow.upsert(conflicts, scanId: scanId, in: db)
        scan.hostCount = try ObservationRow.all(ofScan: scanId).fetchCount(db)
        try scan.update(db)
    }

    /// The hosts seen by a scan, ordered by address then MAC.
    public func observations(scanId: Int64) throws(StoreError) -> [HostObservation] {
        try values(ObservationRow.self, ofScan: scanId, describedAs: "hosts").sorted { ($0.ip, $0.mac) < ($1.ip, $1.mac) }
    }

    /// The address conflicts a scan found, ordered by address.
    public func conflicts(scanId: Int64) throws(StoreError) -> [AddressConflict] {
        try values(ConflictRow.self, ofScan: scanId, describedAs: "conflicts").sorted { $0.ip < $1.ip }
    }

    private func values<Row: StoredRow>(_: Row.Type, ofScan scanId: Int64, describedAs what: String) throws(StoreError) -> [Row.Value] {
        let rows = try access("read the \(what) of scan \(scanId)") {
            try writer.read { db in
                _ = try Self.requireScan(scanId, in: db)
                return try Row.all(ofScan: scanId).fetchAll(db)
            }
        }
        return try rows.map { row throws(StoreError) in try row.value() }
    }

    /// Runs one SQL statement and returns its rows with every column as text. For tests and
    /// diagnostics only: it bypasses every check above.
    func rawRows(_ sql: String) throws -> [[String?]] {
        try writer.write { db in
            try Row.fetchAll(db, sql: sql).map { row in row.databaseValues.map { $0.storage.value.map { "\($0)" } } }
        }
    }

    // MARK: Helpers

    static func requireScan(_ id: Int64, in db: Database) throws -> ScanRow {
        guard let scan = try ScanRow.fetchOne(db, key: id) else { throw StoreError.noSuchScan(id) }
        return scan
    }

    /// Runs a database access, passing `StoreError`s through and describing any other
    /// failure with the operation that was attempted.
    func access<T>(_ operation: String, _ work: () throws -> T) throws(StoreError) -> T {
        do { return try work() } catch let error as StoreError { throw error } catch let error as DatabaseError
            where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            throw .busy(operation: operation)
        } catch {
            throw .failed(operation: operation, message: (error as? DatabaseError)?.message ?? "\(error)")
        }
    }
}
