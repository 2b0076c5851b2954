import Foundation
import XCTest

/// `census discover` against a lab of 254 simulated hosts, for real.
final class DiscoverLabTests: XCTestCase {
    static let name = "cdisc"
    static let range = "198.18.0.0/24"

    override class func setUp() {
        super.setUp()
        do { try Lab.up(name, hosts: 254) } catch { XCTFail("lab up failed: \(error)") }
    }

    override class func tearDown() {
        Lab.down(name)
        super.tearDown()
    }

    func testSweepFindsExactlyEveryLabHost() throws {
        let expected = try Lab.hosts(Self.name)
        XCTAssertEqual(expected.count, 254)
        let db = Lab.temporaryDatabase()
        let result = try Lab.census(Self.name, ["discover", "--interface", "lan1", "--range", Self.range, "--format", "json", "--db", db])
        XCTAssertEqual(result.status, 0, result.stderr)
        let hosts = try Lab.decodeHosts(result.stdout)
        let found = Set(hosts.map { "\($0["ip"] as! String) \($0["mac"] as! String)" })
        XCTAssertEqual(found, expected, "missing: \(expected.subtracting(found).sorted().prefix(5)), extra: \(found.subtracting(expected).sorted().prefix(5))")
        XCTAssertEqual(hosts.count, 254, "one row per host")
        XCTAssertTrue(hosts.allSatisfy { ($0["seen_by"] as? [String]) == ["arp"] })
        // The lab's MACs come from real IEEE prefixes, so every host has a vendor.
        XCTAssertTrue(hosts.allSatisfy { ($0["vendor"] as? String).map { !$0.isEmpty } ?? false }, "\(hosts.first!)")
        XCTAssertTrue(result.stderr.contains("254 hosts"), result.stderr)

        // The scan and its hosts are stored.
        let stored = try Lab.run(["sqlite3", db, "select status, (select count(*) from observation) from scan"], check: true)
        XCTAssertEqual(stored.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "complete|254")
    }

    /// Two sweeps on one interface at once: each hears the other's answers (they are sent to the
    /// interface's MAC), and keeps only those for addresses it asked.
    func testAConcurrentSweepsAnswersAreNotTaken() throws {
        let wide = try Lab.start(["ip", "netns", "exec", "\(Self.name)-scan", Lab.census, "discover", "--interface", "lan1", "--range", Self.range,
                                  "--rate", "100", "--format", "json", "--db", Lab.temporaryDatabase()])
        Thread.sleep(forTimeInterval: 0.5)
        let narrow = try Lab.census(Self.name, ["discover", "--interface", "lan1", "--range", "198.18.0.0/28", "--format", "json", "--db", Lab.temporaryDatabase()])
        let wideResult = Lab.finish(wide)
        XCTAssertEqual(wideResult.status, 0, wideResult.stderr)
        XCTAssertEqual(narrow.status, 0, narrow.stderr)
        let ips = try Lab.decodeHosts(narrow.stdout).compactMap { $0["ip"] as? String }
        let inRange = { (ip: String) in ip.hasPrefix("198.18.0.") && (Int(ip.dropFirst(9)) ?? 99) < 16 }
        XCTAssertEqual(ips.filter { !inRange($0) }, [], "the other sweep's hosts were taken")
        XCTAssertEqual(ips.count, 14)
        XCTAssertEqual(try Lab.decodeHosts(wideResult.stdout).count, 254)
    }

    func testTableAndCSVFormats() throws {
        let db = Lab.temporaryDatabase()
        let csv = try Lab.census(Self.name, ["discover", "-i", "lan1", "--range", "198.18.0.0/28", "--format", "csv", "--db", db])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let lines = csv.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "ip,mac,vendor,seen_by,first_seen,last_seen,response_ms,locally_administered,conflict")
        XCTAssertEqual(lines.count, 1 + 14)
        let table = try Lab.census(Self.name, ["discover", "-i", "lan1", "--range", "198.18.0.0/28", "--db", db])
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertTrue(table.stdout.hasPrefix("IP "), table.stdout)
        XCTAssertTrue(table.stdout.contains("198.18.0.14 "), table.stdout)
    }

    func testPassiveListeningHearsGratuitousARPAndSendsNothing() throws {
        let db = Lab.temporaryDatabase()
        // Count what the scanner sends while it listens: it must be nothing.
        let capture = try Lab.start(["ip", "netns", "exec", "\(Self.name)-scan", "timeout", "4", "tcpdump", "-n", "-i", "lan1", "-Q", "out", "-c", "1", "arp"])
        let listener = try Lab.start(["ip", "netns", "exec", "\(Self.name)-scan", Lab.census, "discover", "-i", "lan1", "--passive", "3", "--format", "json", "--db", db])
        Thread.sleep(forTimeInterval: 1.0)
        try Lab.run([Lab.script, "gratuitous", "--name", Self.name, "5", "77"], check: true)
        let result = Lab.finish(listener)
        XCTAssertEqual(result.status, 0, result.stderr)
        let heard = try Lab.decodeHosts(result.stdout)
        let ips = Set(heard.map { $0["ip"] as! String })
        XCTAssertTrue(ips.isSuperset(of: ["198.18.0.5", "198.18.0.77"]), "heard \(ips)")
        XCTAssertTrue(heard.allSatisfy { ($0["seen_by"] as? [String]) == ["passive"] })
        let expected = try Lab.hosts(Self.name)
        for host in heard { XCTAssertTrue(expected.contains("\(host["ip"]!) \(host["mac"]!)"), "\(host)") }
        let sent = Lab.finish(capture)
        XCTAssertFalse(sent.stdout.contains("ARP"), "the scanner sent ARP while listening: \(sent.stdout)")
    }

    func testGuardRails() throws {
        let publicRange = try Lab.census(Self.name, ["discover", "-i", "lan1", "--range", "8.8.8.0/24", "--force"])
        XCTAssertEqual(publicRange.status, 64)
        XCTAssertTrue(publicRange.stderr.contains("--allow-public"), publicRange.stderr)
        XCTAssertEqual(publicRange.stderr.split(separator: "\n").count, 1, "one-line reason: \(publicRange.stderr)")

        let outside = try Lab.census(Self.name, ["discover", "-i", "lan1", "--range", "10.9.0.0/24"])
        XCTAssertEqual(outside.status, 64)
        XCTAssertTrue(outside.stderr.contains("outside the interface's subnets"), outside.stderr)

        let noInterface = try Lab.census(Self.name, ["discover", "-i", "nosuch0"])
        XCTAssertEqual(noInterface.status, 69)
        XCTAssertTrue(noInterface.stderr.contains("no such interface: nosuch0"), noInterface.stderr)

        let badRange = try Lab.census(Self.name, ["discover", "-i", "lan1", "--range", "198.18.0.7/24"])
        XCTAssertEqual(badRange.status, 64)
        XCTAssertTrue(badRange.stderr.contains("did you mean 198.18.0.0/24"), badRange.stderr)
    }

    func testDryRunPrintsThePlanAndSendsNothing() throws {
        let capture = try Lab.start(["ip", "netns", "exec", "\(Self.name)-scan", "timeout", "2", "tcpdump", "-n", "-i", "lan1", "-Q", "out", "-c", "1", "arp"])
        Thread.sleep(forTimeInterval: 0.5)
        let plan = try Lab.census(Self.name, ["discover", "-i", "lan1", "--range", Self.range, "--exclude", "198.18.0.0/26", "--dry-run", "--format", "json"])
        XCTAssertEqual(plan.status, 0, plan.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["targets"] as? Int, 254 - 63)
        XCTAssertEqual(object["first_target"] as? String, "198.18.0.64")
        XCTAssertEqual(object["source_ip"] as? String, "198.18.127.254")
        XCTAssertEqual(object["packets_per_second"] as? Double, 500)
        XCTAssertNotNil(object["expected_seconds"] as? Double)
        XCTAssertFalse(Lab.finish(capture).stdout.contains("ARP"), "a dry run sent ARP")
    }

    func testInterruptedSweepKeepsWhatItFound() throws {
        let db = Lab.temporaryDatabase()
        // 50 requests/s over a /20: long enough to interrupt mid-way.
        let sweep = try Lab.start(["ip", "netns", "exec", "\(Self.name)-scan", Lab.census, "discover", "-i", "lan1", "--range", "198.18.0.0/20",
                                   "--rate", "50", "--format", "json", "--db", db])
        Thread.sleep(forTimeInterval: 1.5)
        sweep.process.interrupt()
        let result = Lab.finish(sweep)
        XCTAssertEqual(result.status, 130, result.stderr)
        let hosts = try Lab.decodeHosts(result.stdout)
        XCTAssertGreaterThan(hosts.count, 20)
        XCTAssertLessThan(hosts.count, 254)
        let stored = try Lab.run(["sqlite3", db, "select status, (select count(*) from observation) from scan"], check: true)
        XCTAssertEqual(stored.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "partial|\(hosts.count)")
    }

    func testCaptureFileThroughTheCLI() throws {
        let fixture = Lab.root.appendingPathComponent("Fixtures/pcap/arp-mixed.pcap").path
        let result = try Lab.run([Lab.census, "discover", "--pcap", fixture, "--format", "json", "--db", Lab.temporaryDatabase()])
        XCTAssertEqual(result.status, 0, result.stderr)
        let hosts = try Lab.decodeHosts(result.stdout)
        XCTAssertEqual(hosts.count, 5)
        XCTAssertTrue(result.stderr.contains("3 malformed frames skipped"), result.stderr)
        XCTAssertTrue(result.stderr.contains("address conflict"), result.stderr)
        XCTAssertEqual(hosts.filter { $0["conflict"] as? Bool == true }.count, 2)
    }
}
