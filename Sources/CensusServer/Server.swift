import CensusCore
import DeviceModel
import Fingerprinting
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOSSL
import Inventory
import Logging
import PostgresStore

/// How the server runs.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Bundles larger than this are refused with 413 before they are read whole.
    public var maxBodyBytes: Int
    /// PEM certificate chain and private key: HTTPS instead of HTTP.
    public var tlsCertificateFile: String?
    public var tlsKeyFile: String?

    public init(host: String = "127.0.0.1", port: Int = 8443, maxBodyBytes: Int = 64 << 20, tlsCertificateFile: String? = nil,
                tlsKeyFile: String? = nil) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.tlsCertificateFile = tlsCertificateFile
        self.tlsKeyFile = tlsKeyFile
    }
}

/// What a request carries through the router: the token it was authenticated with.
public struct CensusRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var token: StoredToken?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        token = nil
    }
}

/// The central server: routes, authentication and handlers. Handlers parse the request, call
/// the store or an engine (`BundleExchange`, `DeviceViews`, `InventoryDiff`) and render JSON.
public struct CensusAPI: Sendable {
    public let store: any ServerStore
    public let configuration: ServerConfiguration
    public let metrics: ServerMetrics
    let views: DeviceViews
    let exchange: BundleExchange
    let lifecycle: LifecycleData
    let logger: Logger

    public init(store: any ServerStore, configuration: ServerConfiguration, metrics: ServerMetrics = ServerMetrics(), logger: Logger) {
        self.store = store
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        let catalog = try? Catalog.builtIn()
        views = DeviceViews(canonicalVendor: { catalog?.canonicalVendor($0) ?? $0 })
        exchange = BundleExchange()
        lifecycle = LifecycleData()
    }

    // MARK: Application

    /// The router with every route.
    public func router() -> Router<CensusRequestContext> {
        let router = Router(context: CensusRequestContext.self)
        router.add(middleware: RequestLog(logger: logger, metrics: metrics))
        router.get("healthz") { _, _ in try await self.health() }
        router.get("metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: self.metrics.text())))
        }
        let api = router.group("api/v1")
        api.get("openapi.json") { _, _ in try OpenAPIDocument.response() }
        let authed = api.group().add(middleware: BearerAuthentication(store: store))
        authed.post("bundles") { request, context in try await self.ingest(request, context: context) }
        authed.get("clients/:client/devices") { request, context in try await self.devices(request, context: context) }
        authed.get("clients/:client/scans") { request, context in try await self.scans(request, context: context) }
        authed.get("clients/:client/diff") { request, context in try await self.diff(request, context: context) }
        authed.get("clients") { request, context in try await self.clients(request, context: context) }
        authed.put("clients/:client/contract") { request, context in try await self.putContract(request, context: context) }
        authed.put("clients/:client/rates") { request, context in try await self.putRates(request, context: context) }
        authed.get("clients/:client/reconcile") { request, context in try await self.reconcile(request, context: context) }
        authed.get("clients/:client/reports/pricing") { request, context in try await self.pricingReport(request, context: context) }
        authed.get("clients/:client/reports/lifecycle") { request, context in try await self.lifecycleReport(request, context: context) }
        return router
    }

    /// The application on `configuration`'s address (HTTPS when a certificate is given).
    /// `onServerRunning` learns the bound port (port 0 picks a free one).
    public func application(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        let server: HTTPServerBuilder
        if let cert = configuration.tlsCertificateFile, let key = configuration.tlsKeyFile {
            let chain = try NIOSSLCertificate.fromPEMFile(cert).map { NIOSSLCertificateSource.certificate($0) }
            let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
            server = try .tls(.http1(), tlsConfiguration: tls)
        } else {
            server = .http1()
        }
        return Application(router: router(), server: server,
                           configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "census"),
                           onServerRunning: { [store, metrics] channel in
                               // The device gauge from the start, not only after the first new scan.
                               if let clients = try? await store.clientSummaries(only: nil) { metrics.devices(total: clients.reduce(0) { $0 + $1.devices }) }
                               await onServerRunning(channel.localAddress?.port ?? 0)
                           },
                           logger: logger)
    }

    // MARK: Handlers

    /// How long `/healthz` waits for the database before answering that it is unavailable: a
    /// probe (a load balancer's, Kubernetes') must get an answer, and a pool waiting on a stopped
    /// PostgreSQL held it for a minute.
    static let healthWait: Duration = .seconds(2)

    func health() async throws -> Response {
        let up = await Self.within(Self.healthWait) { [store] in try await store.ping() }
        if up { return try JSONResponse.make(["status": "ok", "database": "ok"]) }
        return try JSONResponse.make(["status": "degraded", "database": "unavailable"], status: .serviceUnavailable)
    }

    /// Whether `work` succeeds within `limit`; past it, false at once (the work is cancelled and
    /// left to end on its own).
    public static func within(_ limit: Duration, _ work: @escaping @Sendable () async throws -> Void) async -> Bool {
        /// Resumes the waiting caller once, with the first answer.
        final class FirstAnswer: @unchecked Sendable {
            private let lock = NSLock()
            private var continuation: CheckedContinuation<Bool, Never>?
            init(_ continuation: CheckedContinuation<Bool, Never>) { self.continuation = continuation }
            func give(_ ok: Bool) {
                let waiting = lock.withLock { () -> CheckedContinuation<Bool, Never>? in
                    defer { continuation = nil }
                    return continuation
                }
                waiting?.resume(returning: ok)
            }
        }
        return await withCheckedContinuation { continuation in
            let answer = FirstAnswer(continuation)
            let task = Task {
                do { try await work(); answer.give(true) } catch { answer.give(false) }
            }
            Task {
                try? await Task.sleep(for: limit)
                answer.give(false)
                task.cancel()
            }
        }
    }

    /// `POST /api/v1/bundles`: a bundle as `census export` writes it, filed in one transaction.
    func ingest(_ request: Request, context: CensusRequestContext) async throws -> Response {
        let token = try context.requireToken()
        guard token.role == .collector, let client = token.client else {
            metrics.push("refused")
            throw APIError(.forbidden, "this token may not push bundles (a collector token is needed)")
        }
        let started = ContinuousClock.now
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: configuration.maxBodyBytes, what: "the bundle") } catch {
            metrics.push("bad")
            throw error
        }
        let bundle: ScanBundle
        do { bundle = try ScanBundle.decode(Data(body.readableBytesView), file: "bundle") } catch {
            metrics.push("bad")
            throw APIError(.badRequest, "\(error)")
        }
        // A collector pushes its own client's scans only: nothing of another client is stored.
        guard isSameClient(bundle.scan.client, client) else {
            metrics.push("refused")
            throw APIError(.forbidden, "this token pushes for its own client only; the bundle names another client ('\(bundle.scan.client)')")
        }
        let result: (scanId: Int64, isNew: Bool)
        do {
            result = try await exchange.import(bundle, into: store)
        } catch let error as ImportRefusal {
            metrics.push("refused")
            throw APIError(.conflict, error.description)
        } catch let error as StoreError {
            switch error {
            case .badBundle, .secretInOptions:
                metrics.push("bad")
                throw APIError(.badRequest, error.description)
            default:
                metrics.push("failed")
                throw error
            }
        } catch {
            metrics.push("failed")
            throw error
        }
        metrics.push(result.isNew ? "created" : "duplicate")
        metrics.ingestDuration(ContinuousClock.now - started)
        if result.isNew, let clients = try? await store.clientSummaries(only: nil) { metrics.devices(total: clients.reduce(0) { $0 + $1.devices }) }
        logger.info("bundle ingested", metadata: ["client": "\(client)", "scan": "\(result.scanId)", "new": "\(result.isNew)",
                                                  "hosts": "\(bundle.observations.count)", "token": "\(token.id)"])
        return try JSONResponse.make(PushReceipt(scanId: result.scanId, uuid: bundle.scan.uuid, client: client, created: result.isNew),
                                     status: result.isNew ? .created : .ok)
    }

    /// The most devices one page of `GET …/devices` holds, and how many when `after` comes alone.
    static let devicePageLimit = 10_000
    static let devicePageDefault = 1_000
    /// How many devices a filtered page reads from the store at a time.
    static let filteredChunk = 5_000

    /// `GET /api/v1/clients/{client}/devices`: the same JSON as `census devices --format json`.
    /// With `limit` (or `after`), one page by device id; a `Link: <…>; rel="next"` header names
    /// the next page until the last (a page filtered by site or class may hold fewer, even none).
    func devices(_ request: Request, context: CensusRequestContext) async throws -> Response {
        let client = try context.visibleClient()
        let site = try request.textParameter("site")
        let kind = try request.textParameter("class")
        if let kind, DeviceClass(rawValue: kind) == nil {
            throw APIError(.badRequest, "class must be one of: \(DeviceClass.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let limit = try request.textParameter("limit").map { text -> Int in
            guard let n = Int(text), (1...Self.devicePageLimit).contains(n) else {
                throw APIError(.badRequest, "limit must be a whole number from 1 to \(Self.devicePageLimit)")
            }
            return n
        }
        let after = try request.textParameter("after").map { text -> Int64 in
            guard let id = Int64(text), id >= 0 else { throw APIError(.badRequest, "after must be a device id (a whole number)") }
            return id
        }
        // Paged when either is given.
        let pageSize = limit ?? (after != nil ? Self.devicePageDefault : nil)
        let started = ContinuousClock.now
        var next: Int64?
        var devices: [DeviceSnapshot]
        func wanted(_ device: DeviceSnapshot) -> Bool {
            (site == nil || device.sites.contains { isSameSite($0.site, site!) }) && (kind == nil || device.class.rawValue == kind)
        }
        if let pageSize {
            // Up to pageSize devices that pass the filters: pages by id are read until they are found,
            // so a filtered page is never empty while matching devices remain.
            // One matching device beyond the page says whether another page follows (a page
            // exactly full with nothing after it sends no `next`). Filtered, the store is read in
            // chunks of at least `filteredChunk` devices: a page of 10 printers among 30,000
            // devices once read 3,000 chunks of 11, each loading every scan again (645 s).
            devices = []
            var cursor = after
            let chunk = site == nil && kind == nil ? pageSize + 1 : max(pageSize + 1, Self.filteredChunk)
            pages: while true {
                try Task.checkCancellation()
                let (page, more) = try await views.snapshots(client: client, after: cursor, limit: chunk, in: store)
                for device in page where wanted(device) {
                    devices.append(device)
                    if devices.count > pageSize {
                        devices.removeLast()
                        next = devices.last?.id
                        break pages
                    }
                }
                guard let more else { break }
                cursor = more
            }
        } else {
            devices = try await views.snapshots(client: client, in: store).filter(wanted)
        }
        let built = ContinuousClock.now
        var response = try JSONResponse.make(devices)
        if let next, let pageSize {
            var query = URLComponents()
            query.queryItems = [URLQueryItem(name: "limit", value: String(pageSize)), URLQueryItem(name: "after", value: String(next))]
                + [("site", site), ("class", kind)].compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
            response.headers[.init("Link")!] = "<\(request.uri.path)?\(query.percentEncodedQuery ?? "")>; rel=\"next\""
        }
        logger.debug("devices rendered", metadata: ["client": "\(client)", "devices": "\(devices.count)",
                                                    "views": "\(built - started)", "json": "\(ContinuousClock.now - built)"])
        return response
    }

    /// `GET /api/v1/clients/{client}/scans`: newest first.
    func scans(_ request: Request, context: CensusRequestContext) async throws -> Response {
        let client = try context.visibleClient()
        let site = try request.textParameter("site")
        return try JSONResponse.make(try await store.scans(client: client, site: site))
    }

    /// `GET /api/v1/clients/{client}/diff?from=&to=`: what changed between two of its scans.
    func diff(_ request: Request, context: CensusRequestContext) async throws -> Response {
        let client = try context.visibleClient()
        guard let fromText = request.uri.queryParameters["from"], let toText = request.uri.queryParameters["to"] else {
            throw APIError(.badRequest, "from and to (scan ids) are required")
        }
        guard let from = Int64(fromText), let to = Int64(toText) else { throw APIError(.badRequest, "from and to must be scan ids (integers)") }
        for id in [from, to] {
            // Another client's scan is as unknown as one that does not exist.
            guard let scan = try await store.scan(id), isSameClient(scan.client, client) else { throw APIError(.notFound, "no scan \(id) for this client") }
        }
        return try JSONResponse.make(try await InventoryDiff.between(from, and: to, client: client, in: store, views: views))
    }
}

/// What a push answers.
struct PushReceipt: Codable {
    var scanId: Int64
    var uuid: UUID
    var client: String
    var created: Bool
}

// MARK: Authentication

/// `Authorization: Bearer census_…`: the token's SHA-256 is looked up; a missing, malformed,
/// unknown or revoked token gets 401. The token itself is never logged.
struct BearerAuthentication: RouterMiddleware {
    typealias Context = CensusRequestContext
    let store: any ServerStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { throw APIError.unauthorized("no bearer token") }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw APIError.unauthorized("no bearer token") }
        let secret = parts[1].trimmingCharacters(in: .whitespaces)
        guard TokenIssuer.looksLikeToken(secret),
              let token = try await store.liveToken(secretSHA256: TokenIssuer.sha256Hex(secret)) else {
            throw APIError.unauthorized("invalid or revoked token")
        }
        var context = context
        context.token = token
        return try await next(request, context)
    }
}

extension CensusRequestContext {
    func requireToken() throws -> StoredToken {
        guard let token else { throw APIError.unauthorized("no bearer token") }
        return token
    }

    /// The `{client}` of the path when this token may see it; otherwise 404, exactly as for a
    /// client that does not exist (a token must not learn which clients exist).
    func visibleClient() throws -> String {
        let token = try requireToken()
        guard let raw = parameters.get("client"), let client = raw.removingPercentEncoding, !client.isEmpty else {
            throw APIError(.notFound, "no such client")
        }
        guard token.role == .admin || token.client.map({ isSameClient($0, client) }) == true else { throw APIError(.notFound, "no such client") }
        guard !client.unicodeScalars.contains(where: { $0.value < 0x20 }) else { throw APIError(.notFound, "no such client") }
        return client
    }
}

extension Request {
    /// A query parameter as text; control characters (NUL among them) are refused with 400.
    func textParameter(_ name: String) throws -> String? {
        guard let value = uri.queryParameters.get(name) else { return nil }
        guard !value.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw APIError(.badRequest, "\(name) holds control characters")
        }
        return value
    }
}

// MARK: Responses

/// An error answered as `{"error": "…"}` with its status, and the rows at fault when a
/// document's rows cannot be read (`{"error": "…", "rows": [{"line": 4, "reason": "…"}]}`).
struct APIError: HTTPResponseError {
    struct Row: Encodable, Sendable {
        var line: Int
        var reason: String
    }

    struct Body: Encodable {
        var error: String
        var rows: [Row]?
    }

    var status: HTTPResponse.Status
    var message: String
    var rows: [Row]?
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ message: String, rows: [Row]? = nil) {
        self.status = status
        self.message = message
        self.rows = rows
    }

    static func unauthorized(_ message: String) -> APIError {
        var error = APIError(.unauthorized, message)
        error.headers[.wwwAuthenticate] = "Bearer"
        return error
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try JSONResponse.make(Body(error: message, rows: rows), status: status)
        for field in headers { response.headers.append(field) }
        return response
    }
}

enum JSONResponse {
    /// snake_case keys and ISO 8601 dates, as the CLI writes JSON.
    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}

/// One line per request: method, path (never the query, never a header), status, duration and
/// the token's id. Store failures are logged here and answered 503 (retry later) or 500.
struct RequestLog: RouterMiddleware {
    typealias Context = CensusRequestContext
    let logger: Logger
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var status = 500
        defer {
            metrics.request(status: status)
            let elapsed = ContinuousClock.now - started
            logger.info("request", metadata: ["method": "\(request.method.rawValue)", "path": "\(request.uri.path)", "status": "\(status)",
                                              "ms": "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)"])
        }
        do {
            let response = try await next(request, context)
            status = response.status.code
            return response
        } catch let error as any HTTPResponseError {
            status = error.status.code
            // Hummingbird's own answers (no route for the method and path) get a JSON body too.
            if !(error is APIError), error.status == .notFound {
                return try JSONResponse.make(["error": "no such route: \(request.method.rawValue) \(request.uri.path)"], status: .notFound)
            }
            throw error
        } catch let error as StoreRejectedValue {
            status = 400
            return try JSONResponse.make(["error": "a value cannot be stored: \(error.message)"], status: .badRequest)
        } catch let error as StoreUnavailable {
            status = 503
            logger.warning("database unavailable", metadata: ["error": "\(error)"])
            var response = try JSONResponse.make(["error": "the database is unavailable; retry later"], status: .serviceUnavailable)
            response.headers[.retryAfter] = "5"
            return response
        } catch {
            status = 500
            logger.error("request failed", metadata: ["error": "\(error)"])
            return try JSONResponse.make(["error": "internal error"], status: .internalServerError)
        }
    }
}

/// The OpenAPI document kept beside the sources (`openapi.yaml`, converted once into
/// `openapi.json` by tools/server/openapi-json).
public enum OpenAPIDocument {
    public static var json: Data? {
        Bundle.module.url(forResource: "openapi", withExtension: "json").flatMap { try? Data(contentsOf: $0) }
    }

    public static var yaml: String? {
        Bundle.module.url(forResource: "openapi", withExtension: "yaml").flatMap { try? String(contentsOf: $0, encoding: .utf8) }
    }

    static func response() throws -> Response {
        guard let json else { throw APIError(.notFound, "no OpenAPI document in this build") }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: json)))
    }
}
