import Foundation
import XCTest

/// A `census` process left running, its output read as it comes (a large table would otherwise
/// fill the pipe and stall it), for tests that signal it.
final class RunningCensus: @unchecked Sendable {
    let process = Process()
    private let lock = NSLock()
    private var out = Data(), err = Data()
    private let done = DispatchGroup()

    init(_ runner: CensusRunner, _ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: CensusRunner.census)
        process.arguments = arguments
        process.environment = runner.environment(environment)
        let o = Pipe(), e = Pipe()
        process.standardOutput = o
        process.standardError = e
        try process.run()
        for (pipe, isOut) in [(o, true), (e, false)] {
            done.enter()
            Thread.detachNewThread { [self] in
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                lock.withLock { if isOut { out = data } else { err = data } }
                done.leave()
            }
        }
    }

    func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

    /// Waits until this census has stored its scan in `db` as running (so its signal trap is
    /// set), then `settle` seconds more for discovery to get going. A fixed wait from launch
    /// is not enough: a debug build on a loaded machine can take over a second to get there.
    func waitUntilScanning(_ db: String, with runner: CensusRunner, settle: TimeInterval = 0.3, timeout: TimeInterval = 60) {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline {
            // Never create the file: sqlite3 would, and census must be the one to make it.
            if FileManager.default.fileExists(atPath: db),
               let rows = try? runner.sql(db, "SELECT count(*) FROM scan WHERE status = 'running'"), rows != ["0"] {
                break
            }
            usleep(20_000)
        }
        usleep(useconds_t(settle * 1_000_000))
    }

    /// Waits for the process to end (at most `timeout`, then kills it) and returns what it said.
    func wait(timeout: TimeInterval = 60) -> CensusRunner.Result {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        done.wait()
        return lock.withLock {
            CensusRunner.Result(status: process.terminationReason == .uncaughtSignal ? 1000 + process.terminationStatus : process.terminationStatus,
                                stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
        }
    }
}

extension CensusRunner {
    /// The environment a census run gets: this runner's HOME and data home, no configuration.
    func environment(_ extra: [String: String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = directory.path
        env["XDG_DATA_HOME"] = directory.appendingPathComponent("data").path
        env["XDG_STATE_HOME"] = directory.appendingPathComponent("state").path
        env["CENSUS_CONFIG"] = nil
        for (k, v) in extra { env[k] = v }
        return env
    }

    /// Rows of a query run with the sqlite3 shell, each a `|`-separated line.
    func sql(_ db: String, _ query: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", "-cmd", ".timeout 20000", db, query]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "sqlite3 failed on \(query)"]) }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// A capture of `frames` ARP replies from `hosts` hosts in 198.18.0.0/16 (locally
    /// administered MACs): slow enough to read that a test can signal `census` in the middle.
    func largeCapture(frames: Int, hosts: Int) throws -> String {
        var data = Data()
        func le32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        func le16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        le32(0xa1b2_c3d4); le16(2); le16(4); le32(0); le32(0); le32(65_535); le32(1)
        let router: [UInt8] = [2, 0, 0, 0, 255, 254]
        data.reserveCapacity(24 + frames * 58)
        for i in 0..<frames {
            let h = i % hosts
            let mac: [UInt8] = [2, 0, 0, 0, UInt8(h >> 8 & 255), UInt8(h & 255)]
            let ip: [UInt8] = [198, 18, UInt8(h >> 8 & 255), UInt8(h & 255)]
            let frame = router + mac + [0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0, 2] + mac + ip + router + [198, 18, 255, 254]
            le32(UInt32(1_767_225_600 + i / 1000)); le32(UInt32(i % 1000 * 1000)); le32(UInt32(frame.count)); le32(UInt32(frame.count))
            data.append(contentsOf: frame)
        }
        let path = self.path("large-\(frames)-\(hosts).pcap")
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A bundle of one complete scan of `hosts` hosts of client acme (JSON written directly).
    func largeBundle(hosts: Int, uuid: UUID = UUID()) throws -> String {
        var observations: [String] = []
        observations.reserveCapacity(hosts)
        for i in 0..<hosts {
            let ip = "198.\(18 + (i >> 16)).\((i >> 8) & 255).\(i & 255)"
            let mac = String(format: "02:00:%02x:%02x:%02x:%02x", (i >> 24) & 255, (i >> 16) & 255, (i >> 8) & 255, i & 255)
            observations.append(#"{"ip":"\#(ip)","mac":"\#(mac)","seenBy":["pcap"],"firstSeen":"2026-06-01T09:00:01Z","lastSeen":"2026-06-01T09:00:02Z"}"#)
        }
        let json = """
        {"format":"census-scan-bundle","version":2,"exportedAt":"2026-06-01T10:00:00Z",
         "scan":{"uuid":"\(uuid.uuidString.lowercased())","client":"acme","site":"hq","interface":"","ranges":[],"options":{},
                 "startedAt":"2026-06-01T09:00:00Z","finishedAt":"2026-06-01T09:01:00Z","status":"complete","hostCount":\(hosts)},
         "observations":[\(observations.joined(separator: ","))],
         "conflicts":[],"facts":[],"learnt":[],"decisions":[],"identifications":{}}
        """
        let path = self.path("large-\(hosts).census")
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

/// Data loss on signals and locks, input that is silently wrong, one filing rule: issue 15.
final class HardeningCLITests: XCTestCase {
    private var census: CensusRunner!

    override func setUpWithError() throws {
        census = try CensusRunner()
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") else {
            throw TestSetupError("these tests read the store with sqlite3 (tools/setup/install-deps installs it)")
        }
    }
    override func tearDown() { census = nil }

    var capture: String { CensusRunner.root.appendingPathComponent("Fixtures/pcap/arp-mixed.pcap").path }

    // MARK: Item 3: signals and locks

    /// SIGTERM at random moments of `census import` leaves either nothing or the whole scan;
    /// importing again afterwards adds it exactly once.
    /// A file's text quoted in a message cannot drive the terminal: escape sequences (a window
    /// title, colours) and bidi overrides are written as escapes.
    func testFileTextInMessagesCannotDriveTheTerminal() throws {
        let walk = census.path("esc.walk")
        try Data("\u{1B}]0;PWNED\u{07}\u{1B}[31mRED \u{202E}evil\n".utf8).write(to: URL(fileURLWithPath: walk))
        let result = try census(["identify", walk])
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertFalse(result.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E }, result.stderr)
        XCTAssertTrue(result.stderr.contains("'\\u{1B}]0;PWNED\\u{7}\\u{1B}[31mRED \\u{202E}evil'"), result.stderr)
    }

    func testSIGTERMDuringImportNeverLeavesAHalfImportedScan() throws {
        let hosts = 20_000
        let uuid = UUID()
        let bundle = try census.largeBundle(hosts: hosts, uuid: uuid)
        // How long one import takes here, and what it stores.
        let reference = census.path("reference.sqlite")
        let started = Date()
        let clean = try census(["import", bundle, "--db", reference])
        let duration = Date().timeIntervalSince(started)
        XCTAssertEqual(clean.status, 0, clean.stderr)
        XCTAssertEqual(try census.sql(reference, "SELECT count(*) FROM device"), ["\(hosts)"])

        let db = census.path("killed.sqlite")
        var generator = SystemRandomNumberGenerator()
        var killedMidway = 0
        for round in 1...6 {
            // Each round starts from nothing, so a round that finished before its signal does not
            // turn every later round into a quick "already imported".
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
            let delay = Double.random(in: 0.05...max(0.1, duration * 0.8), using: &generator)
            let run = try RunningCensus(census, ["import", bundle, "--db", db])
            usleep(useconds_t(delay * 1_000_000))
            run.signal(SIGTERM)
            let result = run.wait()
            if result.status != 0 { killedMidway += 1 }
            guard FileManager.default.fileExists(atPath: db) else { continue }
            // A signal while the store was being created leaves its schema part-built (each
            // migration is its own transaction; the next run finishes them). Nothing can have
            // been imported into it yet.
            let schemaBuilt = (try? census.sql(db, "SELECT uuid FROM scan LIMIT 0")) != nil
                && (try? census.sql(db, "SELECT count(*) FROM device_sighting")) != nil
            if !schemaBuilt {
                let anyScan = (try? census.sql(db, "SELECT count(*) FROM scan")) ?? ["0"]
                XCTAssertEqual(anyScan, ["0"], "round \(round): a scan in a store whose schema was never finished")
                continue
            }
            let scans = try census.sql(db, "SELECT count(*) FROM scan WHERE uuid = '\(uuid.uuidString.lowercased())'")
            let observations = try census.sql(db, "SELECT count(*) FROM observation")
            let sightings = try census.sql(db, "SELECT count(*) FROM device_sighting")
            let status = try census.sql(db, "SELECT status FROM scan")
            let whole = scans == ["1"] && observations == ["\(hosts)"] && sightings == ["\(hosts)"] && status == ["complete"]
            let nothing = scans == ["0"] && observations == ["0"] && sightings == ["0"]
            XCTAssertTrue(whole || nothing, "round \(round), SIGTERM after \(String(format: "%.2f", delay)) s left scans \(scans), \(observations) hosts, \(sightings) sightings, status \(status)")
        }
        XCTAssertGreaterThan(killedMidway, 0, "no SIGTERM landed during an import")

        let again = try census(["import", bundle, "--db", db])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("imported as scan") || again.stderr.contains("already imported"), again.stderr)
        XCTAssertEqual(try census.sql(db, "SELECT count(*) FROM scan WHERE uuid = '\(uuid.uuidString.lowercased())'"), ["1"])
        XCTAssertEqual(try census.sql(db, "SELECT count(*) FROM observation"), ["\(hosts)"])
        XCTAssertEqual(try census.sql(db, "SELECT count(*) FROM device"), ["\(hosts)"], "as many devices as a clean import")
        let third = try census(["import", bundle, "--db", db])
        XCTAssertTrue(third.stderr.contains("already imported"), third.stderr)
    }

    /// SIGHUP (a closed terminal, a stopped session) stops `discover` cleanly, like Ctrl-C.
    func testSIGHUPDuringDiscoverKeepsWhatWasFoundAsAPartialScan() throws {
        let pcap = try census.largeCapture(frames: 600_000, hosts: 3000)
        let db = census.path("hup.sqlite")
        let run = try RunningCensus(census, ["discover", "--pcap", pcap, "--db", db, "--format", "csv"])
        run.waitUntilScanning(db, with: census)
        run.signal(SIGHUP)
        let result = run.wait()
        XCTAssertEqual(result.status, 130, result.stderr)
        XCTAssertEqual(result.stdout.split(separator: "\n").count, 3001, "header and the hosts found: \(result.stderr)")
        XCTAssertEqual(try census.sql(db, "SELECT status, hostCount FROM scan"), ["partial|3000"])
        XCTAssertEqual(try census.sql(db, "SELECT count(*) FROM device"), ["3000"])
    }

    /// A second signal 50 ms after the first waits for what was found to be stored: exit 130
    /// always means the results were kept.
    func testASecondSignalWaitsForWhatWasFoundToBeStored() throws {
        let pcap = try census.largeCapture(frames: 600_000, hosts: 3000)
        for (first, second) in [(SIGINT, SIGINT), (SIGTERM, SIGHUP)] {
            let db = census.path("twice-\(first)-\(second).sqlite")
            let run = try RunningCensus(census, ["discover", "--pcap", pcap, "--db", db, "--format", "csv"])
            run.waitUntilScanning(db, with: census)
            run.signal(first)
            usleep(50_000)
            run.signal(second)
            let result = run.wait()
            XCTAssertEqual(result.status, 130, result.stderr)
            XCTAssertEqual(result.stdout.split(separator: "\n").count, 3001, "signals \(first), \(second): \(result.stderr)")
            XCTAssertEqual(try census.sql(db, "SELECT status, hostCount FROM scan"), ["partial|3000"], "signals \(first), \(second)")
            XCTAssertEqual(try census.sql(db, "SELECT count(*) FROM device"), ["3000"])
        }
    }

    /// A third signal quits at once, and says so: never exit 130, which means the results were kept.
    func testAThirdSignalQuitsAtOnceWithoutClaimingTheResultsWereKept() throws {
        let pcap = try census.largeCapture(frames: 600_000, hosts: 3000)
        let db = census.path("thrice.sqlite")
        let run = try RunningCensus(census, ["discover", "--pcap", pcap, "--db", db, "--format", "csv"])
        run.waitUntilScanning(db, with: census)
        for _ in 0..<3 {
            run.signal(SIGINT)
            usleep(50_000)
        }
        let result = run.wait()
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("quit before what was found was stored"), result.stderr)
        XCTAssertEqual(result.stdout, "")
    }

    /// Holds the database's write lock (another process) until the returned closure is called.
    func holdWriteLock(_ db: String) throws -> @Sendable () -> Void {
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        shell.arguments = [db]
        let input = Pipe(), output = Pipe()
        shell.standardInput = input
        shell.standardOutput = output
        try shell.run()
        input.fileHandleForWriting.write(Data("BEGIN EXCLUSIVE;\nUPDATE scan SET site = site;\nSELECT 'locked';\n".utf8))
        // Wait until the shell holds the lock.
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("locked") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        return {
            input.fileHandleForWriting.write(Data("COMMIT;\n".utf8))
            try? input.fileHandleForWriting.close()
            shell.waitUntilExit()
        }
    }

    /// A database another process keeps locked: Census waits a bounded time, then prints the
    /// hosts, writes them to a recovery bundle that `census import` takes, says where, exits 1.
    func testALockedDatabaseDoesNotLoseADiscovery() throws {
        let db = census.path("locked.sqlite")
        XCTAssertEqual(try census(["discover", "--pcap", capture, "--db", db, "--client", "acme", "--site", "hq"]).status, 0)
        XCTAssertEqual(try census.sql(db, "SELECT count(*) FROM device"), ["5"])

        // Locked for longer than Census waits.
        let release = try holdWriteLock(db)
        let started = Date()
        let locked = try census(["discover", "--pcap", capture, "--db", db, "--client", "acme", "--site", "hq", "--format", "csv"],
                                environment: ["CENSUS_DB_WAIT": "2", "XDG_STATE_HOME": census.path("state")])
        let waited = Date().timeIntervalSince(started)
        release()
        XCTAssertEqual(locked.status, 1, locked.stderr)
        XCTAssertLessThan(waited, 15, "waited \(waited) s for a lock it was told to wait 2 s for")
        XCTAssertEqual(locked.stdout.split(separator: "\n").count, 6, "the hosts found are printed: \(locked.stdout)")
        XCTAssertTrue(locked.stderr.contains("locked"), locked.stderr)
        let recoveryFolder = census.path("state/census/recovery")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: recoveryFolder)) ?? []
        XCTAssertEqual(files.count, 1, "one recovery bundle in \(recoveryFolder): \(locked.stderr)")
        let recovery = try XCTUnwrap(files.first.map { recoveryFolder + "/" + $0 })
        XCTAssertTrue(locked.stderr.contains(recovery), "says where: \(locked.stderr)")
        XCTAssertTrue(locked.stderr.contains("census import"), "says how to get it back: \(locked.stderr)")

        // Once the lock is gone, the recovery bundle imports as a scan of its own.
        let imported = try census(["import", recovery, "--db", db])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertEqual(try census.sql(db, "SELECT count(*) FROM scan WHERE status IN ('complete', 'partial')"), ["2"])
        XCTAssertEqual(try census.sql(db, "SELECT count(*) FROM device"), ["5"], "the same devices, seen again")
        XCTAssertEqual(try census.sql(db, "SELECT count(*) FROM device_sighting"), ["10"])

        // Locked for less time than Census waits: the scan is simply stored.
        let brief = try holdWriteLock(db)
        DispatchQueue.global().asyncAfter(deadline: .now() + 1.5) { brief() }
        let waitedOut = try census(["discover", "--pcap", capture, "--db", db, "--client", "acme", "--site", "hq"],
                                   environment: ["CENSUS_DB_WAIT": "20"])
        XCTAssertEqual(waitedOut.status, 0, waitedOut.stderr)
        XCTAssertTrue(waitedOut.stderr.contains("stored as scan 3"), waitedOut.stderr)
        XCTAssertEqual(try census.sql(db, "SELECT count(*) FROM device_sighting"), ["15"])
    }

    /// A scan whose process was killed does not stay `running` for ever: the next census that
    /// opens the store marks it partial (it stored hosts) or failed.
    func testAScanWhoseProcessWasKilledIsNoLongerRunning() throws {
        let pcap = try census.largeCapture(frames: 600_000, hosts: 3000)
        let db = census.path("killed.sqlite")
        // The store exists and has a stored host before the killed scan starts.
        XCTAssertEqual(try census(["discover", "--pcap", capture, "--db", db]).status, 0)
        let run = try RunningCensus(census, ["discover", "--pcap", pcap, "--db", db])
        run.waitUntilScanning(db, with: census)
        run.signal(SIGKILL)
        _ = run.wait()
        XCTAssertEqual(try census.sql(db, "SELECT status FROM scan WHERE id = 2"), ["running"])
        XCTAssertEqual(try census(["devices", "--db", db]).status, 0)
        XCTAssertEqual(try census.sql(db, "SELECT status, failure FROM scan WHERE id = 2"), ["failed|the process that ran it stopped"])
        XCTAssertEqual(try census.sql(db, "SELECT status FROM scan WHERE id = 1"), ["complete"])
    }

    /// Two censuses opening one fresh database at once both succeed.
    func testTwoCensusesCreatingOneDatabaseAtOnceBothSucceed() throws {
        for round in 1...10 {
            let db = census.path("fresh-\(round).sqlite")
            let runs = try (0..<2).map { _ in try RunningCensus(census, ["discover", "--pcap", capture, "--db", db]) }
            for result in runs.map({ $0.wait() }) {
                XCTAssertEqual(result.status, 0, "round \(round): \(result.stderr)")
            }
            XCTAssertEqual(try census.sql(db, "SELECT count(*) FROM scan WHERE status = 'complete'"), ["2"], "round \(round)")
        }
    }

    // MARK: Item 5: input that is silently wrong

    func testNegativeLookingNumbersAreCheckedNotTakenForFlags() throws {
        for (flag, expected) in [("--rate", "--rate must be between 1 and 100000"), ("--max-rate", "--max-rate must be between 1 and 100000"),
                                 ("--retries", "--retries must be between 0 and 10"), ("--timeout", "--timeout must be between 1 and 60000"),
                                 ("--passive", "--passive takes a positive number of seconds")] {
            let result = try census(["discover", "--interface", "lan1", flag, "-5", "--dry-run"])
            XCTAssertEqual(result.status, 64, "\(flag): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(expected), "\(flag): \(result.stderr)")
            XCTAssertFalse(result.stderr.contains("Missing value"), "\(flag): \(result.stderr)")
        }
        let users = try census(["report", "pricing", "--client", "acme", "--contract", "c.csv", "--rates", "rates.yaml", "--users", "-5"])
        XCTAssertEqual(users.status, 64, users.stderr)
        XCTAssertTrue(users.stderr.contains("--users must be 0 to 1000000"), users.stderr)
        let concurrency = try census(["scan", "--pcap", capture, "--concurrency", "-1"])
        XCTAssertEqual(concurrency.status, 64, concurrency.stderr)
        XCTAssertTrue(concurrency.stderr.contains("--concurrency must be 1 to 512"), concurrency.stderr)
    }

    /// A plan (--dry-run) is checked as the scan would be: the credentials too. Flags that need a
    /// v3 user say so instead of being ignored; scan's --format lists only what it prints.
    func testScanChecksCredentialsAndFormatBeforeAnything() throws {
        let unknown = try census(["scan", "--interface", "lan1", "--dry-run", "--credential", "nosuch"])
        XCTAssertEqual(unknown.status, 78, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("nosuch"), unknown.stderr)
        let noPass = try census(["scan", "--interface", "lan1", "--dry-run", "--snmp-v3-user", "monitor", "--snmp-auth", "sha"])
        XCTAssertEqual(noPass.status, 78, noPass.stderr) // an unusable secret, as the README says
        XCTAssertTrue(noPass.stderr.contains("CENSUS_SNMP_AUTH_PASS"), noPass.stderr)
        // --targets and probe refuse loopback, multicast, broadcast, "this network" and reserved
        // space whatever the flags, as --range does (a --targets 127.0.0.1 once sent SNMP there).
        for target in ["127.0.0.1", "224.0.0.1", "255.255.255.255", "0.0.0.1", "240.0.0.1", "127.0.0.0/30"] {
            let refused = try census(["scan", "--interface", "lan1", "--dry-run", "--targets", target, "--allow-public", "--force"])
            XCTAssertEqual(refused.status, 64, "\(target): \(refused.stderr)")
            XCTAssertTrue(refused.stderr.contains("refusing to interrogate"), refused.stderr)
        }
        for host in ["127.0.0.1", "239.255.255.250", "255.255.255.255"] {
            let probe = try census(["probe", host, "--allow-public"])
            XCTAssertEqual(probe.status, 64, probe.stderr)
            XCTAssertTrue(probe.stderr.contains("refusing to probe \(host): it is"), probe.stderr)
        }
        // Secrets given as flags sit in the process list: said, with where to put them instead.
        let visible = try census(["scan", "--interface", "lan1", "--dry-run", "--community", "s3cret", "--snmp-v3-user", "mon",
                                  "--snmp-auth", "sha", "--snmp-auth-pass", "longenough1"])
        XCTAssertTrue(visible.stderr.contains("census: warning: --community, --snmp-auth-pass on the command line can be read by other users of this machine (ps)"), visible.stderr)
        XCTAssertFalse(visible.stderr.contains("s3cret") || visible.stderr.contains("longenough1"), visible.stderr)
        let noAuth = try census(["scan", "--interface", "lan1", "--dry-run", "--snmp-v3-user", "mon"], environment: ["CENSUS_SNMP_AUTH_PASS": "longenough1"])
        XCTAssertTrue(noAuth.stderr.contains("user mon is asked with no authentication (noAuthNoPriv); give --snmp-auth"), noAuth.stderr)
        let stray = try census(["probe", "198.18.0.3", "--snmp-auth-pass", "longenough1"])
        XCTAssertEqual(stray.status, 64, stray.stderr)
        XCTAssertTrue(stray.stderr.contains("need --snmp-v3-user"), stray.stderr)
        let csv = try census(["scan", "--interface", "lan1", "--format", "csv"])
        XCTAssertEqual(csv.status, 64, csv.stderr)
        let help = try census(["scan", "--help"])
        XCTAssertTrue(help.stdout.contains("values: table, json"), help.stdout)
        XCTAssertFalse(help.stdout.contains("values: table, json, csv"), help.stdout)
    }

    /// The offline engineer's commands: a mistyped --db is named (exit 65) and none is created,
    /// a folder as --out or an unknown scan is bad usage, and a --server URL carrying a
    /// password is refused before it can be printed or kept in the outbox.
    func testExportAndPushRefuseMistakesBeforeTheyLoseOrLeakAnything() throws {
        let db = census.path("laptop.sqlite")
        XCTAssertEqual(try census(["discover", "--pcap", capture, "--client", "acme", "--site", "hq", "--db", db]).status, 0)
        let typo = census.path("typo.sqlite")
        for arguments in [["export", "--scan", "1", "--out", census.path("a.census"), "--db", typo],
                          ["push", "--server", "http://127.0.0.1:9", "--db", typo]] {
            let result = try census(arguments, environment: ["CENSUS_SERVER_TOKEN": "collector-token-1234"])
            XCTAssertEqual(result.status, 65, "\(arguments[0]): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("no database at \(typo)"), result.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: typo), "\(arguments[0]) created a database")
        }
        // scan --push reads its token before scanning (a file others can read: exit 78 at once),
        // and a push that fails names the command that sends the scan later, token file and database included.
        let loose = census.path("loose.token"), tight = census.path("my tok.token")
        try "collector-token-1234".write(toFile: loose, atomically: true, encoding: .utf8)
        try "collector-token-1234".write(toFile: tight, atomically: true, encoding: .utf8)
        chmod(loose, 0o644)
        chmod(tight, 0o600)
        let early = try census(["scan", "--pcap", capture, "--client", "acme", "--db", census.path("push.sqlite"),
                                "--push", "http://127.0.0.1:9", "--push-token-file", loose])
        XCTAssertEqual(early.status, 78, early.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: census.path("push.sqlite")), "nothing scanned before the token was read")
        let queued = try census(["scan", "--pcap", capture, "--client", "acme", "--db", census.path("push.sqlite"),
                                 "--push", "http://127.0.0.1:9", "--push-token-file", tight, "--snmp-timeout", "50", "--snmp-retries", "0", "--snmp-budget", "1"])
        XCTAssertEqual(queued.status, 0, queued.stderr)
        XCTAssertTrue(queued.stderr.contains("connection refused (is the server running on that port?)"), queued.stderr)
        XCTAssertTrue(queued.stderr.contains("run `census push --server http://127.0.0.1:9 --token-file '\(tight)' --db \(census.path("push.sqlite"))` later"), queued.stderr)
        XCTAssertEqual(try census(["push", "--server", "http://127.0.0.1:9", "--tries", "0", "--db", db]).status, 64)
        // `--out -` is standard output, not a file named "-".
        let toStdout = try census(["export", "--scan", "1", "--out", "-", "--db", db])
        XCTAssertEqual(toStdout.status, 0, toStdout.stderr)
        XCTAssertTrue(toStdout.stdout.contains("census-scan-bundle"), String(toStdout.stdout.prefix(200)))
        XCTAssertFalse(FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/-"))
        let folder = try census(["export", "--scan", "1", "--out", census.path(""), "--db", db])
        XCTAssertEqual(folder.status, 64, folder.stderr)
        XCTAssertTrue(folder.stderr.contains("is a folder"), folder.stderr)
        // --out naming a pipe or a device is written through, never replaced by a renamed file
        // (as root, `--out /dev/null` once turned /dev/null into a plain file); a link is followed.
        let fifo = census.path("pipe.census")
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/sh")
        reader.arguments = ["-c", "cat \"$0\" > \"$1\"", fifo, census.path("from-pipe.census")]
        try reader.run()
        let piped = try census(["export", "--scan", "1", "--out", fifo, "--db", db])
        let deadline = Date().addingTimeInterval(10)
        while reader.isRunning && Date() < deadline { usleep(50_000) }
        if reader.isRunning { reader.terminate(); XCTFail("nothing was written into the pipe") }
        XCTAssertEqual(piped.status, 0, piped.stderr)
        var status = stat()
        XCTAssertEqual(stat(fifo, &status), 0)
        XCTAssertEqual(status.st_mode & S_IFMT, S_IFIFO, "the pipe is still a pipe")
        XCTAssertTrue(try String(contentsOfFile: census.path("from-pipe.census"), encoding: .utf8).contains("census-scan-bundle"))
        let real = census.path("real.census"), link = census.path("link.census")
        try "old".write(toFile: real, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        XCTAssertEqual(try census(["export", "--scan", "1", "--out", link, "--db", db]).status, 0)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), real, "the link is still a link")
        XCTAssertTrue(try String(contentsOfFile: real, encoding: .utf8).contains("census-scan-bundle"))
        // --out naming the database just read (here through a link) is refused; the inventory stays.
        let dbLink = census.path("db-link.sqlite")
        try FileManager.default.createSymbolicLink(atPath: dbLink, withDestinationPath: db)
        for out in [db, dbLink] {
            let clobber = try census(["report", "lifecycle", "--client", "acme", "--db", db, "--format", "html", "--out", out])
            XCTAssertEqual(clobber.status, 64, clobber.stderr)
            XCTAssertTrue(clobber.stderr.contains("is a Census database (SQLite)"), clobber.stderr)
            XCTAssertEqual(try census(["export", "--scan", "1", "--out", out, "--db", db]).status, 64)
        }
        XCTAssertTrue(OutputFileProbe.isSQLite(db), "the database is still a database")
        XCTAssertEqual(try census(["devices", "--client", "acme", "--db", db]).status, 0)
        // A PostgreSQL that is not there is said so within the URL's timeout (the pool alone retried for a minute).
        let started = Date()
        let noServer = try census(["server", "migrate", "--database-url", "postgres://postgres@127.0.0.1:1/census?timeout=3"])
        XCTAssertEqual(noServer.status, 69, noServer.stderr)
        XCTAssertTrue(noServer.stderr.contains("no answer within 3.0 seconds (is PostgreSQL running there"), noServer.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 20)
        // A URL that is not PostgreSQL's is a mistake in the command (64), not a database down (69);
        // a TLS file that is not there is named before anything starts (65).
        let mysql = try census(["server", "migrate", "--database-url", "mysql://x@127.0.0.1/y"])
        XCTAssertEqual(mysql.status, 64, mysql.stderr)
        XCTAssertTrue(mysql.stderr.contains("not a postgres:// URL"), mysql.stderr)
        let noCert = try census(["server", "serve", "--listen", "127.0.0.1:0", "--database-url", "postgres://postgres@127.0.0.1:1/census?timeout=3",
                                 "--tls-cert", census.path("nosuch.pem"), "--tls-key", census.path("nosuch.key")])
        XCTAssertEqual(noCert.status, 65, noCert.stderr)
        XCTAssertTrue(noCert.stderr.contains("--tls-cert \(census.path("nosuch.pem")): no such file"), noCert.stderr)
        // $CENSUS_CONFIG names a file as --config does: a typo is an error, not "no configuration".
        let typoConfig = try census(["devices", "--client", "acme", "--db", db], environment: ["CENSUS_CONFIG": census.path("nosuch.yaml")])
        XCTAssertEqual(typoConfig.status, 78, typoConfig.stderr)
        // A file where a folder is expected, a folder where a file is: said in words.
        let notFolder = try census(["catalog-check", "--catalog", db])
        XCTAssertEqual(notFolder.status, 65, notFolder.stderr)
        XCTAssertTrue(notFolder.stderr.contains("a file, where a folder of files is expected"), notFolder.stderr)
        XCTAssertFalse(notFolder.stderr.contains("NSCocoaErrorDomain"), notFolder.stderr)
        let outFolder = try census(["report", "lifecycle", "--client", "acme", "--db", db, "--out", census.path("")])
        XCTAssertEqual(outFolder.status, 64, outFolder.stderr)
        XCTAssertTrue(outFolder.stderr.contains("is a folder"), outFolder.stderr)
        let noClient = try census(["server", "token", "create", "--client", " ", "--role", "collector", "--database-url", "postgres://127.0.0.1:9/x"])
        XCTAssertEqual(noClient.status, 64, noClient.stderr)
        let spaced = try census(["server", "token", "create", "--client", "  Acme Dental  ", "--role", "collector", "--database-url", "postgres://127.0.0.1:9/x"])
        XCTAssertEqual(spaced.status, 64, spaced.stderr)
        XCTAssertTrue(spaced.stderr.contains("begins or ends with spaces"), spaced.stderr)
        let unknown = try census(["export", "--scan", "99", "--out", census.path("b.census"), "--db", db])
        XCTAssertEqual(unknown.status, 64, unknown.stderr)
        let password = try census(["push", "--server", "http://alice:UrlSecret9@127.0.0.1:9", "--db", db],
                                  environment: ["CENSUS_SERVER_TOKEN": "collector-token-1234"])
        XCTAssertEqual(password.status, 64, password.stderr)
        XCTAssertTrue(password.stderr.contains("must not carry a user or password"), password.stderr)
        XCTAssertFalse(password.stderr.contains("UrlSecret9"), password.stderr)
        XCTAssertEqual(try census.sql(db, "SELECT count(*) FROM outbox"), ["0"])
    }

    /// Two records with different chassis serials are, as a rule, two boxes: merged as asked, with a warning.
    func testMergingDevicesWithDifferentSerialsWarns() throws {
        let bundle = census.path("two.census")
        try """
        {"format":"census-scan-bundle","version":2,"exportedAt":"2026-06-01T10:00:00Z",
         "scan":{"uuid":"\(UUID().uuidString.lowercased())","client":"acme","site":"hq","interface":"","ranges":[],"options":{},
                 "startedAt":"2026-06-01T09:00:00Z","finishedAt":"2026-06-01T09:01:00Z","status":"complete","hostCount":2},
         "observations":[{"ip":"198.18.0.1","mac":"00:1b:21:00:00:01","seenBy":["pcap"],"firstSeen":"2026-06-01T09:00:01Z","lastSeen":"2026-06-01T09:00:02Z"},
                         {"ip":"198.18.0.2","mac":"00:1b:21:00:00:02","seenBy":["pcap"],"firstSeen":"2026-06-01T09:00:01Z","lastSeen":"2026-06-01T09:00:02Z"}],
         "conflicts":[],"facts":[],"learnt":[],"decisions":[],
         "identifications":{"198.18.0.1":{"vendor":"Cisco","class":"switch","serial":"FOC111","matches":[]},"198.18.0.2":{"vendor":"Cisco","class":"switch","serial":"FOC222","matches":[]}}}
        """.write(toFile: bundle, atomically: true, encoding: .utf8)
        let db = census.path("two.sqlite")
        let imported = try census(["import", bundle, "--db", db])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        let ids = try census.sql(db, "SELECT id FROM device ORDER BY id")
        XCTAssertEqual(ids.count, 2)
        let merge = try census(["devices", "merge", ids[0], ids[1], "--client", "acme", "--db", db])
        XCTAssertEqual(merge.status, 0, merge.stderr)
        XCTAssertTrue(merge.stderr.contains("report different serials (serial:cisco:FOC111; serial:cisco:FOC222)"), merge.stderr)
        XCTAssertEqual(try census.sql(db, "SELECT count(*) FROM device"), ["1"], "merged as asked")
    }

    /// Walks as Windows and odd snmpwalk options save them: UTF-16 (PowerShell's >) and a UTF-8
    /// byte-order mark are read; what cannot be read is named, with exit 65, never "unknown" and 0.
    func testSavedWalksInEveryEncodingAreReadOrRefusedByName() throws {
        let walk = ".1.3.6.1.2.1.1.1.0 = STRING: \"Cisco IOS Software, C3560 Software\"\n.1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.9.1.617\n"
        let utf16 = census.path("powershell.walk")
        try (Data([0xFF, 0xFE]) + walk.data(using: .utf16LittleEndian)!).write(to: URL(fileURLWithPath: utf16))
        let bom = census.path("bom.walk")
        try (Data([0xEF, 0xBB, 0xBF]) + Data(walk.utf8)).write(to: URL(fileURLWithPath: bom))
        for file in [utf16, bom] {
            let result = try census(["identify", file, "--format", "json"])
            XCTAssertEqual(result.status, 0, "\(file): \(result.stderr)")
            XCTAssertTrue(result.stdout.contains(#""sys_descr":"Cisco IOS Software, C3560 Software""#), "\(file): \(result.stdout)")
            XCTAssertTrue(result.stdout.contains(#""serial":null"#), "every key, unknown as null: \(result.stdout)")
        }
        // bzip2 is told by its content, not only by a .bz2 name.
        let plain = census.path("plain.walk")
        try walk.write(toFile: plain, atomically: true, encoding: .utf8)
        let packed = census.path("packed.walk")
        let bzip2 = Process()
        bzip2.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        bzip2.arguments = ["sh", "-c", "bzip2 -c '\(plain)' > '\(packed)'"]
        try bzip2.run()
        bzip2.waitUntilExit()
        XCTAssertEqual(bzip2.terminationStatus, 0)
        let unpacked = try census(["identify", packed, "--format", "json"])
        XCTAssertEqual(unpacked.status, 0, unpacked.stderr)
        XCTAssertTrue(unpacked.stdout.contains(#""sys_descr":"Cisco IOS Software, C3560 Software""#), unpacked.stdout)
        let untyped = census.path("oq.walk")
        try "SNMPv2-MIB::sysDescr.0 = Zebra printer\nSNMPv2-MIB::sysName.0 = zt410\n".write(toFile: untyped, atomically: true, encoding: .utf8)
        let gzip = census.path("walk.gz")
        try Data([0x1F, 0x8B, 0x08, 0x00, 0x00]).write(to: URL(fileURLWithPath: gzip))
        let xz = census.path("walk.xz")
        try Data([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0x00]).write(to: URL(fileURLWithPath: xz))
        for (file, expected) in [(untyped, "its values have no types, as snmpwalk -OQ prints them"), (gzip, "is gzip-compressed: gunzip it first"),
                                 (xz, "is xz-compressed: unxz it first"),
                                 (census.path("none.walk"), "no such file"), (census.path(""), "it is a folder")] {
            let result = try census(["identify", file])
            XCTAssertEqual(result.status, 65, "\(file): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(expected), "\(file): \(result.stderr)")
        }
    }

    func testAClientTheConfigurationDoesNotDefineIsNamedWithTheKnownOnes() throws {
        let config = census.path("clients.yaml")
        try """
        clients:
          - name: acme
            sites:
              - name: hq
                interface: lan1
          - name: globex
            sites: [{ name: main }]
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let result = try census(["discover", "--client", "initech", "--site", "hq", "--config", config, "--db", census.path("c.sqlite")])
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertTrue(result.stderr.contains("client 'initech' is not in \(config)"), result.stderr)
        XCTAssertTrue(result.stderr.contains("clients: acme, globex"), result.stderr)
        XCTAssertFalse(result.stderr.contains("--interface"), result.stderr)
        // No --client at all: the scan would be filed under "default", none of the clients.
        let none = try census(["discover", "--pcap", capture, "--site", "hq", "--config", config, "--db", census.path("c.sqlite")])
        XCTAssertEqual(none.status, 64, none.stderr)
        XCTAssertTrue(none.stderr.contains("\(config) defines clients: name one with --client (clients: acme, globex)"), none.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: census.path("c.sqlite")))
        // A configuration without clients: any client is a free label.
        let bare = census.path("bare.yaml")
        try "defaults:\n  db: \(census.path("bare.sqlite"))\n".write(toFile: bare, atomically: true, encoding: .utf8)
        let free = try census(["discover", "--pcap", capture, "--client", "initech", "--config", bare])
        XCTAssertEqual(free.status, 0, free.stderr)
        XCTAssertFalse(free.stderr.contains("can be changed by others"), free.stderr)
        // A configuration anyone can edit chooses where credentials go: said on every run.
        chmod(bare, 0o666)
        let loose = try census(["discover", "--pcap", capture, "--client", "initech", "--config", bare])
        XCTAssertEqual(loose.status, 0, loose.stderr)
        XCTAssertTrue(loose.stderr.contains("census: warning: \(bare) can be changed by others (mode 666): whoever edits it chooses where the credentials go; chmod go-w \(bare)"), loose.stderr)
    }

    // MARK: Item 5: bundles

    func testDamagedBundlesAreRefusedWithTheReason() throws {
        let db = census.path("bundles.sqlite")
        XCTAssertEqual(try census(["discover", "--pcap", capture, "--db", db, "--client", "acme"]).status, 0)
        let good = census.path("good.census")
        XCTAssertEqual(try census(["export", "--scan", "1", "--out", good, "--db", db]).status, 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        let text = String(decoding: bytes, as: UTF8.self)
        let other = census.path("other.sqlite")

        func refuses(_ name: String, _ content: Data, _ expected: String, line: UInt = #line) throws {
            let path = census.path(name)
            try content.write(to: URL(fileURLWithPath: path))
            let result = try census(["import", path, "--db", other])
            XCTAssertEqual(result.status, 65, "\(name): \(result.stderr)", line: line)
            XCTAssertTrue(result.stderr.contains("\(path): \(expected)"), "\(name): expected '\(expected)' in: \(result.stderr)", line: line)
        }
        // Cut short at several places: always damaged, never taken for something else.
        for fraction in [0.3, 0.6, 0.95] {
            try refuses("cut-\(fraction).census", bytes.prefix(Int(Double(bytes.count) * fraction)), "damaged: cut short or garbled")
        }
        // Garbled: bytes overwritten in the middle.
        var garbled = bytes
        let middle = garbled.count / 2
        garbled.replaceSubrange(middle..<(middle + 8), with: Data("\u{0}\u{1}}}]]\"\"".utf8))
        try refuses("garbled.census", garbled, "damaged: cut short or garbled")
        // A value of the wrong kind, located.
        try refuses("wrong-type.census", Data(text.replacingOccurrences(of: "\"ip\":\"198.18.0.11\"", with: "\"ip\":\"198.18.0.311\"").utf8),
                    "damaged: observations[")
        try refuses("negative.census", Data(text.replacingOccurrences(of: "\"hostCount\":5", with: "\"hostCount\":-5").utf8),
                    "damaged: negative host count")
        let startedAt = try XCTUnwrap(text.range(of: #""startedAt":"[^"]*""#, options: .regularExpression).map { String(text[$0]) })
        let backwards = text.replacingOccurrences(of: #""finishedAt":"[^"]*""#, with: #""finishedAt":"2000-01-01T00:00:00Z""#, options: .regularExpression)
        XCTAssertNotEqual(backwards, text, startedAt)
        try refuses("backwards.census", Data(backwards.utf8), "damaged: finishedAt is before startedAt")
        try refuses("not-json.census", Data("hello, world\n".utf8), "not a Census scan bundle")
        try refuses("other-json.census", Data(#"{"devices": []}"#.utf8), "not a Census scan bundle")
        if FileManager.default.fileExists(atPath: other) {
            XCTAssertEqual(try census.sql(other, "SELECT count(*) FROM scan"), ["0"], "nothing was imported")
        }
        XCTAssertEqual(try census(["import", good, "--db", other]).status, 0, "the undamaged bundle imports")
    }

    // MARK: Item 6: one rule for every path that stores a scan

    /// A command that reads a client's inventory never takes a mistyped name for a client with
    /// nothing: no database (none is created), an unknown client or site, a scan of someone
    /// else, are usage errors naming what there is; skipped contract rows are named by every
    /// command whose totals they change.
    func testReadingCommandsNameWhatThereIsInsteadOfAnsweringEmpty() throws {
        let db = census.path("read.sqlite")
        let devices = try census(["devices", "--client", "acme", "--db", db])
        XCTAssertEqual(devices.status, 65, devices.stderr)
        XCTAssertTrue(devices.stderr.contains("no database at \(db)"), devices.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: db))
        for (client, site) in [("acme", "hq"), ("acme", "hq"), ("globex", "main")] {
            XCTAssertEqual(try census(["discover", "--pcap", capture, "--client", client, "--site", site, "--db", db]).status, 0)
        }
        let client = try census(["devices", "--client", "Acme", "--db", db])
        XCTAssertEqual(client.status, 64, client.stderr)
        XCTAssertTrue(client.stderr.contains("no scans of client 'Acme' in \(db) (did you mean 'acme'?); clients: acme, globex"), client.stderr)
        let site = try census(["lifecycle", "show", "--client", "acme", "--site", "Branch", "--db", db])
        XCTAssertEqual(site.status, 64, site.stderr)
        XCTAssertTrue(site.stderr.contains("client 'acme' has no scans of site 'Branch' in \(db); sites: hq"), site.stderr)
        // A site as a person types it: case does not matter.
        let typed = try census(["lifecycle", "show", "--client", "acme", "--site", "HQ", "--db", db])
        XCTAssertEqual(typed.status, 0, typed.stderr)
        XCTAssertTrue(typed.stderr.contains("census: 5 devices as of"), typed.stderr)

        let other = try census(["diff", "--client", "acme", "--from", "1", "--to", "3", "--db", db])
        XCTAssertEqual(other.status, 64, other.stderr)
        XCTAssertTrue(other.stderr.contains("scan 3 is not a finished scan of client 'acme'; its scans: 1, 2"), other.stderr)
        XCTAssertEqual(try census(["diff", "--client", "acme", "--from", "1", "--to", "2", "--since", "2026-01-01", "--db", db]).status, 64)
        let csv = try census(["diff", "--client", "acme", "--format", "csv", "--db", db])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        XCTAssertEqual(csv.stdout.split(separator: "\n").first, "what,device,ip,name,model,field,before,after")
        XCTAssertTrue(csv.stderr.contains("scan 1 → 2"), csv.stderr)
        // The latest scan is the first at its site: nothing before it (another site's scan is not).
        XCTAssertEqual(try census(["discover", "--pcap", capture, "--client", "acme", "--site", "branch", "--db", db]).status, 0)
        let first = try census(["diff", "--client", "acme", "--db", db])
        XCTAssertEqual(first.status, 64, first.stderr)
        XCTAssertTrue(first.stderr.contains("is the first at its site: nothing before it to compare; sites scanned more than once: hq"), first.stderr)
        XCTAssertEqual(try census(["diff", "--client", "acme", "--site", "hq", "--db", db]).status, 0)

        let contract = census.path("acme.csv")
        try "client,name,ip,monthly_price\nacme,FW,198.18.0.1,25.00\nacme,NAS,198.18.0.9,twelve\nglobex,PC,198.18.0.20,10.00\n".write(toFile: contract, atomically: true, encoding: .utf8)
        let rates = census.path("rates.yaml")
        try "currency: GBP\ndevices:\n  firewall: 25\n".write(toFile: rates, atomically: true, encoding: .utf8)
        let pricing = try census(["report", "pricing", "--client", "acme", "--contract", contract, "--rates", rates, "--db", db, "--format", "json"])
        XCTAssertEqual(pricing.status, 0, pricing.stderr)
        XCTAssertTrue(pricing.stderr.contains("acme.csv:3: skipped: monthly_price 'twelve' is not an amount"), pricing.stderr)
        XCTAssertTrue(pricing.stderr.contains("1 contract rows skipped"), pricing.stderr)
        // Another client's line changes no figure, and the report says it was left out.
        XCTAssertTrue(pricing.stderr.contains("1 contract line of other clients ('globex') ignored"), pricing.stderr)
        XCTAssertTrue(pricing.stdout.contains("Note: 1 contract line of other clients ('globex') ignored"), pricing.stdout)
        let noRates = try census(["report", "pricing", "--client", "acme", "--contract", contract, "--rates", census.path("none.yaml"), "--db", db])
        XCTAssertEqual(noRates.status, 65, noRates.stderr)
        XCTAssertTrue(noRates.stderr.contains("none.yaml: cannot read: no such file"), noRates.stderr)
    }

    /// What a device says about itself is anyone's to set: in CSV, a cell a spreadsheet would run
    /// as a formula gets a leading `'` (a signed number stays a number); in a table, a control
    /// character prints as a space, so it can neither break the table nor drive the terminal.
    func testADevicesOwnTextCanNeitherRunInASpreadsheetNorDriveTheTerminal() throws {
        func recording(_ name: String, model: String, serial: String) throws -> String {
            let hex = model.utf8.map { String(format: "%02x", $0) }.joined()
            let path = census.path(name)
            try """
            1.3.6.1.2.1.1.1.0|4|Acme Switch
            1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.1
            1.3.6.1.2.1.47.1.1.1.1.5.1|2|3
            1.3.6.1.2.1.47.1.1.1.1.11.1|4|\(serial)
            1.3.6.1.2.1.47.1.1.1.1.12.1|4|Acme
            1.3.6.1.2.1.47.1.1.1.1.13.1|4x|\(hex)

            """.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let formula = try recording("formula.snmprec", model: #"=HYPERLINK("http://198.18.0.1/x","open")"#, serial: "@SUM(1+1)*cmd|' /C calc'!A0")
        let signed = try recording("signed.snmprec", model: "+48-CR1\rOK", serial: "-0012.5")
        let csv = try census(["identify", formula, signed, "--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        XCTAssertEqual(csv.stdout.components(separatedBy: "\n"), [
            "file,vendor,model,class,serial,os,version",
            #"\#(formula),Acme,"'=HYPERLINK(""http://198.18.0.1/x"",""open"")",switch,'@SUM(1+1)*cmd|' /C calc'!A0,,"#,
            "\(signed),Acme,\"'+48-CR1\rOK\",switch,-0012.5,,",
            "",
        ], "every row ends in a newline, the last too")
        let json = try census(["identify", formula, "--format", "json"])
        XCTAssertTrue(json.stdout.contains(#""model":"=HYPERLINK(\"http:\/\/198.18.0.1\/x\",\"open\")""#)
                      || json.stdout.contains(#""model":"=HYPERLINK(\"http://198.18.0.1/x\",\"open\")""#),
                      "JSON keeps the device's own text: \(json.stdout)")

        let table = try census(["identify", signed])
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertFalse(table.stdout.contains("\r"), table.stdout)
        XCTAssertTrue(table.stdout.contains("model    +48-CR1 OK\n"), table.stdout)
        // A right-to-left override would print the rest of the line backwards ("00.3 PBG"): left out
        // of tables and CSV, kept in JSON.
        let bidi = try recording("bidi.snmprec", model: "\u{202E}gnp.exe\u{200B}X\u{2028}Y", serial: "S1")
        let bidiCSV = try census(["identify", bidi, "--format", "csv"])
        XCTAssertTrue(bidiCSV.stdout.contains(",Acme,gnp.exeX Y,switch,S1,"), bidiCSV.stdout)
        let bidiTable = try census(["identify", bidi])
        XCTAssertTrue(bidiTable.stdout.contains("model    gnp.exeX Y\n"), bidiTable.stdout)
        XCTAssertTrue(try census(["identify", bidi, "--format", "json"]).stdout.contains("\u{202E}gnp.exe"))
        // Columns line up by what a terminal shows: a CJK character takes two columns, a
        // combining accent none.
        let wide = try recording("wide.snmprec", model: "交换机型号", serial: "S1")
        let accents = try recording("accents.snmprec", model: "e\u{301}e\u{301}e\u{301}", serial: "S1")
        let plain = try recording("plain.snmprec", model: "ABCDEFGHIJ", serial: "S1")
        let aligned = try census(["identify", wide, accents, plain])
        let classAt = aligned.stdout.split(separator: "\n").dropFirst().map { line -> Int in
            let text = String(line)
            let prefix = text[..<text.range(of: "switch")!.lowerBound]
            return prefix.unicodeScalars.reduce(0) { n, s in
                s.properties.generalCategory == .nonspacingMark ? n : n + ((0x4E00...0x9FFF).contains(s.value) ? 2 : 1)
            }
        }
        XCTAssertEqual(Set(classAt).count, 1, "the CLASS column starts at one terminal column on every row:\n\(aligned.stdout)")
    }

    /// "Gone" means the later scan looked and did not find: when it was interrupted, diff says
    /// its gone devices may still be there.
    func testDiffSaysWhenTheLaterScanDidNotLookEverywhere() throws {
        let db = census.path("diff.sqlite")
        for _ in 0..<2 { XCTAssertEqual(try census(["discover", "--pcap", capture, "--client", "acme", "--site", "hq", "--db", db]).status, 0) }
        _ = try census.sql(db, "UPDATE scan SET status = 'partial', failure = 'interrupted (Ctrl-C)' WHERE id = 2; DELETE FROM device_sighting WHERE scanId = 2 AND deviceId = (SELECT min(deviceId) FROM device_sighting WHERE scanId = 2)")
        let diff = try census(["diff", "--client", "acme", "--db", db])
        XCTAssertEqual(diff.status, 0, diff.stderr)
        XCTAssertTrue(diff.stderr.contains("census: scan 1 → 2: 0 new, 1 gone"), diff.stderr)
        XCTAssertTrue(diff.stderr.contains("census: warning: scan 2 is partial (interrupted (Ctrl-C)): a device it did not reach is listed as gone, though it may still be there"), diff.stderr)
        _ = try census.sql(db, "UPDATE scan SET status = 'complete', failure = NULL WHERE id = 2")
        XCTAssertFalse(try census(["diff", "--client", "acme", "--db", db]).stderr.contains("warning"), "a complete scan that looked: no caveat")
    }

    func testDiscoverScanAndImportFileTheSameDevices() throws {
        func devices(_ db: String) throws -> [String] {
            let result = try census(["devices", "--client", "acme", "--db", db, "--format", "json"])
            XCTAssertEqual(result.status, 0, result.stderr)
            let list = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            return list.map { "\($0["ip"] ?? "-") \($0["mac"] ?? "-") \($0["site"] ?? "-")" }.sorted()
        }
        let discovered = census.path("discovered.sqlite")
        XCTAssertEqual(try census(["discover", "--pcap", capture, "--client", "acme", "--site", "hq", "--db", discovered]).status, 0)
        let scanned = census.path("scanned.sqlite")
        let scan = try census(["scan", "--pcap", capture, "--client", "acme", "--site", "hq", "--db", scanned,
                               "--snmp-timeout", "50", "--snmp-retries", "0", "--snmp-budget", "1"])
        XCTAssertEqual(scan.status, 0, scan.stderr)
        let bundle = census.path("discovered.census")
        XCTAssertEqual(try census(["export", "--scan", "1", "--out", bundle, "--db", discovered]).status, 0)
        let imported = census.path("imported.sqlite")
        XCTAssertEqual(try census(["import", bundle, "--db", imported]).status, 0)

        let expected = try devices(discovered)
        XCTAssertEqual(expected.count, 5, "\(expected)")
        XCTAssertEqual(try devices(scanned), expected, "scan files the capture's hosts as discover does")
        XCTAssertEqual(try devices(imported), expected, "import files the bundle's hosts as discover does")

        // A process killed (kill -9) after storing its hosts and before filing them left a scan
        // with hosts and no sightings: diff called every device gone. The next reading command
        // files them.
        _ = try census.sql(discovered, "DELETE FROM device_sighting; UPDATE scan SET status = 'partial'")
        let refiled = try census(["devices", "--client", "acme", "--db", discovered])
        XCTAssertTrue(refiled.stderr.contains("census: scan 1, stopped before its hosts were filed under devices, is filed now"), refiled.stderr)
        XCTAssertEqual(try census.sql(discovered, "SELECT count(*) FROM device_sighting"), ["5"])
        XCTAssertEqual(try devices(discovered), expected)
        XCTAssertFalse(try census(["devices", "--client", "acme", "--db", discovered]).stderr.contains("is filed now"), "filed once")
    }
}

/// Something a test needs is missing: a failure, never a skip.
struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Reads a file's first bytes as SQLite writes them.
enum OutputFileProbe {
    static func isSQLite(_ path: String) -> Bool {
        (FileManager.default.contents(atPath: path)?.prefix(16)).map { $0 == Data("SQLite format 3\0".utf8) } ?? false
    }
}
