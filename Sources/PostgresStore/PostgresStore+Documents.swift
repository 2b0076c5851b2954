import CensusCore
import DeviceModel
import Foundation
import PostgresNIO

/// A document an MSP keeps per client on the server: the contract (a PSA's CSV export, with
/// the layout it is read with) or the rate card (YAML), stored as sent.
public struct ClientDocument: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case contract
        case rates
    }

    public var client: String
    public var kind: Kind
    /// The contract's layout (`generic`, `connectwise`…); nil for a rate card.
    public var profile: String?
    public var body: String
    public var storedAt: Date

    public init(client: String, kind: Kind, profile: String?, body: String, storedAt: Date) {
        self.client = client
        self.kind = kind
        self.profile = profile
        self.body = body
        self.storedAt = storedAt
    }
}

/// A client the server knows of (it has scans, tokens or documents) and how much it holds.
public struct ClientSummary: Sendable, Equatable, Codable, EncodesEveryKey {
    public var name: String
    public var devices: Int
    public var scans: Int
    public var lastScanAt: Date?
    public var hasContract: Bool
    public var hasRates: Bool

    public init(name: String, devices: Int, scans: Int, lastScanAt: Date?, hasContract: Bool, hasRates: Bool) {
        self.name = name
        self.devices = devices
        self.scans = scans
        self.lastScanAt = lastScanAt
        self.hasContract = hasContract
        self.hasRates = hasRates
    }
}

extension PostgresStore {
    /// Stores (or replaces) a client's contract or rate card.
    public func putDocument(_ document: ClientDocument) async throws {
        try await transaction("store the \(document.kind.rawValue) of \(document.client)") { [self] connection in
            try await connection.run("""
                INSERT INTO client_document (client, kind, profile, body, stored_at)
                VALUES (\(document.client), \(document.kind.rawValue), \(document.profile), \(document.body), \(document.storedAt))
                ON CONFLICT (client, kind) DO UPDATE SET profile = excluded.profile, body = excluded.body, stored_at = excluded.stored_at
                """, logger: logger)
        }
    }

    /// A client's contract or rate card, if one was stored.
    public func document(client: String, kind: ClientDocument.Kind) async throws -> ClientDocument? {
        try await read("read the \(kind.rawValue) of \(client)") { [self] connection in
            try await connection.all("""
                SELECT profile, body, stored_at FROM client_document WHERE client = \(client) AND kind = \(kind.rawValue)
                """, logger: logger).first.map { row in
                let (profile, body, storedAt) = try row.decode((String?, String, Date).self)
                return ClientDocument(client: client, kind: kind, profile: profile, body: body, storedAt: storedAt)
            }
        }
    }

    /// The clients named in `names`, or every client when nil, with their counts (one query).
    public func clientSummaries(only names: [String]? = nil) async throws -> [ClientSummary] {
        try await read("list the clients") { [self] connection in
            try await connection.all("""
                WITH known AS (
                    SELECT client FROM scan UNION SELECT client FROM api_token WHERE client IS NOT NULL
                    UNION SELECT client FROM client_document
                )
                SELECT k.client,
                       (SELECT count(*) FROM device d WHERE d.client = k.client),
                       (SELECT count(*) FROM scan s WHERE s.client = k.client),
                       (SELECT max(started_at) FROM scan s WHERE s.client = k.client),
                       EXISTS (SELECT 1 FROM client_document c WHERE c.client = k.client AND c.kind = 'contract'),
                       EXISTS (SELECT 1 FROM client_document c WHERE c.client = k.client AND c.kind = 'rates')
                FROM known k
                WHERE \(names == nil) OR k.client = ANY(\(names ?? []))
                ORDER BY k.client
                """, logger: logger).map { row in
                let (name, devices, scans, last, contract, rates) = try row.decode((String, Int, Int, Date?, Bool, Bool).self)
                return ClientSummary(name: name, devices: devices, scans: scans, lastScanAt: last, hasContract: contract, hasRates: rates)
            }
        }
    }
}
