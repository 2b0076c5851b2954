import CensusCore
import DeviceModel
import Foundation
import Logging
import NIOSSL
import PostgresNIO
import Synchronization

/// The central server's store: `InventoryStore` over PostgreSQL (PostgresNIO's pooled
/// `PostgresClient`). Every table that holds client data carries the client, and composite
/// foreign keys make a row of one client unable to point at another client's scan or device.
/// Writes that must stand or fall together (filing sightings, importing a bundle) run in one
/// transaction, the resolver inside it, serialised per client by an advisory lock.
public final class PostgresStore: InventoryStore {
    public let configuration: Configuration
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>

    /// Where the database is: parsed from a `postgres://user:password@host:port/database` URL.
    /// Query parameters: `sslmode` (`disable`, `prefer`, `require`, `verify-full`; default
    /// `disable` on loopback, `prefer` elsewhere; `prefer` and `require` do not verify the
    /// certificate, as libpq's do not), `schema` (a schema to work in instead of `public`) and
    /// `timeout` (seconds one operation may take, default 120).
    public struct Configuration: Sendable, CustomStringConvertible {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String
        public var sslMode: String
        public var schema: String?
        public var maximumConnections: Int = 20
        /// How long one operation (a read, a transaction) may take before its connection is closed
        /// and it fails as unavailable: a query on a connection the server dropped mid-flight
        /// (a restart) is otherwise never answered.
        public var operationTimeout: Duration = .seconds(120)

        public init(host: String = "127.0.0.1", port: Int = 5432, username: String = "postgres", password: String? = nil,
                    database: String = "postgres", sslMode: String = "disable", schema: String? = nil) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
            self.sslMode = sslMode
            self.schema = schema
        }

        public init(url text: String) throws(StoreError) {
            guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme?.lowercased() ?? "") else {
                throw .cannotOpen(path: Self.redacted(text), reason: "not a postgres:// URL")
            }
            let host = url.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
            let database = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
            self.init(host: host, port: url.port ?? 5432, username: url.user.flatMap { $0.isEmpty ? nil : $0 } ?? "postgres",
                      password: url.password, database: database.isEmpty ? "postgres" : database,
                      sslMode: Self.isLoopback(host) ? "disable" : "prefer")
            for item in url.queryItems ?? [] {
                switch item.name {
                case "sslmode":
                    guard let mode = item.value, ["disable", "prefer", "require", "verify-full"].contains(mode) else {
                        throw .cannotOpen(path: description, reason: "sslmode must be disable, prefer, require or verify-full")
                    }
                    sslMode = mode
                case "schema", "search_path":
                    guard let name = item.value, Self.isPlainName(name) else {
                        throw .cannotOpen(path: description, reason: "schema must be letters, digits and underscores")
                    }
                    schema = name
                case "timeout":
                    guard let seconds = item.value.flatMap(Int.init), seconds > 0 else {
                        throw .cannotOpen(path: description, reason: "timeout must be a number of seconds")
                    }
                    operationTimeout = .seconds(seconds)
                default:
                    throw .cannotOpen(path: description, reason: "unknown URL parameter '\(item.name)'")
                }
            }
        }

        /// The URL without its password, for messages and logs.
        public var description: String {
            "postgres://\(username)@\(host):\(port)/\(database)" + (schema.map { "?schema=\($0)" } ?? "")
        }

        static func redacted(_ text: String) -> String {
            guard var url = URLComponents(string: text) else { return "(unparseable URL)" }
            if url.password != nil { url.password = "***" }
            return url.string ?? "(unparseable URL)"
        }

        static func isLoopback(_ host: String) -> Bool {
            host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
        }

        static func isPlainName(_ name: String) -> Bool {
            !name.isEmpty && name.count <= 63 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
                && !(name.first?.isNumber ?? true)
        }

        var clientConfiguration: PostgresClient.Configuration {
            let tls: PostgresClient.Configuration.TLS
            switch sslMode {
            case "disable":
                tls = .disable
            case "verify-full":
                tls = .require(.makeClientConfiguration())
            default:
                var unverified = TLSConfiguration.makeClientConfiguration()
                unverified.certificateVerification = .none
                tls = sslMode == "require" ? .require(unverified) : .prefer(unverified)
            }
            var config = PostgresClient.Configuration(host: host, port: port, username: username, password: password,
                                                      database: database, tls: tls)
            config.options.maximumConnections = maximumConnections
            config.options.connectTimeout = .seconds(5)
            if let schema { config.options.additionalStartupParameters = [("search_path", schema)] }
            config.options.additionalStartupParameters.append(("application_name", "census"))
            return config
        }
    }

    /// Connects (the pool runs until `shutdown()`), checking that the server answers. Does not
    /// migrate: see `migrate()` and `pendingMigrations()`.
    public static func connect(_ configuration: Configuration, logger: Logger = Logger(label: "census.postgres")) async throws -> PostgresStore {
        let store = PostgresStore(configuration: configuration, logger: logger)
        // The pool retries a refused connection until its circuit breaker trips (about a minute):
        // a server that is not there is said so within the operation timeout, 20 s at most.
        let wait = min(configuration.operationTimeout, .seconds(20))
        let client = store.client
        do {
            _ = try await store.bounded("connect", within: wait) { try await client.query("SELECT 1", logger: logger) }
        } catch is StoreUnavailable {
            await store.shutdown()
            throw StoreError.cannotOpen(path: configuration.description,
                                        reason: "no answer within \(wait) (is PostgreSQL running there, and are the host and port right?)")
        } catch {
            await store.shutdown()
            throw StoreError.cannotOpen(path: configuration.description, reason: Self.message(error))
        }
        return store
    }

    public static func connect(url: String, logger: Logger = Logger(label: "census.postgres")) async throws -> PostgresStore {
        try await connect(Configuration(url: url), logger: logger)
    }

    private init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        // The pool's own chatter (a lease asked for while it starts, reconnects) only when it is an error.
        var background = logger
        background.logLevel = max(logger.logLevel, .error)
        let client = PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: background)
        self.client = client
        runner = Task { await client.run() }
    }

    /// Closes every connection. The store is unusable afterwards.
    public func shutdown() async {
        runner.cancel()
        // An operation abandoned past its deadline (see `bounded`) may hold a lease the pool
        // would wait for: 10 s at most.
        let runner = runner
        _ = try? await bounded("close the connections", within: .seconds(10)) { await runner.value }
    }

    // MARK: Schemas (tests, several servers in one database)

    /// Creates a schema (if missing) for a store to work in (`Configuration.schema`).
    public static func createSchema(_ name: String, in configuration: Configuration) async throws {
        guard Configuration.isPlainName(name) else { throw StoreError.failed(operation: "create schema", message: "bad name '\(name)'") }
        var admin = configuration
        admin.schema = nil
        admin.maximumConnections = 1
        let store = try await connect(admin)
        do { try await store.client.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(name)"), logger: store.logger) } catch {
            await store.shutdown()
            throw StoreError.failed(operation: "create schema \(name)", message: Self.message(error))
        }
        await store.shutdown()
    }

    /// Drops a schema and everything in it.
    public static func dropSchema(_ name: String, in configuration: Configuration) async throws {
        guard Configuration.isPlainName(name) else { throw StoreError.failed(operation: "drop schema", message: "bad name '\(name)'") }
        var admin = configuration
        admin.schema = nil
        admin.maximumConnections = 1
        let store = try await connect(admin)
        do { try await store.client.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(name) CASCADE"), logger: store.logger) } catch {
            await store.shutdown()
            throw StoreError.failed(operation: "drop schema \(name)", message: Self.message(error))
        }
        await store.shutdown()
    }

    // MARK: Access

    /// Runs `work` on a pooled connection, describing any failure with `operation`: the
    /// connection is closed past the operation timeout (the watchdog) and the caller answered
    /// by then whatever becomes of `work` (`bounded`).
    func read<T: Sendable>(_ operation: @autoclosure () -> String, _ work: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let (client, timeout, logger) = (client, configuration.operationTimeout, logger)
        let name = operation()
        return try await bounded(name) {
            do {
                return try await client.withConnection { connection in
                    let watchdog = Self.watchdog(connection, timeout: timeout, logger: logger)
                    defer { watchdog.cancel() }
                    return try await work(connection)
                }
            } catch {
                throw Self.storeError(error, operation: name)
            }
        }
    }

    /// Runs `work` in one transaction (BEGIN … COMMIT, ROLLBACK when it throws), as `read` runs it.
    func transaction<T: Sendable>(_ operation: @autoclosure () -> String, _ work: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let logger = logger
        return try await read(operation()) { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                let value = try await work(connection)
                try await connection.query("COMMIT", logger: logger)
                return value
            } catch {
                // Only on a live connection: a query written to one the server closed (a restart,
                // a terminated backend) would never be answered. The server rolls back what a
                // closed connection left open.
                if !connection.isClosed && !Self.isConnectionFailure(error) {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                }
                throw error
            }
        }
    }

    /// Runs `body` (a lease and what is done with it) and answers within the operation timeout
    /// whatever becomes of it. When PostgreSQL restarts, a query in flight on a connection it
    /// dropped is, now and then, never failed by PostgresNIO — not even once the watchdog closes
    /// that connection (it is closed already) — so awaiting it would leave the request
    /// unanswered for good, and a graceful shutdown waiting for it. Past the deadline the caller
    /// gets `StoreUnavailable` (503, a collector retries) and `body` is cancelled and left to end
    /// on its own; the transaction it was in never committed.
    func bounded<T: Sendable>(_ operation: String, within limit: Duration? = nil, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        // By default a little after the watchdog's, so a query the watchdog's close does fail is
        // reported as it failed.
        let deadline = limit ?? configuration.operationTimeout + .seconds(2)
        let logger = logger
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                let answer = OneAnswer(continuation)
                let timer = Task {
                    // Cancelled as soon as the work answers: no sleeper outlives its operation.
                    guard (try? await Task.sleep(for: deadline)) != nil else { return }
                    if answer.give(.failure(StoreUnavailable(operation: operation, message: "no answer within \(deadline)"))) {
                        logger.error("database operation abandoned: no answer by its deadline",
                                     metadata: ["operation": "\(operation)", "timeout": "\(deadline)"])
                        task.cancel()
                    }
                }
                Task {
                    let result = await task.result
                    timer.cancel()
                    answer.give(result)
                }
            }
        } onCancel: {
            task.cancel()
        }
    }

    /// Closes `connection` unless cancelled within `timeout` (which fails whatever waits on it,
    /// instead of waiting forever). Cancel it when the operation ends.
    static func watchdog(_ connection: PostgresConnection, timeout: Duration, logger: Logger) -> Task<Void, Never> {
        Task {
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            logger.warning("database operation timed out; closing its connection", metadata: ["timeout": "\(timeout)"])
            try? await connection.close()
        }
    }

    /// Serialises writers of one client's devices until the transaction ends (two filings at
    /// once cannot both create a device for the same key).
    static func lockClient(_ clientName: String, on connection: PostgresConnection, logger: Logger) async throws {
        let key = "census-client:" + clientName
        try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(key)))", logger: logger)
    }

    static func storeError(_ error: any Error, operation: String) -> any Error {
        if let error = error as? StoreError { return error }
        if let error = error as? ImportRefusal { return error }
        if isTransient(error) { return StoreUnavailable(operation: operation, message: message(error)) }
        // Class 22, data exception: the value cannot be stored (a NUL character, out of range).
        if sqlState(error)?.hasPrefix("22") ?? false { return StoreRejectedValue(operation: operation, message: message(error)) }
        return StoreError.failed(operation: operation, message: message(error))
    }

    /// What PostgreSQL said (its message and SQLSTATE), without the query's bound values.
    static func message(_ error: any Error) -> String {
        if let error = error as? PostgresTransactionError {
            return message(error.closureError ?? error.commitError ?? error.beginError ?? error.rollbackError ?? error)
        }
        if let error = error as? PSQLError {
            if let info = error.serverInfo, let text = info[.message] {
                return text + (info[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
            }
            if let underlying = error.underlying { return "\(error.code): \(underlying)" }
            return "\(error.code)"
        }
        return "\(error)"
    }

    /// Whether the failure is the database's state rather than the request's: no connection,
    /// the server shutting down or restarting, out of resources, a serialisation failure or
    /// deadlock. The same request may succeed later.
    static func isTransient(_ error: any Error) -> Bool {
        if let error = error as? PostgresTransactionError {
            return isTransient(error.closureError ?? error.commitError ?? error.beginError ?? error.rollbackError ?? StoreError.noSuchScan(0))
        }
        guard let error = error as? PSQLError else {
            // The pool's and NIO's own failures (no connection could be made or kept).
            let type = String(reflecting: Swift.type(of: error))
            return ["ConnectionPoolError", "IOError", "ChannelError", "NIOConnectionError"].contains { type.contains($0) }
        }
        guard error.code == .server else {
            return ![PSQLError.Code.tooManyParameters, .invalidCommandTag, .unsupportedAuthMechanism, .authMechanismRequiresPassword,
                     .saslError, .sslUnsupported].contains(error.code)
        }
        guard let state = error.serverInfo?[.sqlState] else { return false }
        return state.hasPrefix("08") || state.hasPrefix("53") || state.hasPrefix("57P") || state == "40001" || state == "40P01"
    }

    /// The connection itself failed (closed, reset, terminated by the server): nothing more can be
    /// sent on it.
    static func isConnectionFailure(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return false }
        if error.code == .server { return error.serverInfo?[.sqlState].map { $0.hasPrefix("57P") || $0.hasPrefix("08") } ?? false }
        return true
    }

    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }
}

/// The database cannot be reached or is restarting: the same request may succeed later (the
/// server answers 503, a collector retries).
public struct StoreUnavailable: Error, CustomStringConvertible, Sendable {
    public var operation: String
    public var message: String
    public var description: String { "cannot \(operation): the database is unavailable (\(message))" }
}

/// PostgreSQL cannot store a value as given (SQLSTATE class 22: a NUL character in text, a
/// number out of range): the request is at fault, not the database.
public struct StoreRejectedValue: Error, CustomStringConvertible, Sendable {
    public var operation: String
    public var message: String
    public var description: String { "cannot \(operation): \(message)" }
}

/// A continuation resumed by whichever answer comes first; later ones are dropped.
final class OneAnswer<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, any Error>?>

    init(_ continuation: CheckedContinuation<T, any Error>) { self.continuation = Mutex(continuation) }

    /// Resumes with `result` if nothing did before; whether it did.
    @discardableResult
    func give(_ result: Result<T, any Error>) -> Bool {
        guard let waiting = continuation.withLock({ c -> CheckedContinuation<T, any Error>? in defer { c = nil }; return c }) else { return false }
        waiting.resume(with: result)
        return true
    }
}

// MARK: Encoding helpers

enum JSONText {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, table: String, id: Int64?) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do { return try decoder.decode(type, from: Data(text.utf8)) } catch {
            throw StoreError.corruptRow(table: table, id: id, reason: "unreadable JSON: \(error)")
        }
    }
}
