import Foundation
import XCTest

/// `census probe` and `census scan` against real SNMP agents (snmpsim serving recordings of
/// real devices) in the namespace lab.
final class SNMPLabTests: XCTestCase {
    static let name = "csnmp"
    static let secret = "wr0ng-c0mmunity-s3cret"

    override class func setUp() {
        super.setUp()
        do {
            try Lab.up(name, hosts: 6, extra: ["--snmp", "3=network/switch/cisco-c3560.snmprec", "--snmp", "4=UPS/apc-8932.snmprec"])
        } catch { XCTFail("lab up failed: \(error)") }
    }

    override class func tearDown() {
        Lab.down(name)
        super.tearDown()
    }

    func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text.prefix(300))")
    }

    func testProbeReadsModelSerialAndInterfacesOfARealSwitchRecording() throws {
        let result = try Lab.census(Self.name, ["probe", "198.18.0.3", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let device = try json(result.stdout)
        XCTAssertEqual(device["ip"] as? String, "198.18.0.3")
        XCTAssertEqual(device["sys_object_id"] as? String, "1.3.6.1.4.1.9.1.617")
        XCTAssertEqual(device["model"] as? String, "WS-C3560G-48TS-E")
        XCTAssertEqual(device["serial"] as? String, "FOC1408Z61U")
        XCTAssertEqual(device["sys_name"] as? String, "DUMSYS-04")
        XCTAssertTrue((device["sys_descr"] as? String)?.hasPrefix("Cisco IOS Software, C3560") ?? false)
        XCTAssertEqual((device["macs"] as? [String])?.count, 56)
        XCTAssertEqual(device["complete"] as? Bool, true)
        // Identified from the catalog, with the rules that decided it.
        XCTAssertEqual(device["vendor"] as? String, "Cisco")
        XCTAssertEqual(device["class"] as? String, "switch")
        XCTAssertEqual(device["os"] as? String, "IOS")
        XCTAssertEqual(device["version"] as? String, "12.2(55)SE3")
        XCTAssertEqual(device["family"] as? String, "Catalyst 3560", "the family, as identify and devices give it")
        let match = try XCTUnwrap(device["match"] as? [[String: Any]])
        XCTAssertFalse(match.isEmpty)
        let decided = Set(match.flatMap { ($0["fields"] as? [String]) ?? [] })
        XCTAssertTrue(decided.isSuperset(of: ["vendor", "class", "os", "version", "model", "serial"]), "every field explained: \(match)")
        let facts = try XCTUnwrap(device["facts"] as? [String: Any])
        XCTAssertNotNil(facts["entity"])
        XCTAssertNotNil(facts["interfaces"])
    }

    /// --exclude holds for --targets too: an excluded address is never asked, by ARP or SNMP.
    func testAnExcludedTargetIsNeverAsked() throws {
        let db = Lab.temporaryDatabase()
        let result = try Lab.census(Self.name, ["scan", "-i", "lan1", "--range", "198.18.0.0/29", "--exclude", "198.18.0.3/32",
                                                "--targets", "198.18.0.3", "--snmp-timeout", "300", "--snmp-retries", "0",
                                                "--format", "json", "--db", db])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("1 of the --targets addresses are excluded"), result.stderr)
        let devices = try XCTUnwrap(try json(result.stdout)["devices"] as? [[String: Any]])
        XCTAssertTrue(devices.contains { $0["ip"] as? String == "198.18.0.4" && $0["sys_name"] != nil }, "the other agent is asked")
        XCTAssertFalse(devices.contains { $0["ip"] as? String == "198.18.0.3" && $0["sys_name"] != nil },
                       "the excluded switch answered SNMP: it was asked")
    }

    func testCredentialsAreTriedInOrderAndNeverShown() throws {
        let db = Lab.temporaryDatabase()
        let result = try Lab.census(Self.name, ["scan", "-i", "lan1", "--range", "198.18.0.0/29", "--community", Self.secret,
                                                "--community", "public", "--snmp-timeout", "300", "--snmp-retries", "0",
                                                "--format", "json", "--db", db])
        XCTAssertEqual(result.status, 0, result.stderr)
        let output = try json(result.stdout)
        let scan = try XCTUnwrap(output["scan"] as? [String: Any])
        XCTAssertEqual(scan["status"] as? String, "complete")
        XCTAssertTrue(scan["failure"] is NSNull && scan["site"] is NSNull, "every key, an unknown one as null: \(scan)")
        let devices = try XCTUnwrap(output["devices"] as? [[String: Any]])
        let byIP = Dictionary(uniqueKeysWithValues: devices.map { ($0["ip"] as! String, $0) })
        XCTAssertEqual(Set(byIP.keys).filter { $0.hasPrefix("198.18.0.") }.count, 6, "all six lab hosts")
        for ip in ["198.18.0.3", "198.18.0.4"] {
            let d = try XCTUnwrap(byIP[ip])
            XCTAssertEqual(d["credential"] as? String, "v2c", "the second community answered")
            XCTAssertEqual(d["complete"] as? Bool, true, "\(ip) collected completely")
        }
        XCTAssertEqual(byIP["198.18.0.4"]?["sys_name"] as? String, "pwr-dc01-pdu-rack3-01")
        XCTAssertNil(byIP["198.18.0.5"]?["credential"] as? String, "no agent there")
        // Hosts from the switch's ARP cache are kept, marked as learnt.
        XCTAssertFalse(((byIP["198.18.0.3"]?["learnt"] as? [Any]) ?? []).isEmpty)

        // The secret appears nowhere: output, log lines, the database file.
        XCTAssertFalse(result.stdout.contains(Self.secret))
        XCTAssertFalse(result.stderr.contains(Self.secret))
        for file in [db, db + "-wal"] where FileManager.default.fileExists(atPath: file) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            XCTAssertNil(bytes.range(of: Data(Self.secret.utf8)), "secret found in \(file)")
        }
        let stored = try Lab.run(["sqlite3", db, "select count(*), sum(complete) from device_facts"], check: true)
        XCTAssertEqual(stored.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "2|2")
    }

    /// net-snmp's packet dumps print a community in clear: CENSUS_SNMP_DEBUG leaves them (and
    /// `all`, which turns them on) out, says so, and still passes on the other tokens.
    func testSNMPDebugNeverDumpsACommunity() throws {
        let result = try Lab.census(Self.name, ["probe", "198.18.0.3", "--community", Self.secret, "--community", "public",
                                                "--snmp-timeout", "300", "--snmp-retries", "0"],
                                    environment: ["CENSUS_SNMP_DEBUG": "all,du,dumpv_send,snmp_api"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("debug tokens left out: all,du,dumpv_send"), result.stderr)
        XCTAssertTrue(result.stderr.contains("snmp_api"), "the safe token still debugs: \(result.stderr.prefix(2000))")
        try Lab.assertNoSecrets([Self.secret], in: result)
    }

    /// Timed against the command's own start (the same build loading the same catalog to identify
    /// a one-line recording), which on a busy machine can take a second or more by itself.
    func testSilentHostCostsOnlyItsTimeout() throws {
        let recording = FileManager.default.temporaryDirectory.appendingPathComponent("census-start-\(getpid()).snmprec")
        try "1.3.6.1.2.1.1.1.0|4|start\n".write(to: recording, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: recording) }
        let startOnly = Date()
        _ = try Lab.census(Self.name, ["identify", "--snmprec", recording.path])
        let startCost = Date().timeIntervalSince(startOnly)

        let start = Date()
        let result = try Lab.census(Self.name, ["probe", "198.18.0.5", "--snmp-timeout", "200", "--snmp-retries", "1"])
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertEqual(result.status, 69, result.stderr)
        XCTAssertTrue(result.stderr.contains("no SNMP answer from 198.18.0.5"), result.stderr)
        XCTAssertFalse(result.stderr.contains("public"), "the community must not be shown: \(result.stderr)")
        XCTAssertLessThan(elapsed - startCost, 1.5, "two waits of at most 200 ms, not more")
    }

    func testHugeTablesAreCutAtTheRowCapAndMarked() throws {
        let result = try Lab.census(Self.name, ["probe", "198.18.0.3", "--snmp-max-rows", "10", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let device = try json(result.stdout)
        XCTAssertEqual(device["complete"] as? Bool, false)
        let truncated = try XCTUnwrap(device["truncated"] as? [String: String])
        XCTAssertTrue(truncated["interfaces"]?.contains("10-row cap") ?? false, "\(truncated)")
        XCTAssertEqual((device["macs"] as? [String])?.count, 10)
    }

    func testARackPDUIsNamedFromItsRecording() throws {
        let result = try Lab.census(Self.name, ["probe", "198.18.0.4", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let device = try json(result.stdout)
        XCTAssertEqual(device["vendor"] as? String, "APC")
        XCTAssertEqual(device["class"] as? String, "pdu")
    }

    func testReidentifyAppliesACatalogChangeToStoredFacts() throws {
        let db = Lab.temporaryDatabase()
        let scan = try Lab.census(Self.name, ["scan", "-i", "lan1", "--range", "198.18.0.0/29", "--db", db, "--format", "json",
                                              "--snmp-timeout", "300", "--snmp-retries", "0"])
        XCTAssertEqual(scan.status, 0, scan.stderr)
        XCTAssertEqual(try Lab.run(["sqlite3", db, "select class from identification where ip = '198.18.0.3'"], check: true)
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines), "switch")
        // A user catalog that calls this switch a router, stronger than any built-in rule.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("census-usercat-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
        rules:
          - id: our-core-is-a-router
            priority: 99
            when: { sysObjectID: [1.3.6.1.4.1.9.1.617] }
            set: { class: router }
            examples: [{ sysObjectID: 1.3.6.1.4.1.9.1.617, expect: { class: router } }]
        """.write(to: dir.appendingPathComponent("ours.yaml"), atomically: true, encoding: .utf8)
        let result = try Lab.run([Lab.census, "reidentify", "--db", db, "--catalog", dir.path, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let changes = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(changes.count, 1, "\(changes)")
        XCTAssertEqual(changes.first?["ip"] as? String, "198.18.0.3")
        XCTAssertEqual(changes.first?["field"] as? String, "class")
        XCTAssertEqual(changes.first?["before"] as? String, "switch")
        XCTAssertEqual(changes.first?["after"] as? String, "router")
        XCTAssertEqual(try Lab.run(["sqlite3", db, "select class, matches like '%our-core-is-a-router%' from identification where ip = '198.18.0.3'"], check: true)
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines), "router|1")
        // A broken user catalog is refused with its file and line.
        try "rules:\n  - id: x\n    when: { sysDescr: '(' }\n".write(to: dir.appendingPathComponent("ours.yaml"), atomically: true, encoding: .utf8)
        let broken = try Lab.run([Lab.census, "reidentify", "--db", db, "--catalog", dir.path])
        XCTAssertEqual(broken.status, 65)
        XCTAssertTrue(broken.stderr.contains("ours.yaml:3:"), broken.stderr)
    }

    /// A technician's saved walk of a real agent, by net-snmp's own snmpbulkwalk, names the device
    /// exactly as the recording the agent serves does: numeric (-On), and with MIB names and display
    /// hints (Census's modules loaded, as a technician's would be).
    func testASavedWalkIdentifiesTheDeviceAsItsRecordingDoes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("census-walk-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = try Lab.run(["python3", "-c", "import snmpsim_data, os; print(os.path.dirname(snmpsim_data.__file__))"], check: true)
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let recording = data + "/data/network/switch/cisco-c3560.snmprec.bz2"
        func identify(_ arguments: [String]) throws -> [String: Any] {
            let result = try Lab.run([Lab.census, "identify", "--format", "json"] + arguments)
            XCTAssertEqual(result.status, 0, result.stderr)
            var json = try self.json(result.stdout)
            json["recording"] = nil
            return json
        }
        let expected = try identify(["--snmprec", recording])
        XCTAssertEqual((expected["identification"] as? [String: Any])?["serial"] as? String, "FOC1408Z61U")
        for (name, options) in [("numeric", ["-On"]), ("names", ["-M", Lab.root.appendingPathComponent("mibs").path, "-m", "ALL"])] {
            let walk = try Lab.run(["ip", "netns", "exec", "\(Self.name)-scan", "snmpbulkwalk", "-v2c", "-c", "public"] + options + ["198.18.0.3", ".1"], check: true)
            XCTAssertGreaterThan(walk.stdout.count, 1_000_000, "the whole agent walked")
            let file = folder.appendingPathComponent(name + ".txt")
            try walk.stdout.write(to: file, atomically: true, encoding: .utf8)
            let got = try identify(["--walk", file.path])
            XCTAssertTrue(NSDictionary(dictionary: got).isEqual(to: expected), "\(name): \(got) against \(expected)")
        }
    }

    func testPublicAddressesAreRefused() throws {
        let result = try Lab.census(Self.name, ["probe", "8.8.8.8"])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("--allow-public"), result.stderr)
    }
}
