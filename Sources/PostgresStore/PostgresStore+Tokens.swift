import DeviceModel
import Foundation
import PostgresNIO

/// A bearer token as stored: never the token itself, only its SHA-256.
public struct StoredToken: Sendable, Equatable {
    public enum Role: String, Sendable, CaseIterable, Codable {
        /// Pushes bundles of its client and reads them.
        case collector
        /// Reads its client's inventory.
        case reader
        /// Reads every client (no client of its own).
        case admin
    }

    public var id: Int64
    /// The token's public part (shown in lists, used to revoke it).
    public var prefix: String
    public var client: String?
    public var role: Role
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: Int64, prefix: String, client: String?, role: Role, createdAt: Date, revokedAt: Date?) {
        self.id = id
        self.prefix = prefix
        self.client = client
        self.role = role
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

extension PostgresStore {
    static let tokenColumns = "id, prefix, client, role, created_at, revoked_at"

    static func token(_ row: PostgresRow) throws -> StoredToken {
        let (id, prefix, client, role, created, revoked) = try row.decode((Int64, String, String?, String, Date, Date?).self)
        guard let kind = StoredToken.Role(rawValue: role) else {
            throw StoreError.corruptRow(table: "api_token", id: id, reason: "role '\(role)' is not understood by this version of Census")
        }
        return StoredToken(id: id, prefix: prefix, client: client, role: kind, createdAt: created, revokedAt: revoked)
    }

    /// Stores a token by the SHA-256 (hex) of its secret.
    public func addToken(prefix: String, secretSHA256: String, client: String?, role: StoredToken.Role, at date: Date) async throws -> StoredToken {
        try await transaction("store a token") { [self] connection in
            try Self.token(try await connection.all("""
                INSERT INTO api_token (prefix, secret_sha256, client, role, created_at)
                VALUES (\(prefix), \(secretSHA256), \(client), \(role.rawValue), \(date)) RETURNING \(unescaped: Self.tokenColumns)
                """, logger: logger)[0])
        }
    }

    /// The live (not revoked) token whose secret has this SHA-256, if any.
    public func liveToken(secretSHA256: String) async throws -> StoredToken? {
        try await read("look up a token") { [self] connection in
            try await connection.all("""
                SELECT \(unescaped: Self.tokenColumns) FROM api_token WHERE secret_sha256 = \(secretSHA256) AND revoked_at IS NULL
                """, logger: logger).first.map(Self.token)
        }
    }

    public func tokens() async throws -> [StoredToken] {
        try await read("list tokens") { [self] connection in
            try await connection.all("SELECT \(unescaped: Self.tokenColumns) FROM api_token ORDER BY id", logger: logger).map(Self.token)
        }
    }

    /// Revokes the token with this id or public prefix; returns it, or nil when none matches.
    public func revokeToken(_ idOrPrefix: String, at date: Date) async throws -> StoredToken? {
        let id = Int64(idOrPrefix) ?? -1
        return try await transaction("revoke a token") { [self] connection in
            try await connection.all("""
                UPDATE api_token SET revoked_at = coalesce(revoked_at, \(date)) WHERE id = \(id) OR prefix = \(idOrPrefix)
                RETURNING \(unescaped: Self.tokenColumns)
                """, logger: logger).first.map(Self.token)
        }
    }
}

extension PostgresStore {
    /// Whether the database answers.
    public func ping() async throws {
        try await read("reach the database") { [self] connection in try await connection.run("SELECT 1", logger: logger) }
    }

    /// Rows in the main tables and the database's size on disk (benchmarks, diagnostics).
    public func sizes() async throws -> (devices: Int, sightings: Int, scans: Int, databaseBytes: Int64) {
        let values = try await read("measure the database") { [self] connection in
            try await connection.all("""
                SELECT (SELECT count(*) FROM device), (SELECT count(*) FROM device_sighting), (SELECT count(*) FROM scan),
                       pg_database_size(current_database())
                """, logger: logger)[0].decode((Int, Int, Int, Int64).self)
        }
        return (values.0, values.1, values.2, values.3)
    }
}
