import CensusCore
import Foundation

/// Where a scan stands.
public enum ScanStatus: String, Codable, Sendable, CaseIterable {
    /// Started and not yet finished (or the process died mid-scan).
    case running
    /// Ran to the end.
    case complete
    /// Interrupted; what was found until then is kept.
    case partial
    /// Stopped by an error (`ScanRecord.failure` says which).
    case failed
}

/// One scan of one segment: what was asked for and how it ended.
public struct ScanRecord: Codable, Sendable, Equatable {
    /// The client a scan names none for. Every scan belongs to exactly one client.
    public static let unassignedClient = "default"

    /// Assigned by the store; nil before `InventoryStore.beginScan(_:)`.
    public var id: Int64?
    /// The scan's identity wherever it travels (bundles, the central server): re-importing a
    /// bundle is recognised by it.
    public var uuid: UUID
    /// The MSP's client the scan was run for.
    public var client: String
    /// The client's site, if given.
    public var site: String?
    /// The network interface scanned from (empty for a capture file or an import).
    public var interface: String
    /// The ranges asked for.
    public var ranges: [IPv4Network]
    /// How the scan ran (rate, retries, timeout, mode, capture file...). Never credentials:
    /// stores refuse keys that look like one.
    public var options: [String: String]
    public var startedAt: Date
    public var finishedAt: Date?
    public var status: ScanStatus
    /// Number of distinct (IP, MAC) pairs observed, kept up to date by the store.
    public var hostCount: Int
    /// Why a `failed` scan failed.
    public var failure: String?

    public init(id: Int64? = nil, uuid: UUID = UUID(), client: String = ScanRecord.unassignedClient, site: String? = nil,
                interface: String, ranges: [IPv4Network], options: [String: String] = [:], startedAt: Date,
                finishedAt: Date? = nil, status: ScanStatus = .running, hostCount: Int = 0, failure: String? = nil) {
        self.id = id
        self.uuid = uuid
        self.client = client
        self.site = site
        self.interface = interface
        self.ranges = ranges
        self.options = options
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
        self.hostCount = hostCount
        self.failure = failure
    }

    /// Words that mark an option key as a credential (SNMP communities, passwords, keys).
    /// Parts of a key that say it may hold a secret (`snmp_v3_authpass`, `api_key`, `community2`);
    /// not `passive_seconds`.
    public static let credentialWords = ["community", "password", "passwd", "passphrase", "authpass", "privpass", "pass_", "_pass",
                                         "secret", "token", "apikey", "api_key", "authkey", "privkey", "auth_key", "priv_key", "credential"]

    /// The first option key that looks like a credential, if any.
    public var credentialLikeOptionKey: String? {
        options.keys.sorted().first { key in Self.credentialWords.contains { key.lowercased().contains($0) } }
    }
}

extension ScanRecord {
    private enum CodingKeys: String, CodingKey {
        case id, uuid, client, site, interface, ranges, options, startedAt, finishedAt, status, hostCount, failure
    }

    /// Reads every form a scan was ever written in: bundles of format 1 carry no UUID (one is
    /// derived from what identifies the scan, so the same file is recognised when imported
    /// again) and may name no client.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(Int64.self, forKey: .id)
        client = try c.decodeIfPresent(String.self, forKey: .client) ?? Self.unassignedClient
        site = try c.decodeIfPresent(String.self, forKey: .site)
        interface = try c.decode(String.self, forKey: .interface)
        ranges = try c.decode([IPv4Network].self, forKey: .ranges)
        options = try c.decodeIfPresent([String: String].self, forKey: .options) ?? [:]
        startedAt = try c.decode(Date.self, forKey: .startedAt)
        finishedAt = try c.decodeIfPresent(Date.self, forKey: .finishedAt)
        status = try c.decode(ScanStatus.self, forKey: .status)
        hostCount = try c.decodeIfPresent(Int.self, forKey: .hostCount) ?? 0
        failure = try c.decodeIfPresent(String.self, forKey: .failure)
        uuid = try c.decodeIfPresent(UUID.self, forKey: .uuid)
            ?? Self.derivedUUID("\(client)|\(site ?? "")|\(interface)|\(startedAt.timeIntervalSince1970)")
    }

    /// A UUID that is always the same for the same text (two 64-bit FNV-1a hashes).
    static func derivedUUID(_ text: String) -> UUID {
        func fnv(_ seed: UInt64) -> UInt64 {
            var hash = seed
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return hash
        }
        let (a, b) = (fnv(0xcbf2_9ce4_8422_2325), fnv(0x8422_2325_cbf2_9ce4))
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: a >> (8 * $0)) } + (0..<8).map { UInt8(truncatingIfNeeded: b >> (8 * $0)) }
        bytes[6] = bytes[6] & 0x0F | 0x50   // version 5 layout: name-based
        bytes[8] = bytes[8] & 0x3F | 0x80   // RFC 4122 variant
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}

/// Whether two client names are one client, compared byte for byte as the stores compare them.
/// Swift's `==` takes canonically equivalent spellings for one string ("Café" with é, and with
/// e + a combining accent); PostgreSQL and SQLite hold them as two clients. An access check that
/// used `==` would hand one of them the other's data.
public func isSameClient(_ a: String, _ b: String) -> Bool { a.utf8.elementsEqual(b.utf8) }

/// Whether a site name as a person types it (`--site HQ`, `?site=hq`) names a stored site: case
/// does not matter.
public func isSameSite(_ stored: String, _ typed: String) -> Bool { stored.caseInsensitiveCompare(typed) == .orderedSame }
