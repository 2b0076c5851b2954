import CensusCore
import CensusServer
import Collector
import DeviceModel
import Foundation
import Inventory
import PostgresStore
import SQLiteStore
import Synchronization
import XCTest

/// Failures in the middle of things: the server process killed with SIGKILL mid-ingest, and
/// PostgreSQL restarted during a stream of pushes. After the collector's retries nothing is
/// lost and nothing is stored twice.
extension CensusServerTests {
    /// A collector database holding `count` scans of acme, `hosts` hosts each.
    func collectorStore(scans count: Int, hosts: Int, in directory: URL) async throws -> SQLiteStore {
        let local = try SQLiteStore(path: directory.appendingPathComponent("collector-\(UUID().uuidString).sqlite").path)
        for i in 0..<count {
            _ = try await BundleExchange().import(Self.bundle(client: "acme", hosts: hosts, at: TimeInterval(i) * 3600), into: local)
        }
        return local
    }

    func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("census-durability-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// `census server serve` as its own process (so it can be killed for real), its log
    /// appended to `log` when given.
    func serveProcess(port: Int, log: URL? = nil) throws -> Process {
        var url = try XCTUnwrap(ProcessInfo.processInfo.environment["CENSUS_TEST_DATABASE_URL"])
        url += (url.contains("?") ? "&" : "?") + "schema=\(schema)&timeout=10"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.censusBinary)
        process.arguments = ["server", "serve", "--database-url", url, "--listen", "127.0.0.1:\(port)"]
        if let log {
            if !FileManager.default.fileExists(atPath: log.path) { _ = FileManager.default.createFile(atPath: log.path, contents: nil) }
            let handle = try FileHandle(forWritingTo: log)
            try handle.seekToEnd()
            process.standardError = handle
        } else {
            process.standardError = FileHandle.nullDevice
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    func waitUntilHealthy(port: Int) async throws {
        for _ in 0..<200 {
            if let answer = try? await Self.call("GET", "/healthz", token: nil, body: nil, port: port), answer.status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        XCTFail("the server on port \(port) did not come up")
    }

    func testServerKilledMidIngestLosesAndDuplicatesNothing() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.censusBinary) else { throw ServerTestSetupError("no census binary at \(Self.censusBinary)") }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let hosts = 4_000
        let local = try await collectorStore(scans: 3, hosts: hosts, in: directory)
        let port = try Self.freePort()
        var server = try serveProcess(port: port)
        try await waitUntilHealthy(port: port)
        let token = try XCTUnwrap(tokens["acme-collector"])
        let pusher = try Pusher(store: local, server: "http://127.0.0.1:\(port)", token: token,
                                retry: RetryPolicy(attempts: 40, initialDelay: .milliseconds(100), maxDelay: .milliseconds(400)))
        let push = Task { try await pusher.pushPending() }
        // Kill it while the first bundles are being filed, then bring it back.
        for delay in [150, 400] {
            try await Task.sleep(for: .milliseconds(delay))
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
            try await Task.sleep(for: .milliseconds(300))
            server = try serveProcess(port: port)
        }
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        let report = try await push.value
        XCTAssertNil(report.stopped, "the collector gave up: \(report.stopped ?? "")")
        XCTAssertEqual(report.pushed.count, 3)
        let stored = try await store.scans(client: "acme", site: nil)
        XCTAssertEqual(stored.count, 3, "scans lost or stored twice")
        for scan in stored {
            try await expect(await self.store.observations(scanId: scan.id!).count == hosts, "scan \(scan.id!) is incomplete")
        }
        try await expect(await self.store.devices(client: "acme").count == hosts, "devices duplicated or lost")
        XCTAssertEqual(try local.outboxPending(server: "http://127.0.0.1:\(port)").count, 0)
    }

    func testPostgreSQLRestartedDuringAStreamOfPushesLosesAndDuplicatesNothing() async throws {
        guard let pgdir = ProcessInfo.processInfo.environment["CENSUS_TEST_PG_DIR"], !pgdir.isEmpty else {
            throw ServerTestSetupError("CENSUS_TEST_PG_DIR is not set: tools/test sets it to the cluster it started (tools/pg/start-test-cluster DIR)")
        }
        guard FileManager.default.isExecutableFile(atPath: Self.censusBinary) else { throw ServerTestSetupError("no census binary at \(Self.censusBinary)") }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let count = 24
        let local = try await collectorStore(scans: count, hosts: 500, in: directory)
        // The server as it is deployed: its own process.
        let port = try Self.freePort()
        let log = directory.appendingPathComponent("server.log")
        let server = try serveProcess(port: port, log: log)
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        try await waitUntilHealthy(port: port)
        let token = try XCTUnwrap(tokens["acme-collector"])
        let pusher = try Pusher(store: local, server: "http://127.0.0.1:\(port)", token: token,
                                retry: RetryPolicy(attempts: 60, initialDelay: .milliseconds(100), maxDelay: .milliseconds(500)),
                                transport: HTTPPushTransport(timeout: .seconds(15)))
        let acknowledged = Mutex(0), done = Mutex(false)
        let push = Task {
            defer { done.withLock { $0 = true } }
            return try await pusher.pushPending { event in if case .pushed = event { acknowledged.withLock { $0 += 1 } } }
        }
        // Restart PostgreSQL three times (fast shutdown: every backend terminated, mid-query or
        // not) while the scans stream: after 3, 9 and 15 are in.
        for after in [3, 9, 15] {
            let before = try XCTUnwrap(Self.postmasterPID(pgdir), "no postmaster.pid in \(pgdir)/data")
            _ = try await Self.waitUntil(within: .seconds(90)) { acknowledged.withLock { $0 } >= after || done.withLock { $0 } }
            XCTAssertFalse(done.withLock { $0 }, "every scan was pushed before PostgreSQL could be restarted")
            try await Self.restartPostgreSQL(pgdir)
            XCTAssertNotEqual(Self.postmasterPID(pgdir), before, "PostgreSQL was not restarted (see \(pgdir)/server.log)")
        }
        // Every push is answered: the stream completes well within the collector's patience.
        let serverLog = { (try? String(contentsOf: log, encoding: .utf8))?.split(separator: "\n").suffix(40).joined(separator: "\n") ?? "" }
        guard try await Self.waitUntil(within: .seconds(120), { done.withLock { $0 } }) else {
            push.cancel()
            XCTFail("the pushes did not finish within 120 s of the last restart (\(acknowledged.withLock { $0 }) of \(count) acknowledged); server log:\n\(serverLog())")
            return
        }
        let report = try await push.value
        XCTAssertNil(report.stopped, "the collector gave up: \(report.stopped ?? "")")
        XCTAssertEqual(report.pushed.count, count)
        try await expect(await self.scanCount("acme") == count, "scans lost or stored twice")
        try await expect(await self.store.devices(client: "acme").count == 500, "devices duplicated or lost")
        XCTAssertEqual(try local.outboxPending(server: "http://127.0.0.1:\(port)").count, 0)
        let health = try await Self.call("GET", "/healthz", token: nil, body: nil, port: port)
        XCTAssertEqual(health.status, 200, "the server did not reconnect")
        // No request is left hanging: the server stops on SIGTERM (a graceful shutdown waits for them).
        server.terminate()
        let stopped = try await Self.waitUntil(within: .seconds(30)) { !server.isRunning }
        XCTAssertTrue(stopped, "the server did not stop within 30 s of SIGTERM: a request is still running; server log:\n\(serverLog())")
    }

    /// Whether `condition` became true within `timeout` (looked at every 20 ms).
    static func waitUntil(within timeout: Duration, _ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else { return false }
            try await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// `pg_ctl restart -m fast` of the test cluster in `pgdir`, as its owner. The script closes
    /// every descriptor it inherited from this process first, so the new postmaster holds none
    /// of ours (no socket or pipe of the test kept open by a daemon). Waits for pg_ctl, 60 s at most.
    static func restartPostgreSQL(_ pgdir: String) async throws {
        let script = """
            for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done 2>/dev/null
            bindir=$(cat "\(pgdir)/bindir")
            if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$bindir/pg_ctl" -D "\(pgdir)/data" -m fast -w -t 60 restart -l "\(pgdir)/server.log"
            else "$bindir/pg_ctl" -D "\(pgdir)/data" -m fast -w -t 60 restart -l "\(pgdir)/server.log"; fi
            """
        let restart = Process()
        restart.executableURL = URL(fileURLWithPath: "/bin/bash")
        restart.arguments = ["-c", script]
        restart.standardInput = FileHandle.nullDevice
        restart.standardOutput = FileHandle.nullDevice
        restart.standardError = FileHandle.nullDevice
        try restart.run()
        for _ in 0..<600 where restart.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        guard !restart.isRunning else { restart.terminate(); throw ServerTestSetupError("pg_ctl restart did not finish within 60 s") }
        guard restart.terminationStatus == 0 else { throw ServerTestSetupError("pg_ctl restart failed (\(restart.terminationStatus)): see \(pgdir)/server.log") }
    }

    static func postmasterPID(_ pgdir: String) -> String? {
        (try? String(contentsOfFile: pgdir + "/data/postmaster.pid", encoding: .utf8))?.split(separator: "\n").first.map(String.init)
    }
}
