import CensusCore
import Foundation

/// Where scans and devices are kept. The embedded SQLite store and the central server's
/// PostgreSQL store implement it, and pass the same conformance suite; every engine and front
/// end reads and writes through it. Every device query is scoped by client.
///
/// Writes that must stand or fall together (filing a scan's devices, importing a bundle) are
/// single operations, so each store runs them in one transaction.
public protocol InventoryStore: Sendable {
    // MARK: Scans

    /// Stores a new scan with status `running` and returns its id. Any `id`, `status`,
    /// `finishedAt` or `hostCount` in `record` is ignored.
    /// - Throws: `StoreError.secretInOptions` if an option key looks like a credential.
    func beginScan(_ record: ScanRecord) async throws -> Int64
    /// Records how and when a scan ended (`failure` says why, for `failed`).
    func finishScan(_ id: Int64, status: ScanStatus, at finishedAt: Date, failure: String?) async throws
    func scan(_ id: Int64) async throws -> ScanRecord?
    func scan(uuid: UUID) async throws -> ScanRecord?
    /// Stored scans, newest first, optionally one client's or one site's.
    func scans(client: String?, site: String?) async throws -> [ScanRecord]

    // MARK: What a scan saw

    /// Adds hosts and conflicts to a scan; a host already recorded for the same IP and MAC is
    /// merged, so a scan may record what it has found so far as often as it likes.
    func record(_ observations: [HostObservation], conflicts: [AddressConflict], scanId: Int64) async throws
    func observations(scanId: Int64) async throws -> [HostObservation]
    func conflicts(scanId: Int64) async throws -> [AddressConflict]
    /// Stores a device's SNMP answers; a partial answer never blanks a complete one.
    func recordFacts(_ facts: DeviceFacts, mac: MACAddress?, scanId: Int64) async throws
    func facts(scanId: Int64) async throws -> [DeviceFacts]
    /// The readings device views show, per answering device of a scan.
    func factSummaries(scanId: Int64) async throws -> [FactSummary]
    /// The label of the credential that last worked for `ip` at this client's site.
    func lastCredential(ip: IPv4Address, client: String, site: String?) async throws -> String?
    func recordLearnt(_ hosts: [LearntHost], scanId: Int64) async throws
    func learntHosts(scanId: Int64) async throws -> [LearntHost]
    /// Stores (or replaces) what identification made of devices of a scan.
    func recordIdentifications(_ list: [(IPv4Address, Identification)], scanId: Int64, at date: Date) async throws
    func identifications(scanId: Int64) async throws -> [IPv4Address: Identification]

    // MARK: Devices

    /// Every device of a client with the keys that lead to it, by id.
    func devices(client: String) async throws -> [StoredDevice]
    /// The sightings of a client's devices, oldest first (optionally of some scans only).
    func sightings(client: String, scans: [Int64]?) async throws -> [DeviceSighting]
    /// One page of a client's devices, by id: at most `limit` of those whose id is above
    /// `after` (from the first when nil). A page shorter than `limit` is the last.
    func devices(client: String, after: Int64?, limit: Int) async throws -> [StoredDevice]
    /// The sightings of those of a client's devices whose id lies in `ids` (a page's), oldest first.
    func sightings(client: String, devices ids: ClosedRange<Int64>) async throws -> [DeviceSighting]
    /// Files a scan's sightings in one transaction: `resolve` is given the client's devices as
    /// they are inside it and says which device each sighting is; new devices are created,
    /// keys given (a key never changes owner), sightings stored (again for the same scan:
    /// replaced). Returns each sighting's device id.
    @discardableResult
    func fileSightings(client: String, resolve: @escaping SightingResolver) async throws -> [Int64]
    /// A person says `other` is the same device as `device`.
    func mergeDevices(client: String, into device: Int64, from other: Int64, at date: Date) async throws
    /// A person says some keys of a device belong to another one; returns the new device's id.
    func splitDevice(client: String, device: Int64, keys: [String], at date: Date) async throws -> Int64

    // MARK: Bundles

    /// Files a bundle as a scan of its own with its devices, all in one transaction. A bundle
    /// whose scan UUID is already stored adds nothing: that scan's id comes back, `isNew` false.
    func importBundle(_ bundle: ScanBundle, resolve: @escaping @Sendable (_ scanId: Int64) -> SightingResolver) async throws -> (scanId: Int64, isNew: Bool)
}

extension InventoryStore {
    /// A page cut from every device (for stores small enough to read whole).
    public func devices(client: String, after: Int64?, limit: Int) async throws -> [StoredDevice] {
        Array(try await devices(client: client).lazy.filter { $0.id > after ?? Int64.min }.prefix(max(limit, 0)))
    }

    /// The page's sightings picked from every sighting (for stores small enough to read whole).
    public func sightings(client: String, devices ids: ClosedRange<Int64>) async throws -> [DeviceSighting] {
        try await sightings(client: client, scans: nil).filter { ids.contains($0.deviceId) }
    }
}
