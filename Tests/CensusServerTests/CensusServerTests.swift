import CensusCore
import CensusServer
import Collector
import DeviceModel
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Inventory
import Logging
import PostgresStore
import SQLiteStore
import Synchronization
import XCTest
import Yams

/// The central server in-process on 127.0.0.1 (a random port) against a real PostgreSQL
/// (`CENSUS_TEST_DATABASE_URL`; each test in a schema of its own), talked to over HTTP.
/// Without the variable the tests are skipped, except under CI=true where they fail.
final class CensusServerTests: XCTestCase {
    var configuration: PostgresStore.Configuration!
    var schema = ""
    var store: PostgresStore!
    var server: RunningServer?
    let logs = LogCapture()
    var tokens: [String: String] = [:]

    override func setUp() async throws {
        let env = ProcessInfo.processInfo.environment
        guard let url = env["CENSUS_TEST_DATABASE_URL"], !url.isEmpty else {
            throw ServerTestSetupError("CENSUS_TEST_DATABASE_URL is not set: tools/test starts a PostgreSQL cluster and sets it (tools/pg/start-test-cluster prints one)")
        }
        configuration = try PostgresStore.Configuration(url: url)
        schema = "server_" + UUID().uuidString.prefix(8).lowercased()
        try await PostgresStore.createSchema(schema, in: configuration)
        configuration.schema = schema
        store = try await PostgresStore.connect(configuration)
        try await store.migrate()
        tokens["acme-collector"] = try await TokenIssuer.create(client: "acme", role: .collector, in: store).token
        tokens["acme-reader"] = try await TokenIssuer.create(client: "acme", role: .reader, in: store).token
        tokens["globex-collector"] = try await TokenIssuer.create(client: "globex", role: .collector, in: store).token
        tokens["admin"] = try await TokenIssuer.create(client: nil, role: .admin, in: store).token
    }

    override func tearDown() async throws {
        let started = server != nil
        await server?.stop()
        server = nil
        // Whatever happened, no token reached the server's log (and the log did reach the capture).
        let lines = logs.lines
        if started { XCTAssertFalse(lines.isEmpty, "nothing reached the log capture, so the check below proves nothing") }
        for (name, token) in tokens {
            XCTAssertFalse(lines.contains { $0.contains(token) || $0.contains(String(token.suffix(64))) }, "the \(name) token was logged")
        }
        await store?.shutdown()
        if let configuration, !schema.isEmpty { try? await PostgresStore.dropSchema(schema, in: configuration) }
    }

    // MARK: Helpers

    final class RunningServer: Sendable {
        let port: Int
        let task: Task<Void, any Error>
        init(port: Int, task: Task<Void, any Error>) { self.port = port; self.task = task }
        func stop() async {
            task.cancel()
            _ = await task.result
        }
    }

    /// Starts the server on 127.0.0.1, port `port` (0: a free one).
    @discardableResult
    func startServer(maxBodyBytes: Int = 64 << 20, port: Int = 0) async throws -> RunningServer {
        let api = CensusAPI(store: store, configuration: ServerConfiguration(host: "127.0.0.1", port: port, maxBodyBytes: maxBodyBytes),
                            logger: logs.logger())
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = try api.application { bound in continuation.yield(bound) }
        let task = Task { try await app.run() }
        var bound = 0
        for await p in ports { bound = p; break }
        let running = RunningServer(port: bound, task: task)
        server = running
        return running
    }

    struct Answer: Sendable {
        var status: Int
        var body: Data
        /// The Link header (`<…>; rel="next"` of a paged list).
        var link: String? = nil
        var json: Any? { try? JSONSerialization.jsonObject(with: body) }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    func call(_ method: String, _ path: String, token: String? = nil, body: Data? = nil) async throws -> Answer {
        try await Self.call(method, path, token: token, body: body, port: server!.port)
    }

    static func call(_ method: String, _ path: String, token: String?, body: Data?, port: Int) async throws -> Answer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        request.httpBody = body
        if body != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        return Answer(status: http.statusCode, body: data, link: http.value(forHTTPHeaderField: "Link"))
    }

    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// A bundle of `hosts` hosts (MACs unique to `client`).
    static func bundle(client: String, hosts: Int = 3, at offset: TimeInterval = 0, macBase: UInt64? = nil) -> ScanBundle {
        var scan = ScanRecord(client: client, site: "hq", interface: "lan1", ranges: [try! IPv4Network(parsing: "198.18.0.0/22")],
                              startedAt: t0.addingTimeInterval(offset))
        scan.status = .complete
        scan.finishedAt = scan.startedAt.addingTimeInterval(30)
        let base = macBase ?? (client == "acme" ? 0x001b_2100_0000 : 0x3cd9_2b00_0000)
        let observations = (0..<hosts).map { i in
            HostObservation(ip: IPv4Address(UInt32(0xC612_0000) + UInt32(i + 1)), mac: MACAddress(base + UInt64(i + 1)), seenBy: [.arpSweep],
                            firstSeen: scan.startedAt.addingTimeInterval(1))
        }
        return ScanBundle(exportedAt: scan.startedAt.addingTimeInterval(60), scan: scan, observations: observations, conflicts: [],
                          facts: [], learnt: [], identifications: [:], decisions: [])
    }

    func scanCount(_ client: String) async throws -> Int { try await store.scans(client: client, site: nil).count }

    // MARK: Tests

    func testDevicesComeInPagesByIDThatFollowTheirLinksAndNeverCrossClients() async throws {
        try await startServer()
        // acme's devices are not numbered in one run: globex's come between them.
        for (client, offset, base) in [("acme", 0.0, UInt64(0x001b_2100_0000)), ("globex", 10, 0x3cd9_2b00_0000), ("acme", 20, 0x001b_2100_1000)] {
            let pushed = try await call("POST", "/api/v1/bundles", token: tokens[client == "acme" ? "acme-collector" : "globex-collector"],
                                        body: try Self.bundle(client: client, hosts: 3, at: offset, macBase: base).encoded())
            XCTAssertEqual(pushed.status, 201, pushed.text)
        }
        let whole = try await call("GET", "/api/v1/clients/acme/devices", token: tokens["acme-reader"])
        XCTAssertNil(whole.link, "without limit the list is whole")
        let all = try XCTUnwrap(whole.json as? [[String: Any]]).compactMap { $0["id"] as? Int }
        XCTAssertEqual(all.count, 6)
        var paged: [Int] = [], pages = 0
        var path: String? = "/api/v1/clients/acme/devices?limit=4"
        while let next = path {
            let page = try await call("GET", next, token: tokens["acme-reader"])
            XCTAssertEqual(page.status, 200, page.text)
            let ids = try XCTUnwrap(page.json as? [[String: Any]]).compactMap { $0["id"] as? Int }
            XCTAssertLessThanOrEqual(ids.count, 4)
            paged += ids
            pages += 1
            path = try page.link.map { link in
                let match = try XCTUnwrap(link.firstMatch(of: /^<(\/api\/v1\/clients\/acme\/devices\?[^>]*)>; rel="next"$/), link)
                XCTAssertTrue(match.1.contains("limit=4"), link)
                return String(match.1)
            }
            XCTAssertLessThan(pages, 5, "the links never end")
        }
        XCTAssertEqual(paged, all, "the pages hold every device once, in id order, and none of globex's")
        XCTAssertEqual(pages, 2, "4 then 2")
        // A page exactly full with nothing after it has no next link (it led to an empty page).
        let exact = try await call("GET", "/api/v1/clients/acme/devices?limit=6", token: tokens["acme-reader"])
        XCTAssertEqual((exact.json as? [[String: Any]])?.count, 6)
        XCTAssertNil(exact.link, "nothing remains after six")
        let lastTwo = try await call("GET", "/api/v1/clients/acme/devices?limit=2&after=\(all[3])", token: tokens["acme-reader"])
        XCTAssertEqual((lastTwo.json as? [[String: Any]])?.compactMap { $0["id"] as? Int }, Array(all[4...]))
        XCTAssertNil(lastTwo.link)
        // Filters ride along in the next link.
        let filtered = try await call("GET", "/api/v1/clients/acme/devices?limit=1&site=hq", token: tokens["acme-reader"])
        XCTAssertEqual((filtered.json as? [[String: Any]])?.count, 1)
        XCTAssertTrue(filtered.link?.contains("site=hq") == true, filtered.link ?? "no link")
        // A filter that few devices pass: the first page holds them, not an empty page with a link.
        var branch = Self.bundle(client: "acme", hosts: 1, at: 30, macBase: 0x001b_2100_2000)
        branch.scan.site = "branch"
        let pushedBranch = try await call("POST", "/api/v1/bundles", token: tokens["acme-collector"], body: try branch.encoded())
        XCTAssertEqual(pushedBranch.status, 201, pushedBranch.text)
        let few = try await call("GET", "/api/v1/clients/acme/devices?limit=2&site=branch", token: tokens["acme-reader"])
        XCTAssertEqual((few.json as? [[String: Any]])?.compactMap { $0["site"] as? String }, ["branch"], few.text)
        XCTAssertNil(few.link, "nothing after the last device")
        let firstTwo = try await call("GET", "/api/v1/clients/acme/devices?limit=2&site=hq", token: tokens["acme-reader"])
        XCTAssertEqual((firstTwo.json as? [[String: Any]])?.count, 2)
        XCTAssertNotNil(firstTwo.link)
        for bad in ["limit=0", "limit=10001", "limit=ten", "after=-3", "after=x", "class=bogus"] {
            let answer = try await call("GET", "/api/v1/clients/acme/devices?\(bad)", token: tokens["acme-reader"])
            XCTAssertEqual(answer.status, 400, bad)
            XCTAssertNotNil((answer.json as? [String: Any])?["error"], bad)
        }
    }

    func testTenantIsolationOnEveryEndpoint() async throws {
        try await startServer()
        let a = try Self.bundle(client: "acme").encoded(), b = try Self.bundle(client: "globex").encoded()
        let pushedA = try await call("POST", "/api/v1/bundles", token: tokens["acme-collector"], body: a)
        XCTAssertEqual(pushedA.status, 201, pushedA.text)
        let pushedB = try await call("POST", "/api/v1/bundles", token: tokens["globex-collector"], body: b)
        XCTAssertEqual(pushedB.status, 201, pushedB.text)
        let scanB = try XCTUnwrap((pushedB.json as? [String: Any])?["scan_id"] as? Int)
        let scanA = try XCTUnwrap((pushedA.json as? [String: Any])?["scan_id"] as? Int)

        // Reading another client: 404, word for word what a client that does not exist gets.
        let unknown = try await call("GET", "/api/v1/clients/initech/devices", token: tokens["acme-collector"])
        XCTAssertEqual(unknown.status, 404)
        for token in ["acme-collector", "acme-reader"] {
            for path in ["/api/v1/clients/globex/devices", "/api/v1/clients/globex/scans", "/api/v1/clients/globex/diff?from=\(scanB)&to=\(scanB)"] {
                let answer = try await call("GET", path, token: tokens[token])
                XCTAssertEqual(answer.status, 404, "\(token) \(path)")
                XCTAssertEqual(answer.body, unknown.body, "\(token) \(path): the answer tells the client exists")
                XCTAssertFalse(answer.text.contains("3c:d9:2b"), path)
            }
        }
        // B's scan ids guessed on A's own path.
        let guessed = try await call("GET", "/api/v1/clients/acme/diff?from=\(scanA)&to=\(scanB)", token: tokens["acme-reader"])
        XCTAssertEqual(guessed.status, 404, guessed.text)
        // Writing another client's bundle: refused, nothing stored.
        let other = Self.bundle(client: "globex", at: 3600)
        let refused = try await call("POST", "/api/v1/bundles", token: tokens["acme-collector"], body: try other.encoded())
        XCTAssertEqual(refused.status, 403, refused.text)
        try await expect(await self.store.scan(uuid: other.scan.uuid) == nil, "a refused bundle was stored")
        try await expect(await self.scanCount("globex") == 1, "globex gained a scan")
        // B's very bundle pushed with A's token: refused, and A learns nothing of B's scan.
        let replay = try await call("POST", "/api/v1/bundles", token: tokens["acme-collector"], body: b)
        XCTAssertEqual(replay.status, 403)
        XCTAssertFalse(replay.text.contains("\(scanB)"), replay.text)
        // Readers read only.
        let readerPush = try await call("POST", "/api/v1/bundles", token: tokens["acme-reader"], body: try Self.bundle(client: "acme", at: 60).encoded())
        XCTAssertEqual(readerPush.status, 403)
        try await expect(await self.scanCount("acme") == 1, "a reader's push was stored")
        // Own data and the admin's view.
        let own = try await call("GET", "/api/v1/clients/acme/devices", token: tokens["acme-reader"])
        XCTAssertEqual(own.status, 200)
        XCTAssertEqual((own.json as? [[String: Any]])?.count, 3)
        XCTAssertEqual((own.json as? [[String: Any]])?.first?["first_seen"] as? String, "2027-01-15T08:00:01Z", "snake_case keys, ISO 8601 dates")
        for client in ["acme", "globex"] {
            let admin = try await call("GET", "/api/v1/clients/\(client)/scans", token: tokens["admin"])
            XCTAssertEqual(admin.status, 200)
            XCTAssertEqual((admin.json as? [[String: Any]])?.first?["host_count"] as? Int, 3)
        }
        let adminPush = try await call("POST", "/api/v1/bundles", token: tokens["admin"], body: try Self.bundle(client: "acme", at: 120).encoded())
        XCTAssertEqual(adminPush.status, 403)
        // No token, a malformed one, an unknown one, a revoked one: 401.
        let revoked = try XCTUnwrap(tokens["globex-collector"])
        let prefix = String(revoked.split(separator: "_")[1])
        try await expect(await self.store.revokeToken(prefix, at: Date()) != nil, "revoke")
        for token in [nil, "nonsense", "census_00000000_" + String(repeating: "0", count: 64), revoked] {
            for (method, path) in [("GET", "/api/v1/clients/globex/devices"), ("POST", "/api/v1/bundles")] {
                let answer = try await call(method, path, token: token, body: method == "POST" ? b : nil)
                XCTAssertEqual(answer.status, 401, "\(method) \(path) with \(token == nil ? "no token" : "a bad token")")
            }
        }
    }

    /// Two clients whose names are one string to Swift but two to PostgreSQL ("Café" with é, and
    /// with e and a combining accent): neither token reads or writes the other's data.
    func testClientNamesThatLookAlikeAreStillTwoClients() async throws {
        let composed = "Caf\u{E9}", decomposed = "Cafe\u{301}"
        XCTAssertEqual(composed, decomposed, "Swift takes them for one string: the reason for this test")
        tokens["composed-collector"] = try await TokenIssuer.create(client: composed, role: .collector, in: store).token
        tokens["decomposed-collector"] = try await TokenIssuer.create(client: decomposed, role: .collector, in: store).token
        tokens["decomposed-reader"] = try await TokenIssuer.create(client: decomposed, role: .reader, in: store).token
        try await startServer()
        let mine = Self.bundle(client: composed)
        let pushedMine = try await call("POST", "/api/v1/bundles", token: tokens["composed-collector"], body: try mine.encoded())
        XCTAssertEqual(pushedMine.status, 201, pushedMine.text)
        let path = "/api/v1/clients/" + composed.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!
        let unknown = try await call("GET", "/api/v1/clients/initech/devices", token: tokens["decomposed-reader"])
        for endpoint in ["/devices", "/scans"] {
            let answer = try await call("GET", path + endpoint, token: tokens["decomposed-reader"])
            XCTAssertEqual(answer.status, 404, "\(endpoint): \(answer.text)")
            XCTAssertEqual(answer.body, unknown.body, endpoint)
        }
        let intruder = Self.bundle(client: composed, at: 600)
        let pushed = try await call("POST", "/api/v1/bundles", token: tokens["decomposed-collector"], body: try intruder.encoded())
        XCTAssertEqual(pushed.status, 403, pushed.text)
        try await expect(await self.scanCount(composed) == 1, "the other client's push was filed under this one")
    }

    func testTheSameBundleTwiceIsOneScanWithOneId() async throws {
        try await startServer()
        let bundle = Self.bundle(client: "acme", hosts: 20)
        let first = try await call("POST", "/api/v1/bundles", token: tokens["acme-collector"], body: try bundle.encoded())
        XCTAssertEqual(first.status, 201, first.text)
        let again = try await call("POST", "/api/v1/bundles", token: tokens["acme-collector"], body: try bundle.encoded())
        XCTAssertEqual(again.status, 200, again.text)
        let id1 = (first.json as? [String: Any])?["scan_id"] as? Int, id2 = (again.json as? [String: Any])?["scan_id"] as? Int
        XCTAssertNotNil(id1)
        XCTAssertEqual(id1, id2)
        XCTAssertEqual((first.json as? [String: Any])?["uuid"] as? String, bundle.scan.uuid.uuidString)
        try await expect(await self.scanCount("acme") == 1, "two scans")
        try await expect(await self.store.devices(client: "acme").count == 20, "devices duplicated")
        // Pushed concurrently: still one.
        let concurrent = Self.bundle(client: "acme", hosts: 5, at: 3600, macBase: 0x0000_0c00_0000)
        let body = try concurrent.encoded()
        let token = try XCTUnwrap(tokens["acme-collector"])
        let port = server!.port
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<4 { group.addTask { try await Self.call("POST", "/api/v1/bundles", token: token, body: body, port: port).status } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        XCTAssertEqual(statuses.sorted(), [200, 200, 200, 201])
        try await expect(await self.scanCount("acme") == 2, "concurrent pushes duplicated a scan")
        let metrics = try await call("GET", "/metrics")
        XCTAssertTrue(metrics.text.contains("census_pushes_total{outcome=\"created\"} 2"), metrics.text)
        XCTAssertTrue(metrics.text.contains("census_devices 25"), metrics.text)
        XCTAssertFalse(metrics.text.contains("acme"), "no client's name on the page anyone may read: \(metrics.text)")
        XCTAssertTrue(metrics.text.contains("census_ingest_duration_seconds"), metrics.text)
        XCTAssertTrue(metrics.text.contains("# HELP census_pushes_total Bundles pushed to the server, by outcome"), metrics.text)
        XCTAssertTrue(metrics.text.contains("census_http_requests_total{status=\"201\"}"), metrics.text)
        // A server started on the same database counts its devices from the start (the gauge
        // was missing until the first new scan after every restart).
        let previous = server!
        try await startServer()
        XCTAssertNotEqual(server!.port, previous.port)
        let restarted = try await call("GET", "/metrics")
        XCTAssertTrue(restarted.text.contains("census_devices 25"), restarted.text)
        await previous.stop()
    }

    func testMalformedAndOversizeBundlesStoreNothing() async throws {
        try await startServer(maxBodyBytes: 64 << 10)
        let token = tokens["acme-collector"]
        let garbage = try await call("POST", "/api/v1/bundles", token: token, body: Data("{not json".utf8))
        XCTAssertEqual(garbage.status, 400)
        XCTAssertTrue(garbage.text.contains("not a Census scan bundle"), garbage.text)
        var damaged = try JSONSerialization.jsonObject(with: Self.bundle(client: "acme").encoded()) as! [String: Any]
        damaged["observations"] = [["ip": "999.1.1.1"]]
        let broken = try await call("POST", "/api/v1/bundles", token: token, body: try JSONSerialization.data(withJSONObject: damaged))
        XCTAssertEqual(broken.status, 400, broken.text)
        XCTAssertTrue(broken.text.contains("damaged"), broken.text)
        var withNUL = Self.bundle(client: "acme")
        withNUL.observations[0].vendor = "Evil\u{0}Corp"
        let nul = try await call("POST", "/api/v1/bundles", token: token, body: try withNUL.encoded())
        XCTAssertEqual(nul.status, 400, nul.text)
        let control = try await call("GET", "/api/v1/clients/acme/scans?site=%00", token: token)
        XCTAssertEqual(control.status, 400, control.text)
        let big = try await call("POST", "/api/v1/bundles", token: token, body: try Self.bundle(client: "acme", hosts: 2_000).encoded())
        XCTAssertEqual(big.status, 413, big.text)
        try await expect(await self.store.scans(client: nil, site: nil).isEmpty, "a refused bundle left a scan")
        let scans = try await call("GET", "/api/v1/clients/acme/scans", token: token)
        XCTAssertEqual(scans.text, "[]")
        let diff = try await call("GET", "/api/v1/clients/acme/diff?from=x&to=1", token: token)
        XCTAssertEqual(diff.status, 400)
    }

    func testHealthMetricsAndTheOpenAPIDocumentMatchingItsYAML() async throws {
        try await startServer()
        let health = try await call("GET", "/healthz")
        XCTAssertEqual(health.status, 200)
        XCTAssertEqual((health.json as? [String: String])?["database"], "ok")
        let document = try await call("GET", "/api/v1/openapi.json")
        XCTAssertEqual(document.status, 200)
        // No route for a method and path: 404 with a JSON error, as every other answer has.
        for (method, path) in [("GET", "/api/v1/nope"), ("DELETE", "/api/v1/clients/acme/contract")] {
            let none = try await call(method, path, token: tokens["admin"])
            XCTAssertEqual(none.status, 404, "\(method) \(path)")
            XCTAssertEqual((none.json as? [String: String])?["error"], "no such route: \(method) \(path)", none.text)
        }
        let served = try XCTUnwrap(document.json as? [String: Any])
        XCTAssertEqual(served["openapi"] as? String, "3.0.3")
        let paths = try XCTUnwrap(served["paths"] as? [String: Any])
        for path in ["/api/v1/bundles", "/api/v1/clients/{client}/devices", "/api/v1/clients/{client}/scans", "/api/v1/clients/{client}/diff",
                     "/api/v1/clients", "/api/v1/clients/{client}/contract", "/api/v1/clients/{client}/rates", "/api/v1/clients/{client}/reconcile",
                     "/api/v1/clients/{client}/reports/pricing", "/api/v1/clients/{client}/reports/lifecycle", "/healthz", "/metrics"] {
            XCTAssertNotNil(paths[path], path)
        }
        // The committed JSON is the committed YAML converted (tools/server/openapi-json).
        let yaml = try XCTUnwrap(OpenAPIDocument.yaml)
        let fromYAML = try JSONSerialization.data(withJSONObject: try XCTUnwrap(Yams.load(yaml: yaml)), options: .sortedKeys)
        let fromJSON = try JSONSerialization.data(withJSONObject: served, options: .sortedKeys)
        XCTAssertEqual(String(decoding: fromYAML, as: UTF8.self), String(decoding: fromJSON, as: UTF8.self),
                       "openapi.json is stale: run tools/server/openapi-json")
    }

    func testMigrationsAppliedByFourProcessesAtOnceRunOnce() async throws {
        var fresh = configuration!
        let name = "migrate_" + UUID().uuidString.prefix(8).lowercased()
        fresh.schema = nil
        try await PostgresStore.createSchema(name, in: fresh)
        fresh.schema = name
        let conf = fresh
        let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let store = try await PostgresStore.connect(conf)
                    do {
                        let versions = try await store.migrate()
                        await store.shutdown()
                        return versions
                    } catch {
                        await store.shutdown()
                        throw error
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0 += $1 }
        }
        XCTAssertEqual(applied.sorted(), PostgresSchema.migrations.map(\.version), "each migration applied exactly once")
        let check = try await PostgresStore.connect(conf)
        try await check.checkSchema()
        let versions = try await check.appliedMigrations()
        await check.shutdown()
        XCTAssertEqual(versions, PostgresSchema.migrations.map(\.version))
        try await PostgresStore.dropSchema(name, in: conf)
    }

    /// The collector's outbox end to end: server down → queued; up → pushed once; again → nothing.
    func testPushQueuesWhileTheServerIsDownThenSendsEachScanOnce() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("census-push-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let local = try SQLiteStore(path: directory.appendingPathComponent("collector.sqlite").path)
        for (i, b) in [Self.bundle(client: "acme", hosts: 4), Self.bundle(client: "acme", hosts: 6, at: 86_400)].enumerated() {
            let (id, isNew) = try await BundleExchange().import(b, into: local)
            XCTAssertTrue(isNew, "local import \(i)")
            _ = id
        }
        // A port nothing listens on: the server is down.
        let port = try Self.freePort()
        let url = "http://127.0.0.1:\(port)"
        let token = try XCTUnwrap(tokens["acme-collector"])
        let fast = RetryPolicy(attempts: 3, initialDelay: .milliseconds(20), maxDelay: .milliseconds(80))
        let down = try await Pusher(store: local, server: url, token: token, retry: fast).pushPending()
        XCTAssertEqual(down.stopped, "cannot reach \(url): connection refused (is the server running on that port?) (after 3 tries)", "a reason a person can read")
        XCTAssertEqual(down.remaining, 2)
        XCTAssertEqual(try local.outboxPending(server: url).count, 2)
        XCTAssertEqual(try local.outboxPending(server: url).first?.attempts, 1, "the failure is written down")
        // The server comes up on that port.
        try await startServer(port: port)
        let up = try await Pusher(store: local, server: url + "/", token: token, retry: fast).pushPending()
        XCTAssertNil(up.stopped)
        XCTAssertEqual(up.pushed.map(\.created), [true, true])
        XCTAssertEqual(try local.outboxPending(server: url).count, 0)
        try await expect(await self.scanCount("acme") == 2, "server scans after the push")
        // Again: nothing to send; and a forgotten acknowledgement (killed before it was written) adds nothing either.
        let again = try await Pusher(store: local, server: url, token: token, retry: fast).pushPending()
        XCTAssertTrue(again.pushed.isEmpty)
        // The same server under another name: the outbox knows of no acknowledgement, every scan goes again.
        let resent = try await Pusher(store: local, server: "http://localhost:\(port)", token: token, retry: fast).pushPending()
        XCTAssertEqual(resent.pushed.map(\.created), [false, false], "the server stored a scan twice")
        try await expect(await self.scanCount("acme") == 2, "server scans after a re-send")
        // The command itself, as a collector runs it.
        let census = Self.censusBinary
        if FileManager.default.isExecutableFile(atPath: census) {
            let tokenFile = directory.appendingPathComponent("token").path
            try token.write(toFile: tokenFile, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: tokenFile)
            let open = try Self.run(census, ["push", "--server", url, "--token-file", tokenFile, "--db", local.path])
            XCTAssertEqual(open.status, 78, "a token file others can read is refused: \(open.stderr)")
            XCTAssertTrue(open.stderr.contains("chmod 600"), open.stderr)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: tokenFile)
            let done = try Self.run(census, ["push", "--server", url, "--token-file", tokenFile, "--db", local.path])
            XCTAssertEqual(done.status, 0, done.stderr)
            XCTAssertTrue(done.stderr.contains("nothing to push"), done.stderr)
            // After a server restore the collector cannot know what was lost: --resend sends all, stored once.
            let resend = try Self.run(census, ["push", "--server", url, "--token-file", tokenFile, "--db", local.path, "--resend"])
            XCTAssertEqual(resend.status, 0, resend.stderr)
            XCTAssertEqual(resend.stderr.components(separatedBy: "(already there)").count - 1, 2, resend.stderr)
            try await expect(await self.scanCount("acme") == 2, "server scans after --resend")
            let empty = directory.appendingPathComponent("other.sqlite").path
            _ = try SQLiteStore(path: empty)
            let envPush = try Self.run(census, ["push", "--server", "http://127.0.0.1:\(try Self.freePort())", "--tries", "1", "--db", empty],
                                       environment: ["CENSUS_SERVER_TOKEN": token])
            XCTAssertEqual(envPush.status, 0, "an empty outbox needs no server: \(envPush.stderr)")
            // A reader's token can push nothing: not permitted (77), as a refused token is, not "scans refused".
            let third = try await BundleExchange().import(Self.bundle(client: "acme", hosts: 2, at: 2 * 86_400), into: local)
            XCTAssertTrue(third.isNew)
            let reader = try Self.run(census, ["push", "--server", url, "--db", local.path], environment: ["CENSUS_SERVER_TOKEN": try XCTUnwrap(tokens["acme-reader"])])
            XCTAssertEqual(reader.status, 77, reader.stderr)
            XCTAssertTrue(reader.stderr.contains("may not push"), reader.stderr)
            // A base URL with the API's path in it: the 404 says what to check.
            let path = try Self.run(census, ["push", "--server", url + "/api/v1", "--db", local.path], environment: ["CENSUS_SERVER_TOKEN": token])
            XCTAssertEqual(path.status, 1, path.stderr)
            XCTAssertTrue(path.stderr.contains("is --server the server's base URL (no /api/v1)?"), path.stderr)
        }
    }

    // MARK: Plumbing

    static var censusBinary: String {
        if let path = ProcessInfo.processInfo.environment["CENSUS_BIN"] { return path }
        var dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        if dir.lastPathComponent.hasSuffix(".xctest") { dir = dir.deletingLastPathComponent() }
        return dir.appendingPathComponent("census").path
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stderr: String) {
        let result = try output(executable, arguments, environment: environment)
        return (result.status, result.stderr)
    }

    /// Runs `executable` (no configuration file, no token in the environment unless given) and
    /// returns its status, standard output and standard error.
    static func output(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: Data, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["CENSUS_SERVER_TOKEN"] = nil
        // No configuration: none named, and none in the default place ($CENSUS_CONFIG naming a
        // file that is not there is an error of its own).
        env["CENSUS_CONFIG"] = nil
        env["XDG_CONFIG_HOME"] = "/nonexistent"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Standard output first: census writes a few short lines at most to standard error.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stdout, stderr)
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    func expect(_ condition: @autoclosure () async throws -> Bool, _ message: String, file: StaticString = #filePath, line: UInt = #line) async rethrows {
        let value = try await condition()
        XCTAssertTrue(value, message, file: file, line: line)
    }
}

/// Keeps every log line the server writes (to check that no token is ever among them).
final class LogCapture: Sendable {
    private let storage = Mutex<[String]>([])

    var lines: [String] { storage.withLock { $0 } }

    func logger() -> Logger {
        var logger = Logger(label: "census.server.test") { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    func append(_ line: String) { storage.withLock { $0.append(line) } }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let error = event.error.map { " \($0)" } ?? ""
            capture.append("\(event.level) \(event.message) \(metadata.merging(event.metadata ?? [:]) { $1 })\(error)")
        }
    }
}

/// Something the server tests need is missing: a failure, never a skip.
struct ServerTestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `/healthz` answers within `CensusAPI.healthWait` whatever the database does: a pool waiting
/// on a stopped PostgreSQL held it for a minute, past any load balancer's probe.
final class HealthWaitTests: XCTestCase {
    func testWorkThatHangsIsAnsweredFalseAtTheLimit() async {
        let started = ContinuousClock.now
        let hung = await CensusAPI.within(.milliseconds(200)) { try await Task.sleep(for: .seconds(30)) }
        XCTAssertFalse(hung)
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(2))
        let quick = await CensusAPI.within(.seconds(5)) { }
        XCTAssertTrue(quick)
        struct Down: Error {}
        let failed = await CensusAPI.within(.seconds(5)) { throw Down() }
        XCTAssertFalse(failed)
    }
}
