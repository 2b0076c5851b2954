import CensusCore
import Foundation
import DeviceModel
import GRDB

/// A row of a per-scan table (`observation`, `conflict`): one CensusCore value of one scan,
/// with its fields encoded as text.
protocol StoredRow: Codable, FetchableRecord, MutablePersistableRecord {
    associatedtype Value
    var id: Int64? { get set }
    /// What identifies the row within its scan (the table's unique key besides `scanId`).
    var key: String { get }
    init(_ value: Value, scanId: Int64, id: Int64?)
    /// The value the row holds.
    func value() throws(StoreError) -> Value
    /// Folds a later report of the same key into the stored value.
    static func merge(_ later: Value, into stored: inout Value)
}

extension StoredRow {
    /// The rows belonging to one scan.
    static func all(ofScan scanId: Int64) -> QueryInterfaceRequest<Self> {
        filter(Column("scanId") == scanId)
    }

    /// Inserts each value, or merges it into the stored row with the same key.
    static func upsert(_ values: [Value], scanId: Int64, in db: Database) throws {
        var stored: [String: Self] = [:]
        for row in try all(ofScan: scanId).fetchAll(db) { stored[row.key] = row }
        for value in values {
            var row = Self(value, scanId: scanId, id: nil)
            if let existing = stored[row.key] {
                let before = try existing.value()
                var merged = before
                merge(value, into: &merged)
                if let a = before as? any Equatable, a.isEqual(to: merged) { continue }   // nothing new to write
                row = Self(merged, scanId: scanId, id: existing.id)
                try row.update(db)
            } else {
                try row.insert(db)
            }
            stored[row.key] = row
        }
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Decodes one column's text, or names the row and column that hold something unreadable.
    func parse<Parsed>(_ text: String, column: String, as make: (String) -> Parsed?) throws(StoreError) -> Parsed {
        guard let parsed = make(text) else {
            throw .corruptRow(table: Self.databaseTableName, id: id, reason: "\(column) '\(text)' is not understood by this version of Census")
        }
        return parsed
    }
}

/// An `observation` row: one host of one scan.
struct ObservationRow: StoredRow {
    static let databaseTableName = "observation"
    var id: Int64?
    var scanId: Int64
    var ip: String
    var mac: String
    var vendor: String?
    /// Sorted `DiscoveryMethod` raw values joined by commas, such as `arp,passive`.
    var seenBy: String
    var firstSeen: Date
    var lastSeen: Date
    var responseTimeMs: Double?

    var key: String { ip + " " + mac }

    init(_ observation: HostObservation, scanId: Int64, id: Int64?) {
        self.id = id
        self.scanId = scanId
        ip = observation.ip.description
        mac = observation.mac.description
        vendor = observation.vendor
        seenBy = observation.seenBy.sorted().map(\.rawValue).joined(separator: ",")
        firstSeen = observation.firstSeen
        lastSeen = observation.lastSeen
        responseTimeMs = observation.responseTime.map { Double($0.components.seconds) * 1_000 + Double($0.components.attoseconds) / 1e15 }
    }

    func value() throws(StoreError) -> HostObservation {
        let address = try parse(ip, column: "ip", as: IPv4Address.init)
        let hardwareAddress = try parse(mac, column: "mac", as: MACAddress.init)
        var methods = Set<DiscoveryMethod>()
        for name in seenBy.split(separator: ",") {
            methods.insert(try parse(String(name), column: "seenBy", as: DiscoveryMethod.init(rawValue:)))
        }
        return HostObservation(ip: address, mac: hardwareAddress, vendor: vendor, seenBy: methods, firstSeen: firstSeen,
                               lastSeen: lastSeen, responseTime: responseTimeMs.map { .milliseconds($0) })
    }

    static func merge(_ later: HostObservation, into stored: inout HostObservation) { stored.merge(later) }

    /// Written column by column rather than through `Encodable`: a scan stores thousands of
    /// these at once, and the generic encoder was most of the time that took.
    func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["scanId"] = scanId
        container["ip"] = ip
        container["mac"] = mac
        container["vendor"] = vendor
        container["seenBy"] = seenBy
        container["firstSeen"] = firstSeen
        container["lastSeen"] = lastSeen
        container["responseTimeMs"] = responseTimeMs
    }
}

/// A `conflict` row: one IPv4 address claimed by several MACs during one scan.
struct ConflictRow: StoredRow {
    static let databaseTableName = "conflict"
    var id: Int64?
    var scanId: Int64
    var ip: String
    /// Sorted MAC addresses joined by commas.
    var macs: String

    var key: String { ip }

    init(_ conflict: AddressConflict, scanId: Int64, id: Int64?) {
        self.id = id
        self.scanId = scanId
        ip = conflict.ip.description
        macs = conflict.macs.sorted().map(\.description).joined(separator: ",")
    }

    func value() throws(StoreError) -> AddressConflict {
        var macList: [MACAddress] = []
        for text in macs.split(separator: ",") {
            macList.append(try parse(String(text), column: "macs", as: MACAddress.init))
        }
        return AddressConflict(ip: try parse(ip, column: "ip", as: IPv4Address.init), macs: macList)
    }

    static func merge(_ later: AddressConflict, into stored: inout AddressConflict) {
        stored.macs = Set(stored.macs).union(later.macs).sorted()
    }
}

private extension Equatable {
    func isEqual(to other: Any) -> Bool { (other as? Self) == self }
}
