import CensusCore
import DeviceModel
import Foundation
import GRDB

/// A `scan` row.
struct ScanRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "scan"
    var id: Int64?
    /// Lower-case text, unique.
    var uuid: String
    var client: String
    var site: String?
    var interface: String
    var ranges: [IPv4Network]
    var options: [String: String]
    var startedAt: Date
    var finishedAt: Date?
    var status: String
    var hostCount: Int
    var failure: String?

    init(_ r: ScanRecord) {
        id = r.id
        uuid = r.uuid.uuidString.lowercased()
        client = r.client
        site = r.site
        interface = r.interface
        ranges = r.ranges
        options = r.options
        startedAt = r.startedAt
        finishedAt = r.finishedAt
        status = r.status.rawValue
        hostCount = r.hostCount
        failure = r.failure
    }

    func record() throws -> ScanRecord {
        guard let uuid = UUID(uuidString: uuid) else { throw StoreError.corruptRow(table: "scan", id: id, reason: "uuid '\(uuid)' is not a UUID") }
        guard let status = ScanStatus(rawValue: status) else {
            throw StoreError.corruptRow(table: "scan", id: id, reason: "status '\(status)' is not understood by this version of Census")
        }
        return ScanRecord(id: id, uuid: uuid, client: client, site: site, interface: interface, ranges: ranges, options: options,
                          startedAt: startedAt, finishedAt: finishedAt, status: status, hostCount: hostCount, failure: failure)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// GRDB's JSON encoder, minus the `\/` escaping of slashes in CIDRs and paths, so the
    /// columns read naturally in the `sqlite3` shell.
    static func databaseJSONEncoder(for column: String) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dataEncodingStrategy = .base64
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.nonConformingFloatEncodingStrategy = .throw
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
