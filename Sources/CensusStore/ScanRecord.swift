import CensusCore
import Foundation
import GRDB

/// Where a scan stands.
public enum ScanStatus: String, Codable, Sendable, CaseIterable {
    /// Started and not yet finished (or the process died mid-scan).
    case running
    /// Ran to the end.
    case complete
    /// Interrupted; what was found until then is kept.
    case partial
    /// Stopped by an error.
    case failed
}

/// One scan of one segment: what was asked for and how it ended. Its hosts are in
/// `CensusStore.observations(scanId:)`.
public struct ScanRecord: Codable, Sendable, Equatable {
    /// Assigned by the database; nil before `CensusStore.beginScan(_:)`.
    public var id: Int64?
    /// The MSP's client the scan was run for, if given.
    public var client: String?
    /// The client's site, if given.
    public var site: String?
    /// The network interface scanned from (empty for a capture file).
    public var interface: String
    /// The ranges asked for, stored as a JSON array of CIDR strings.
    public var ranges: [IPv4Network]
    /// How the scan ran (rate, retries, timeout, mode, capture file...), stored as a JSON object.
    /// Never credentials: `beginScan` refuses keys that look like one.
    public var options: [String: String]
    public var startedAt: Date
    public var finishedAt: Date?
    public var status: ScanStatus
    /// Number of distinct (IP, MAC) pairs observed, kept up to date by `CensusStore.record`.
    public var hostCount: Int

    public init(id: Int64? = nil, client: String? = nil, site: String? = nil, interface: String,
                ranges: [IPv4Network], options: [String: String] = [:], startedAt: Date,
                finishedAt: Date? = nil, status: ScanStatus = .running, hostCount: Int = 0) {
        self.id = id
        self.client = client
        self.site = site
        self.interface = interface
        self.ranges = ranges
        self.options = options
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
        self.hostCount = hostCount
    }

    /// Words that mark an option key as a credential (SNMP communities, passwords, keys).
    static let credentialWords = ["community", "password", "passphrase", "secret", "token", "authkey", "privkey"]

    /// The first option key that looks like a credential, if any.
    var credentialLikeOptionKey: String? {
        options.keys.sorted().first { key in Self.credentialWords.contains { key.lowercased().contains($0) } }
    }
}

extension ScanRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "scan"

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// GRDB's JSON encoder, minus the `\/` escaping of slashes in CIDRs and paths, so the
    /// columns read naturally in the `sqlite3` shell.
    public static func databaseJSONEncoder(for column: String) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dataEncodingStrategy = .base64
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.nonConformingFloatEncodingStrategy = .throw
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension ScanRecord {
    /// Columns of the `scan` table that queries filter and sort on.
    enum TableColumns {
        static let id = Column(CodingKeys.id)
        static let client = Column(CodingKeys.client)
        static let site = Column(CodingKeys.site)
        static let startedAt = Column(CodingKeys.startedAt)
    }
}
