import Foundation
import XCTest

/// Agents that answer wrongly (tools/lab/hostile-agent): wrong types, empty strings, looping
/// and endless tables, forged and malformed replies, an agent that falls silent. Each must
/// cost at most its time budget and never stop the scan; an agent with a small buffer is still
/// read whole.
final class HostileAgentLabTests: XCTestCase {
    static let name = "chostile"
    static let modes = [1: "wrong-types", 2: "empty", 3: "loop", 5: "endless", 6: "garbage", 7: "silent-after-system", 8: "slow",
                        9: "small-buffer", 10: "generr-subtree", 11: "generr-unpinned", 12: "silent-subtree", 13: "no-getbulk"]

    override class func setUp() {
        super.setUp()
        let specs = modes.sorted { $0.key < $1.key }.flatMap { ["--snmp", "\($0.key)=hostile:\($0.value)"] }
        do { try Lab.up(name, hosts: 13, extra: specs) } catch { XCTFail("lab up failed: \(error)") }
    }

    override class func tearDown() {
        Lab.down(name)
        super.tearDown()
    }

    func scan(_ extra: [String] = []) throws -> (Lab.Result, [String: [String: Any]], TimeInterval) {
        let db = Lab.temporaryDatabase()
        let start = Date()
        let result = try Lab.census(Self.name, ["scan", "-i", "lan1", "--range", "198.18.0.0/28", "--db", db, "--format", "json",
                                                "--snmp-timeout", "300", "--snmp-retries", "1", "--snmp-budget", "4", "--snmp-max-rows", "400"] + extra)
        let elapsed = Date().timeIntervalSince(start)
        let output = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stderr)
        let devices = try XCTUnwrap(output["devices"] as? [[String: Any]])
        return (result, Dictionary(uniqueKeysWithValues: devices.map { ($0["ip"] as! String, $0) }), elapsed)
    }

    /// `census probe` of one lab host as JSON; the probe must succeed.
    func probe(_ host: Int, timeout: Int) throws -> (Lab.Result, [String: Any]) {
        let result = try Lab.census(Self.name, ["probe", "198.18.0.\(host)", "--snmp-timeout", "\(timeout)", "--snmp-retries", "1", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let device = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stdout)
        return (result, device)
    }

    func testHostileAgentsCostAtMostTheirBudgetAndNeverStopTheScan() throws {
        let (result, byIP, elapsed) = try scan()
        XCTAssertEqual(result.status, 0, result.stderr)
        // Every agent is asked at once; the slowest may use its 4 s budget, no more. One after
        // another, the agents that use their whole budget (endless, silent after the system
        // group, slow) would take about 12 s; the bound leaves room for the command's start and
        // ARP sweep on a busy machine (8.6 s seen once).
        XCTAssertLessThan(elapsed, 11, "hostile agents held the scan up")
        for ip in [1, 2, 3, 5, 6, 7].map({ "198.18.0.\($0)" }) {
            XCTAssertEqual(byIP[ip]?["credential"] as? String, "v2c", "\(ip) answered")
        }

        // Wrong types: nothing is read as what it is not.
        let wrong = try XCTUnwrap(byIP["198.18.0.1"])
        for field in ["sys_descr", "sys_object_id", "sys_name", "serial", "model"] {
            XCTAssertTrue(wrong[field] == nil || wrong[field] is NSNull, "wrong-types \(field) = \(wrong[field]!)")
        }
        XCTAssertEqual((wrong["macs"] as? [String]) ?? [], [], "an INTEGER or 200-byte ifPhysAddress is no MAC")

        // Empty strings and zeroDotZero are no answer, not values.
        let empty = try XCTUnwrap(byIP["198.18.0.2"])
        for field in ["sys_descr", "sys_object_id", "sys_name", "serial", "model"] {
            XCTAssertTrue(empty[field] == nil || empty[field] is NSNull, "empty \(field) = \(empty[field]!)")
        }

        // A looping table stops at the first OID that does not increase.
        let loop = try XCTUnwrap(byIP["198.18.0.3"])
        XCTAssertEqual(loop["complete"] as? Bool, false)
        let loopCuts = (loop["truncated"] as? [String: String]) ?? [:]
        XCTAssertTrue(loopCuts["interfaces"]?.contains("not increasing") ?? false, "\(loopCuts)")
        XCTAssertTrue(loopCuts["entity"]?.contains("not increasing") ?? false, "\(loopCuts)")
        XCTAssertEqual(loop["sys_name"] as? String, "loop")

        // An endless table is cut at the row cap.
        let endless = try XCTUnwrap(byIP["198.18.0.5"])
        XCTAssertEqual(endless["complete"] as? Bool, false)
        XCTAssertTrue(((endless["truncated"] as? [String: String])?["interfaces"])?.contains("400-row cap") ?? false, "\(endless["truncated"] ?? "-")")

        // Forged (wrong community), mis-addressed and malformed replies are not taken.
        let garbage = try XCTUnwrap(byIP["198.18.0.6"])
        XCTAssertEqual(garbage["sys_descr"] as? String, "garbage agent")
        XCTAssertFalse(result.stdout.contains("bogus:"), "a decoy reply was accepted")

        // An agent that answers the system group and then falls silent is kept, marked partial.
        let silent = try XCTUnwrap(byIP["198.18.0.7"])
        XCTAssertEqual(silent["sys_descr"] as? String, "hostile silent agent")
        XCTAssertEqual(silent["complete"] as? Bool, false)

        // The host without an agent.
        XCTAssertNil(byIP["198.18.0.4"]?["credential"] as? String)
    }

    /// The first question waits only 250 ms, so a silent host is asked again early; an agent
    /// slower than that (0.4 s) but within the timeout is still read whole.
    func testAnAgentSlowerThanTheFirstWaitIsStillReadWhole() throws {
        let start = Date()
        let (result, device) = try probe(8, timeout: 1000)
        XCTAssertEqual(device["sys_descr"] as? String, "slow agent")
        XCTAssertEqual(device["serial"] as? String, "SLOW-SN-1")
        XCTAssertEqual(device["complete"] as? Bool, true, result.stdout)
        XCTAssertLessThan(Date().timeIntervalSince(start), 15)
    }

    /// A host without an agent costs the short first wait plus one full timeout, not two. Measured
    /// against the same probe with no retry (one full wait), so the command's own start (a debug
    /// build loading the catalog, a second or more on a busy machine) cancels out.
    func testASilentHostIsAskedAgainEarly() throws {
        func elapsed(retries: Int) throws -> TimeInterval {
            let start = Date()
            let result = try Lab.census(Self.name, ["probe", "198.18.0.4", "--snmp-timeout", "3000", "--snmp-retries", "\(retries)"])
            XCTAssertEqual(result.status, 69, result.stderr)
            return Date().timeIntervalSince(start)
        }
        let once = try elapsed(retries: 0)
        let twice = try elapsed(retries: 1)
        XCTAssertGreaterThanOrEqual(once, 3.0, "the last attempt waits the whole timeout")
        XCTAssertGreaterThanOrEqual(twice, 3.2, "the last attempt waits the whole timeout")
        // 0.25 s against 3 s: the bound leaves room for the two commands' starts differing on a busy machine.
        XCTAssertLessThan(twice - once, 2.5, "the retry costs the short first wait (0.25 s), not a second full timeout (3 s)")
    }

    /// An agent that drops any request it cannot answer whole (more than 24 varbinds here) says
    /// nothing, not tooBig: Census asks again smaller and reads every table, at the cost of a
    /// couple of timeouts.
    func testAnAgentThatDropsBigRequestsIsStillReadWhole() throws {
        let start = Date()
        let (result, device) = try probe(9, timeout: 300)
        XCTAssertEqual(device["sys_descr"] as? String, "small buffer agent")
        XCTAssertEqual(device["complete"] as? Bool, true, result.stdout)
        XCTAssertEqual(device["serial"] as? String, "SMALL-SN-1")
        XCTAssertEqual(device["model"] as? String, "small-model")
        XCTAssertEqual((device["macs"] as? [String])?.count, 12, "all 12 interfaces read: \(result.stdout)")
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }

    /// An agent that fails one subtree (the ARP cache) and one object (sysLocation.0) with genErr
    /// loses those, not the walks and objects asked beside them: whether the error names the
    /// failing varbind or not (Census then asks one subtree at a time, or each half of a GET,
    /// to find it).
    func testAGenErrOnOneSubtreeCostsOnlyThatSubtree() throws {
        for (host, name) in [(10, "generr"), (11, "unpinned")] {
            let (result, device) = try probe(host, timeout: 300)
            XCTAssertEqual(device["sys_name"] as? String, name, "the system group is read, without sysLocation")
            let system = try XCTUnwrap((device["facts"] as? [String: Any])?["system"] as? [String: Any], result.stdout)
            XCTAssertEqual((system["1.3.6.1.2.1.1.6.0"] as? [String: Any])?["type"] as? String, "noSuchObject", "sysLocation.0 failed")
            XCTAssertNotNil(system["1.3.6.1.2.1.1.4.0"], "sysContact.0 beside it is read")
            XCTAssertEqual(device["serial"] as? String, "\(name.uppercased())-SN-1", result.stdout)
            XCTAssertEqual((device["macs"] as? [String])?.count, 3, result.stdout)
            let cuts = (device["truncated"] as? [String: String]) ?? [:]
            XCTAssertTrue(cuts["arp"]?.contains("genErr") ?? false, "the failed subtree is marked: \(cuts)")
            XCTAssertEqual(Set(cuts.keys), ["arp"], "no other section is cut: \(cuts)")
            XCTAssertEqual(device["complete"] as? Bool, false, "a section was cut")
        }
    }

    /// An agent that never answers any request into the IP group (a hung module: no reply, not
    /// even genErr) loses that alone: Census narrows the silent requests down to the ARP caches'
    /// walks and to ipForwarding.0, ends those, and reads the walks and objects beside them
    /// (ENTITY-MIB's serial, the interfaces, the LLDP capabilities asked in the same GET).
    func testASubtreeThatNeverAnswersCostsOnlyThatSubtree() throws {
        let start = Date()
        let (result, device) = try probe(12, timeout: 300)
        XCTAssertEqual(device["sys_name"] as? String, "hang")
        XCTAssertEqual(device["serial"] as? String, "HANG-SN-1", result.stdout)
        XCTAssertEqual(device["model"] as? String, "hang-model", result.stdout)
        XCTAssertEqual((device["macs"] as? [String])?.count, 3, result.stdout)
        let cuts = (device["truncated"] as? [String: String]) ?? [:]
        XCTAssertTrue(cuts["arp"]?.contains("no SNMP answer") ?? false, "the silent subtree is marked: \(cuts)")
        XCTAssertEqual(Set(cuts.keys), ["arp"], "no other section is cut: \(cuts)")
        XCTAssertEqual(device["complete"] as? Bool, false, "a section was cut")
        let role = try XCTUnwrap((device["facts"] as? [String: Any])?["role"] as? [String: Any], result.stdout)
        XCTAssertNotNil(role["1.0.8802.1.1.2.1.3.6.0"], "lldpLocSysCapEnabled, asked beside ipForwarding.0, is read")
        XCTAssertNil(role["1.3.6.1.2.1.4.1.0"], "ipForwarding.0 never answered")
        let problems = device["problems"] as? [String] ?? []
        XCTAssertTrue(problems.contains { $0.hasPrefix("role: 1.3.6.1.2.1.4.1.0 went unanswered") }, "\(problems)")
        XCTAssertLessThan(Date().timeIntervalSince(start), 15, "a few timeouts, within the device's budget")
    }

    /// An agent that never answers a GETBULK (v1 code behind a v2c community), only GET and
    /// GETNEXT, is read whole: once GETBULK goes unanswered even at the smallest size, Census
    /// asks by GETNEXT, and walks that way when it is answered.
    func testAnAgentThatNeverAnswersGetBulkIsReadByGetNext() throws {
        let start = Date()
        let (result, device) = try probe(13, timeout: 300)
        XCTAssertEqual(device["sys_name"] as? String, "nobulk")
        XCTAssertEqual(device["complete"] as? Bool, true, result.stdout)
        XCTAssertEqual(device["serial"] as? String, "NOBULK-SN-1", result.stdout)
        XCTAssertEqual((device["macs"] as? [String])?.count, 3, result.stdout)
        XCTAssertLessThan(Date().timeIntervalSince(start), 15, "a few timeouts, then GETNEXT")
    }

    /// Ctrl-C stops a probe of an agent that fell silent within one wait (it asked on for its
    /// whole budget, then printed and exited 0): nothing half-asked is printed, exit 130.
    func testCtrlCStopsAProbe() throws {
        let running = try Lab.start(["ip", "netns", "exec", "\(Self.name)-scan", Lab.census, "probe", "198.18.0.7",
                                     "--snmp-timeout", "1000", "--snmp-retries", "1", "--snmp-budget", "40"])
        Thread.sleep(forTimeInterval: 2)
        let signalled = Date()
        running.process.interrupt()
        let result = Lab.finish(running)
        XCTAssertEqual(result.status, 130, result.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(signalled), 8, "at most the requests in flight are waited for")
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("interrupted: 198.18.0.7 was not asked everything"), result.stderr)
    }

    func testInterruptedScanKeepsTheDevicesAlreadyAsked() throws {
        // The silent-after-system and endless agents keep the SNMP stage busy for its budget;
        // Ctrl-C during it must store what was found and exit 130.
        let db = Lab.temporaryDatabase()
        let running = try Lab.start(["ip", "netns", "exec", "\(Self.name)-scan", Lab.census, "scan", "-i", "lan1", "--range", "198.18.0.0/28",
                                     "--db", db, "--snmp-timeout", "300", "--snmp-retries", "1", "--snmp-budget", "30", "--snmp-max-rows", "1000000"])
        // Wait until the quick agents' answers are stored (the endless one keeps the stage busy).
        let deadline = Date().addingTimeInterval(25)
        while Date() < deadline {
            let stored = try? Lab.run(["sqlite3", db, "select count(*) from device_facts"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            if let stored, let n = Int(stored), n >= 3 { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        running.process.interrupt()
        let result = Lab.finish(running)
        XCTAssertEqual(result.status, 130, result.stderr)
        XCTAssertTrue(result.stderr.contains("interrupted"), result.stderr)
        let scans = try Lab.run(["sqlite3", db, "select status from scan"], check: true).stdout
        XCTAssertEqual(scans.trimmingCharacters(in: .whitespacesAndNewlines), "partial")
        let facts = try Lab.run(["sqlite3", db, "select count(*) from device_facts"], check: true).stdout
        XCTAssertGreaterThanOrEqual(Int(facts.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0, 3, "quick agents' answers kept")
        let hosts = try Lab.run(["sqlite3", db, "select count(distinct ip) from observation"], check: true).stdout
        XCTAssertGreaterThanOrEqual(Int(hosts.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0, 8, "ARP sightings kept")
    }
}
