import ArgumentParser
import CensusServer
import CensusCore
import Collector
import DeviceModel
import Foundation
import Logging
import PostgresStore
import SQLiteStore

/// `census server …`: the central server (PostgreSQL) that collectors push their scans to.
struct Server: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The central server: collectors push scans to it, readers query every client's inventory.",
        subcommands: [ServerMigrate.self, ServerServe.self, ServerToken.self])
}

/// Where the server's PostgreSQL database is.
struct ServerDatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"),
            help: "PostgreSQL URL, postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=...&schema=...]. Default: $CENSUS_DATABASE_URL.")
    var databaseURL: String?

    func connect(logger: Logger = Logger(label: "census.postgres")) async throws -> PostgresStore {
        guard let url = databaseURL ?? ProcessInfo.processInfo.environment["CENSUS_DATABASE_URL"], !url.isEmpty else {
            throw CensusFailure("no database: give --database-url or set CENSUS_DATABASE_URL", exitCode: CensusFailure.usage)
        }
        // A URL that is no PostgreSQL URL is a mistake in the command, not a database that is down.
        do throws(StoreError) { _ = try PostgresStore.Configuration(url: url) } catch {
            throw CensusFailure(error.description, exitCode: CensusFailure.usage)
        }
        do { return try await PostgresStore.connect(url: url, logger: logger) } catch let error as StoreError {
            throw CensusFailure(error.description, exitCode: CensusFailure.unavailable)
        }
    }
}

struct ServerMigrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Create or bring up to date the server's tables (safe to run from several servers at once).")

    @OptionGroup var database: ServerDatabaseOptions

    func run() async throws {
        try await reportingFailures {
            let store = try await database.connect()
            defer { Task { await store.shutdown() } }
            do {
                let applied = try await store.migrate()
                let all = try await store.appliedMigrations()
                Terminal.error(applied.isEmpty ? "census: schema up to date (migration \(all.last ?? 0))"
                                               : "census: applied migrations \(applied.map(String.init).joined(separator: ", "))")
            } catch {
                await store.shutdown()
                throw error
            }
            await store.shutdown()
        }
    }
}

struct ServerServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the API (/api/v1), /healthz and /metrics until SIGINT or SIGTERM.")

    @OptionGroup var database: ServerDatabaseOptions

    @Option(name: .long, help: "Address and port to listen on, HOST:PORT (port 0: any free one).")
    var listen: String = "127.0.0.1:8443"

    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain: serve HTTPS (with --tls-key).")
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key of --tls-cert.")
    var tlsKey: String?

    @Option(name: .customLong("max-body-mb"), help: "Largest bundle accepted, in MiB (larger: 413).")
    var maxBodyMB: Int = 64

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
        guard (1...4096).contains(maxBodyMB) else { throw ValidationError("--max-body-mb must be 1 to 4096") }
        _ = try address()
    }

    func address() throws -> (host: String, port: Int) {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65_535).contains(port) else {
            throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:8443")
        }
        var host = String(listen[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:8443") }
        return (host, port)
    }

    func run() async throws {
        try await reportingFailures {
            var logger = Logger(label: "census.server")
            if ProcessInfo.processInfo.environment["CENSUS_LOG_LEVEL"] == nil { logger.logLevel = .info }
            // The certificate and key are read before anything starts: a wrong path is named.
            for (flag, path) in [("--tls-cert", tlsCert), ("--tls-key", tlsKey)] {
                guard let path else { continue }
                guard FileManager.default.isReadableFile(atPath: path) else {
                    throw CensusFailure("\(flag) \(path): \(FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")", exitCode: CensusFailure.dataError)
                }
            }
            let store = try await database.connect(logger: logger)
            do {
                try await store.checkSchema()
            } catch let error as StoreError {
                await store.shutdown()
                throw CensusFailure(error.description, exitCode: CensusFailure.unavailable)
            }
            let (host, port) = try address()
            let api = CensusAPI(store: store, configuration: ServerConfiguration(host: host, port: port, maxBodyBytes: maxBodyMB << 20,
                                                                                tlsCertificateFile: tlsCert, tlsKeyFile: tlsKey),
                                logger: logger)
            let scheme = tlsCert == nil ? "http" : "https"
            do {
                let app = try api.application { bound in
                    Terminal.error("census: serving \(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(bound) (database \(store.configuration))")
                }
                try await app.runService()
            } catch {
                await store.shutdown()
                let text = "\(error)"
                if text.contains("Address already in use") {
                    throw CensusFailure("cannot listen on \(listen): the address is in use (another server running?)", exitCode: CensusFailure.unavailable)
                }
                if text.contains("failedToLoad") || text.contains("NIOSSL") {
                    throw CensusFailure("the TLS certificate or key cannot be used (\(text)): give PEM files, the key matching the certificate", exitCode: CensusFailure.dataError)
                }
                throw CensusFailure("server stopped: \(error)")
            }
            await store.shutdown()
            // A clean stop (SIGTERM, Ctrl-C) is said, so a log tells it from a kill.
            Terminal.error("census: server stopped")
        }
    }
}

struct ServerToken: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Bearer tokens: create (printed once), list, revoke.",
        subcommands: [TokenCreate.self, TokenList.self, TokenRevoke.self])
}

struct TokenCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a token and print it once on stdout (only its SHA-256 is stored).")

    @OptionGroup var database: ServerDatabaseOptions

    @Option(name: .long, help: "The client the token acts for (none for an admin token).")
    var client: String?

    @Option(name: .long, help: "collector (push and read its client), reader (read its client) or admin (read every client).")
    var role: String = "collector"

    func validate() throws {
        guard let kind = StoredToken.Role(rawValue: role) else { throw ValidationError("--role must be collector, reader or admin") }
        if kind == .admin, client != nil { throw ValidationError("admin tokens have no client: drop --client") }
        if kind != .admin, client == nil { throw ValidationError("a \(role) token needs --client") }
        if let client, client.trimmingCharacters(in: .whitespaces).isEmpty || client.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw ValidationError("--client must name the client (not empty, no control characters)")
        }
        // "  Acme Dental  " would be a client of its own, whose scans none of Acme Dental's are.
        if let client, client != client.trimmingCharacters(in: .whitespaces) {
            throw ValidationError("--client '\(client)' begins or ends with spaces: write the client's name as its collectors do")
        }
    }

    func run() async throws {
        try await reportingFailures {
            let store = try await database.connect()
            let issued: TokenIssuer.Issued
            do { issued = try await TokenIssuer.create(client: client, role: StoredToken.Role(rawValue: role)!, in: store) } catch {
                await store.shutdown()
                throw CensusFailure("\(error)")
            }
            await store.shutdown()
            print(issued.token)
            Terminal.error("census: token \(issued.stored.id) (prefix \(issued.stored.prefix)), \(role)\(client.map { " for client \($0)" } ?? ""): shown once, keep it in a file of mode 600")
        }
    }
}

struct TokenList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List tokens (id, prefix, role, client, state); never the tokens.")

    @OptionGroup var database: ServerDatabaseOptions

    func run() async throws {
        try await reportingFailures {
            let store = try await database.connect()
            let tokens = try await store.tokens()
            await store.shutdown()
            print(TextTable(headers: ["ID", "PREFIX", "ROLE", "CLIENT", "CREATED", "STATE"], rows: tokens.map { t in
                [String(t.id), t.prefix, t.role.rawValue, t.client ?? "-", ISO8601DateFormatter().string(from: t.createdAt),
                 t.revokedAt.map { "revoked " + ISO8601DateFormatter().string(from: $0) } ?? "live"]
            }).render(), terminator: "")
        }
    }
}

struct TokenRevoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token by its id or prefix: it is refused (401) from then on.")

    @OptionGroup var database: ServerDatabaseOptions

    @Argument(help: "The token's id or prefix (as `token create` and `token list` show).")
    var token: String

    func run() async throws {
        try await reportingFailures {
            let store = try await database.connect()
            let revoked = try await store.revokeToken(token, at: Date())
            await store.shutdown()
            guard let revoked else { throw CensusFailure("no token with id or prefix '\(token)'", exitCode: CensusFailure.usage) }
            Terminal.error("census: token \(revoked.id) (prefix \(revoked.prefix)) revoked")
        }
    }
}

/// `census push`: every local scan the server has not acknowledged, oldest first.
struct Push: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send every local scan the central server has not acknowledged yet, oldest first (retries with backoff; safe to re-run).")

    @Option(name: .long, help: "The central server's URL, e.g. https://census.example.net:8443.")
    var server: String

    @Option(name: .customLong("token-file"), help: "File holding the collector token (mode 600). Default: $CENSUS_SERVER_TOKEN.")
    var tokenFile: String?

    @Option(name: .long, help: "Tries per scan before giving up for this run (1 to 20).")
    var tries: Int = 5

    func validate() throws {
        guard (1...20).contains(tries) else { throw ValidationError("--tries must be 1 to 20") }
    }

    @Flag(name: .long, help: "Send every finished scan again, acknowledged or not (after the server's database was restored from a backup; the server stores each scan once).")
    var resend = false

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await reportingFailures {
            let token: String
            do { token = try PushToken.load(file: tokenFile) } catch { throw CensusFailure("\(error)", exitCode: CensusFailure.configError) }
            let report = try await PushRunner.push(store: await database.openExisting(), server: server, token: token, tries: tries, resend: resend)
            if report.unauthorized { throw CensusFailure(report.stopped ?? "token refused", exitCode: CensusFailure.notPermitted) }
            if let reason = report.stopped {
                throw CensusFailure("\(reason); \(counted(report.remaining, "scan")) left queued for the next push", exitCode: CensusFailure.unavailable)
            }
            if !report.refused.isEmpty { throw CensusFailure("\(counted(report.refused.count, "scan")) refused by the server") }
        }
    }
}

/// The push as every command runs it: progress on stderr.
enum PushRunner {
    static func push(store: SQLiteStore, server: String, token: String, tries: Int, resend: Bool = false) async throws -> PushReport {
        let pusher: Pusher
        do { pusher = try Pusher(store: store, server: server, token: token, retry: RetryPolicy(attempts: tries)) } catch {
            throw CensusFailure(error.description, exitCode: CensusFailure.usage)
        }
        let pending = try pusher.pending(resend: resend).count
        if pending == 0 {
            Terminal.error("census: nothing to push: \(server) has every scan\(resend ? "" : " (as far as this machine knows: --resend sends them all again)")")
            return PushReport()
        }
        let report = try await pusher.pushPending(resend: resend) { event in
            switch event {
            case let .pushed(scanId, serverScanId, created):
                Terminal.error("census: scan \(scanId) → server scan \(serverScanId)\(created ? "" : " (already there)")")
            case let .retrying(scanId, attempt, after, reason):
                Terminal.error("census: scan \(scanId): \(reason); try \(attempt) in \(String(format: "%.1f", after.seconds)) s")
            case let .refused(scanId, reason):
                Terminal.error("census: scan \(scanId): \(reason)")
            }
        }
        Terminal.error("census: \(report.pushed.count) of \(counted(pending, "scan")) pushed to \(server)")
        return report
    }
}
