import DeviceModel
import Foundation
import Logging
import PostgresNIO

/// The database schema as numbered migrations. A released migration is never edited: later
/// changes are new migrations appended here. Each runs in its own transaction, holding an
/// advisory lock, so two processes migrating at once apply each migration exactly once.
public enum PostgresSchema {
    public struct Migration: Sendable {
        public var version: Int
        public var name: String
        public var statements: [String]
    }

    public static let migrations: [Migration] = [
        Migration(version: 1, name: "scans-observations-facts-devices", statements: [
            """
            CREATE TABLE scan (
                id bigserial PRIMARY KEY,
                uuid uuid NOT NULL UNIQUE,
                client text NOT NULL,
                site text,
                interface text NOT NULL,
                ranges text NOT NULL,
                options text NOT NULL,
                started_at timestamptz NOT NULL,
                finished_at timestamptz,
                status text NOT NULL CHECK (status IN ('running', 'complete', 'partial', 'failed')),
                host_count integer NOT NULL DEFAULT 0,
                failure text,
                UNIQUE (id, client)
            )
            """,
            "CREATE INDEX scan_on_client_site ON scan (client, site, started_at DESC)",
            """
            CREATE TABLE observation (
                id bigserial PRIMARY KEY,
                client text NOT NULL,
                scan_id bigint NOT NULL,
                ip text NOT NULL,
                mac text NOT NULL,
                vendor text,
                seen_by text NOT NULL,
                first_seen timestamptz NOT NULL,
                last_seen timestamptz NOT NULL,
                response_ms double precision,
                UNIQUE (scan_id, ip, mac),
                FOREIGN KEY (scan_id, client) REFERENCES scan (id, client) ON DELETE CASCADE
            )
            """,
            """
            CREATE TABLE conflict (
                id bigserial PRIMARY KEY,
                client text NOT NULL,
                scan_id bigint NOT NULL,
                ip text NOT NULL,
                macs text NOT NULL,
                UNIQUE (scan_id, ip),
                FOREIGN KEY (scan_id, client) REFERENCES scan (id, client) ON DELETE CASCADE
            )
            """,
            """
            CREATE TABLE device_facts (
                id bigserial PRIMARY KEY,
                client text NOT NULL,
                scan_id bigint NOT NULL,
                ip text NOT NULL,
                mac text,
                credential text NOT NULL,
                complete boolean NOT NULL,
                collected_at timestamptz NOT NULL,
                facts text NOT NULL,
                sys_name text,
                sys_descr text,
                sys_object_id text,
                interface_macs text NOT NULL DEFAULT '',
                UNIQUE (scan_id, ip),
                FOREIGN KEY (scan_id, client) REFERENCES scan (id, client) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX device_facts_on_client_ip ON device_facts (client, ip)",
            """
            CREATE TABLE learnt_host (
                id bigserial PRIMARY KEY,
                client text NOT NULL,
                scan_id bigint NOT NULL,
                ip text,
                mac text NOT NULL,
                source text NOT NULL,
                via text NOT NULL,
                if_index bigint,
                port text,
                UNIQUE (scan_id, mac, source, via),
                FOREIGN KEY (scan_id, client) REFERENCES scan (id, client) ON DELETE CASCADE
            )
            """,
            """
            CREATE TABLE identification (
                id bigserial PRIMARY KEY,
                client text NOT NULL,
                scan_id bigint NOT NULL,
                ip text NOT NULL,
                vendor text,
                model text,
                class text NOT NULL,
                serial text,
                os text,
                version text,
                family text,
                matches text NOT NULL,
                identified_at timestamptz NOT NULL,
                UNIQUE (scan_id, ip),
                FOREIGN KEY (scan_id, client) REFERENCES scan (id, client) ON DELETE CASCADE
            )
            """,
            """
            CREATE TABLE device (
                id bigserial PRIMARY KEY,
                client text NOT NULL,
                first_seen timestamptz NOT NULL,
                last_seen timestamptz NOT NULL,
                reason text NOT NULL,
                decision text,
                UNIQUE (id, client)
            )
            """,
            "CREATE INDEX device_on_client ON device (client, id)",
            """
            CREATE TABLE device_key (
                client text NOT NULL,
                key text NOT NULL,
                device_id bigint NOT NULL,
                PRIMARY KEY (client, key),
                FOREIGN KEY (device_id, client) REFERENCES device (id, client) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX device_key_on_device ON device_key (device_id)",
            """
            CREATE TABLE device_sighting (
                id bigserial PRIMARY KEY,
                client text NOT NULL,
                device_id bigint NOT NULL,
                scan_id bigint NOT NULL,
                site text,
                ip text NOT NULL,
                mac text,
                score integer NOT NULL,
                reason text NOT NULL,
                seen_at timestamptz NOT NULL,
                UNIQUE NULLS NOT DISTINCT (scan_id, ip, mac),
                FOREIGN KEY (device_id, client) REFERENCES device (id, client) ON DELETE CASCADE,
                FOREIGN KEY (scan_id, client) REFERENCES scan (id, client) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX device_sighting_on_client ON device_sighting (client, seen_at, id)",
            "CREATE INDEX device_sighting_on_device ON device_sighting (device_id)",
        ]),
        Migration(version: 2, name: "api-tokens", statements: [
            // Bearer tokens: only the SHA-256 of a token is kept. Admin tokens have no client.
            """
            CREATE TABLE api_token (
                id bigserial PRIMARY KEY,
                prefix text NOT NULL UNIQUE,
                secret_sha256 text NOT NULL UNIQUE,
                client text,
                role text NOT NULL CHECK (role IN ('collector', 'reader', 'admin')),
                created_at timestamptz NOT NULL,
                revoked_at timestamptz,
                CHECK ((role = 'admin') = (client IS NULL))
            )
            """,
        ]),
        Migration(version: 3, name: "client-contracts-and-rate-cards", statements: [
            // A client's contract (the PSA's CSV export as sent, with the layout it is read with)
            // and rate card (YAML as sent): one of each per client, replaced by the next PUT.
            // Kept as text and read again by the engines, so a newer Census reads them its way.
            """
            CREATE TABLE client_document (
                client text NOT NULL,
                kind text NOT NULL CHECK (kind IN ('contract', 'rates')),
                profile text,
                body text NOT NULL,
                stored_at timestamptz NOT NULL,
                PRIMARY KEY (client, kind),
                CHECK ((kind = 'contract') = (profile IS NOT NULL))
            )
            """,
        ]),
    ]

    static let ensureTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version integer PRIMARY KEY,
            name text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """
}

extension PostgresStore {
    /// Applies every migration this database lacks, each in its own transaction under an
    /// advisory lock (safe when several servers start at once). Returns the versions applied.
    @discardableResult
    public func migrate() async throws -> [Int] {
        var applied: [Int] = []
        for migration in PostgresSchema.migrations {
            let done = try await transaction("apply migration \(migration.version) (\(migration.name))") { [self] connection in
                try await Self.takeMigrationLock(on: connection, logger: logger)
                try await connection.query(PostgresQuery(unsafeSQL: PostgresSchema.ensureTable), logger: logger)
                let rows = try await connection.all("SELECT version FROM schema_migrations WHERE version = \(migration.version)", logger: logger)
                if !rows.isEmpty { return false }
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))", logger: logger)
                return true
            }
            if done {
                logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                applied.append(migration.version)
            }
        }
        return applied
    }

    /// Versions this database has applied, oldest first (none when it was never migrated).
    public func appliedMigrations() async throws -> [Int] {
        try await read("read the schema version") { [self] connection in
            let exists = try await connection.all("SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger)
            guard try exists.first?.decode(Bool.self) == true else { return [] }
            return try await connection.all("SELECT version FROM schema_migrations ORDER BY version", logger: logger).map { try $0.decode(Int.self) }
        }
    }

    /// Migrations not yet applied; a version this Census does not know means a newer Census
    /// migrated the database, which this one must not serve.
    public func checkSchema() async throws {
        let applied = try await appliedMigrations()
        let known = PostgresSchema.migrations.map(\.version)
        if let newer = applied.first(where: { !known.contains($0) }) {
            throw StoreError.cannotOpen(path: configuration.description, reason: "migration \(newer) was applied by a newer Census")
        }
        let pending = known.filter { !applied.contains($0) }
        if !pending.isEmpty {
            throw StoreError.cannotOpen(path: configuration.description,
                                        reason: "the schema is not up to date (migrations \(pending.map(String.init).joined(separator: ", ")) pending): run `census server migrate`")
        }
    }

    static func takeMigrationLock(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(hashtext('census-migrations:' || current_schema()))", logger: logger)
    }
}
