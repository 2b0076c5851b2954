import CensusCore
import DeviceModel
import Foundation

/// A scan the store could not take: another process kept the database locked for longer than
/// the pipeline waits. Nothing is lost: `bundle` holds the whole scan, to write to a file and
/// import once the database is free (`BundleExchange.import` files it as the pipeline would).
public struct UnstoredScan: Error, CustomStringConvertible, Sendable {
    /// What the scan found. `scanId` is 0 when the scan never reached the store.
    public var result: ScanPipeline.Result
    /// The scan as a bundle. Its UUID is a new one when the scan had been begun in the store (that
    /// record stays incomplete and is closed as partial or failed when the store is next opened).
    public var bundle: ScanBundle
    /// Why it is not stored.
    public var reason: String
    /// How long the pipeline waited for the store, from the first time it found it locked.
    public var waited: Duration

    public var description: String { "\(reason); the scan is not stored" }
}

/// How a running scan stands with its store: the store once opened, the scan's id once stored,
/// and whether the store was found locked (then every later write is skipped, and the whole
/// scan stored at the end).
final class StoreState: @unchecked Sendable {
    private let open: @Sendable () throws -> any InventoryStore
    let record: ScanRecord
    let events: @Sendable (ScanEvent) -> Void
    private let lock = NSLock()
    private var opened: (any InventoryStore)?
    private var id: Int64?
    private var locked = false
    private var lockedSince: ContinuousClock.Instant?

    init(opening open: @escaping @Sendable () throws -> any InventoryStore, record: ScanRecord,
         events: @escaping @Sendable (ScanEvent) -> Void) {
        self.open = open
        self.record = record
        self.events = events
    }

    /// The store, opened on first use (and again after a failed try: a database locked while
    /// it was being created or migrated is opened once it is free).
    func store() throws -> any InventoryStore {
        try lock.withLock {
            if let opened { return opened }
            let store = try open()
            opened = store
            return store
        }
    }

    var scanId: Int64? {
        get { lock.withLock { id } }
        set { lock.withLock { id = newValue } }
    }

    /// Whether a write found the store locked.
    var deferred: Bool { lock.withLock { locked } }

    /// Opens the store and stores the scan as running; false when the store is locked (the
    /// scan carries on in memory).
    func begin() async throws -> Bool {
        do {
            scanId = try await onDedicatedThread(name: "census-store") { try self.store() }.beginScan(record)
            return true
        } catch let error as StoreError where error.isBusy {
            defer_()
            return false
        }
    }

    /// Runs a write, unless the store was found locked before; a lock found now skips this
    /// write and every later one. Returns nil when skipped. Other errors are thrown.
    @discardableResult
    func write<T>(_ body: (any InventoryStore, Int64) async throws -> T) async throws -> T? {
        guard !deferred, let scanId else { return nil }
        do {
            return try await body(try store(), scanId)
        } catch let error as StoreError where error.isBusy {
            defer_()
            return nil
        }
    }

    private func defer_() {
        let first = lock.withLock { () -> Bool in
            defer { locked = true; lockedSince = lockedSince ?? .now }
            return !locked
        }
        if first { events(.warning("the database is locked by another process: carrying on, and storing what is found once it is free")) }
    }

    /// How long since a write first found the store locked.
    var waited: Duration { lock.withLock { lockedSince.map { .now - $0 } ?? .zero } }

    /// Notes that the store is locked (the final attempt to store everything found it so).
    func noteLocked() { defer_() }

    /// The scan as a bundle, ended with `status`.
    func bundle(of result: ScanPipeline.Result, status: ScanStatus) -> ScanBundle {
        var scan = record
        if scanId != nil {
            scan.uuid = UUID()
            scan.options["recovers_scan"] = record.uuid.uuidString.lowercased()
        }
        scan.status = status
        scan.finishedAt = max(Date(), scan.startedAt)
        var hosts = ObservationSet()
        result.discovered.forEach { hosts.record($0) }
        result.hosts.forEach { hosts.record($0) }
        scan.hostCount = hosts.count
        return ScanBundle(exportedAt: Date(), scan: scan, observations: hosts.observations, conflicts: result.conflicts,
                          facts: result.answered, learnt: result.learnt, identifications: result.identifications, decisions: [])
    }
}
