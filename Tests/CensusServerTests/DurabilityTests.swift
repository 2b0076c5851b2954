import CensusCore
import CensusServer
import Collector
import DeviceModel
import Foundation
import Inventory
import PostgresStore
import SQLiteStore
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

    /// `census server serve` as its own process (so it can be killed for real).
    func serveProcess(port: Int) throws -> Process {
        var url = try XCTUnwrap(ProcessInfo.processInfo.environment["CENSUS_TEST_DATABASE_URL"])
        url += (url.contains("?") ? "&" : "?") + "schema=\(schema)&timeout=10"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.censusBinary)
        process.arguments = ["server", "serve", "--database-url", url, "--listen", "127.0.0.1:\(port)"]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
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
        defer { server.terminate(); server.waitUntilExit() }
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
        // Opt-in: it passes, but now and then the test process stops making progress after the
        // restart (Foundation's Process and URLSession, with a daemon holding inherited
        // descriptors, are the suspects), which would hang CI.
        guard ProcessInfo.processInfo.environment["CENSUS_TEST_PG_RESTART"] == "1" else {
            throw XCTSkip("set CENSUS_TEST_PG_RESTART=1 (and CENSUS_TEST_PG_DIR) to restart PostgreSQL mid-stream")
        }
        guard let pgdir = ProcessInfo.processInfo.environment["CENSUS_TEST_PG_DIR"], !pgdir.isEmpty else {
            throw XCTSkip("CENSUS_TEST_PG_DIR is not set (tools/test sets it to the cluster it started): PostgreSQL restart test skipped")
        }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let count = 12
        let local = try await collectorStore(scans: count, hosts: 500, in: directory)
        // pg_ctl as the cluster's owner, started before any connection of this test exists (the
        // restarted postmaster then holds no socket of ours), restarting once the pushes run.
        let script = """
            sleep 1.5
            bindir=$(cat "\(pgdir)/bindir")
            if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$bindir/pg_ctl" -D "\(pgdir)/data" -m fast -w restart -l "\(pgdir)/server.log"
            else "$bindir/pg_ctl" -D "\(pgdir)/data" -m fast -w restart -l "\(pgdir)/server.log"; fi
            """
        let before = try XCTUnwrap(Self.postmasterPID(pgdir), "no postmaster.pid in \(pgdir)/data")
        let restart = Process()
        restart.executableURL = URL(fileURLWithPath: "/bin/bash")
        restart.arguments = ["-c", script]
        restart.standardInput = FileHandle.nullDevice
        restart.standardOutput = FileHandle.nullDevice
        restart.standardError = FileHandle.nullDevice
        try restart.run()
        // The server as it is deployed: its own process.
        guard FileManager.default.isExecutableFile(atPath: Self.censusBinary) else { throw ServerTestSetupError("no census binary at \(Self.censusBinary)") }
        let port = try Self.freePort()
        let server = try serveProcess(port: port)
        defer { server.terminate(); server.waitUntilExit() }
        try await waitUntilHealthy(port: port)
        let token = try XCTUnwrap(tokens["acme-collector"])
        let pusher = try Pusher(store: local, server: "http://127.0.0.1:\(port)", token: token,
                                retry: RetryPolicy(attempts: 30, initialDelay: .milliseconds(100), maxDelay: .milliseconds(500)),
                                transport: URLSessionTransport(timeout: 15))
        let push = Task { try await pusher.pushPending { event in _ = event } }
        let report = try await push.value
        XCTAssertNil(report.stopped, "the collector gave up: \(report.stopped ?? "")")
        XCTAssertEqual(report.pushed.count, count)
        try await expect(await self.scanCount("acme") == count, "scans lost or stored twice")
        try await expect(await self.store.devices(client: "acme").count == 500, "devices duplicated or lost")
        // The restart did happen: a new postmaster (Foundation's Process does not see the script end
        // while the daemon it started holds an inherited descriptor, so the pid file tells).
        var restarted = false
        for _ in 0..<300 {
            if let pid = Self.postmasterPID(pgdir), pid != before { restarted = true; break }
            try await Task.sleep(for: .milliseconds(100))
        }
        XCTAssertTrue(restarted, "PostgreSQL was not restarted (see \(pgdir)/server.log)")
        let health = try await Self.call("GET", "/healthz", token: nil, body: nil, port: port)
        XCTAssertEqual(health.status, 200, "the server did not reconnect")
    }

    static func postmasterPID(_ pgdir: String) -> String? {
        (try? String(contentsOfFile: pgdir + "/data/postmaster.pid", encoding: .utf8))?.split(separator: "\n").first.map(String.init)
    }
}
