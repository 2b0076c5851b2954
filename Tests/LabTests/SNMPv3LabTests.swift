import Foundation
import XCTest

/// SNMPv3 against net-snmp's own snmpd in the lab: every security level, SHA and SHA-256 with
/// AES, wrong passwords, secrets from a configuration file, and silent v3 hosts that must not
/// hold the others up (engine discovery runs on the event loop, not in a blocking probe).
final class SNMPv3LabTests: XCTestCase {
    static let name = "csnmp3"
    static let agent = "198.18.0.4"
    // The lab's snmpd users (tools/lab/census-lab), passwords set here through its environment.
    static let authPass = "v3-auth-Secret-41ab"
    static let privPass = "v3-priv-Secret-93cd"

    override class func setUp() {
        super.setUp()
        setenv("CENSUS_LAB_V3_AUTH", authPass, 1)
        setenv("CENSUS_LAB_V3_PRIV", privPass, 1)
        do { try Lab.up(name, hosts: 8, extra: ["--snmp", "4=snmpd:v3"]) } catch { XCTFail("lab up failed: \(error)") }
    }

    override class func tearDown() {
        Lab.down(name)
        super.tearDown()
    }

    func probe(_ arguments: [String], environment: [String: String] = [:]) throws -> (Lab.Result, [String: Any]?) {
        let result = try Lab.census(Self.name, ["probe", Self.agent, "--format", "json", "--snmp-timeout", "500"] + arguments, environment: environment)
        let object = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return (result, object)
    }

    func testEverySecurityLevelAndHashAnswers() throws {
        let cases: [([String], String)] = [
            (["--snmp-v3-user", "census-sha", "--snmp-auth", "sha", "--snmp-priv", "aes"], "v3:census-sha:authPriv"),
            (["--snmp-v3-user", "census-sha256", "--snmp-auth", "sha256", "--snmp-priv", "aes"], "v3:census-sha256:authPriv"),
            (["--snmp-v3-user", "census-authnopriv", "--snmp-auth", "sha"], "v3:census-authnopriv:authNoPriv"),
            (["--snmp-v3-user", "census-noauth"], "v3:noAuthNoPriv"),     // the user alone is the credential: not stored
        ]
        let environment = ["CENSUS_SNMP_AUTH_PASS": Self.authPass, "CENSUS_SNMP_PRIV_PASS": Self.privPass]
        for (flags, label) in cases {
            let (result, device) = try probe(flags, environment: environment)
            XCTAssertEqual(result.status, 0, "\(label): \(result.stderr)")
            XCTAssertEqual(device?["credential"] as? String, label)
            XCTAssertEqual(device?["sys_name"] as? String, "lab-snmpd", label)
            XCTAssertFalse(((device?["macs"] as? [String]) ?? []).isEmpty, "\(label): interfaces read over v3")
            try Lab.assertNoSecrets([Self.authPass, Self.privPass], in: result)
        }
    }

    func testWrongPasswordsFailClearlyWithoutShowingThem() throws {
        let wrongAuth = "not-the-auth-pass-1"
        let wrongPriv = "not-the-priv-pass-2"
        let cases: [([String: String], String)] = [
            (["CENSUS_SNMP_AUTH_PASS": wrongAuth, "CENSUS_SNMP_PRIV_PASS": Self.privPass], "authentication"),
            // snmpd cannot decrypt the request and drops it without a Report: a timeout.
            (["CENSUS_SNMP_AUTH_PASS": Self.authPass, "CENSUS_SNMP_PRIV_PASS": wrongPriv], "no snmp answer"),
        ]
        for (environment, expected) in cases {
            let start = Date()
            let (result, _) = try probe(["--snmp-v3-user", "census-sha", "--snmp-auth", "sha", "--snmp-priv", "aes"], environment: environment)
            XCTAssertEqual(result.status, 69, result.stderr)
            XCTAssertTrue(result.stderr.lowercased().contains(expected), "expected '\(expected)' in: \(result.stderr)")
            // Room for a debug build's start on a busy machine (5.3 s seen once); waiting out the
            // agent would cost its whole engine discovery and retries on top.
            XCTAssertLessThan(Date().timeIntervalSince(start), 8, "a refused password is not a timeout")
            try Lab.assertNoSecrets([wrongAuth, wrongPriv, Self.authPass, Self.privPass], in: result)
        }
        // An unknown user.
        let (result, _) = try probe(["--snmp-v3-user", "nobody", "--snmp-auth", "sha"], environment: ["CENSUS_SNMP_AUTH_PASS": Self.authPass])
        XCTAssertEqual(result.status, 69)
        XCTAssertTrue(result.stderr.lowercased().contains("unknown user"), result.stderr)
        XCTAssertTrue(result.stderr.contains("answered, but refused every credential tried"), "a refusal is not silence: \(result.stderr)")
        // A scan with the wrong password tells the refusing agent from the silent hosts.
        let scan = try Lab.census(Self.name, ["scan", "-i", "lan1", "--range", "198.18.0.0/29", "--db", Lab.temporaryDatabase(),
                                              "--snmp-v3-user", "census-sha", "--snmp-auth", "sha", "--snmp-priv", "aes",
                                              "--snmp-timeout", "300", "--snmp-retries", "0", "--format", "json"],
                                  environment: ["CENSUS_SNMP_AUTH_PASS": wrongAuth, "CENSUS_SNMP_PRIV_PASS": Self.privPass])
        XCTAssertEqual(scan.status, 0, scan.stderr)
        // Which device refused is named: in the summary, and in its own row.
        XCTAssertTrue(scan.stderr.contains("1 refused every credential (SNMPv3 user or password wrong: \(Self.agent))"), scan.stderr)
        let output = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(scan.stdout.utf8)) as? [String: Any])
        let row = try XCTUnwrap((output["devices"] as? [[String: Any]])?.first { $0["ip"] as? String == Self.agent })
        XCTAssertEqual(row["problems"] as? [String], ["refused every credential tried (SNMPv3 user or password wrong, or a community it does not accept)"])
    }

    func testAWrongCredentialThenTheRightOneForTheSameUser() throws {
        // Two configured credentials for one user name: the first has an old password. The
        // second must not reuse the first one's keys.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("census-v3-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let privFile = dir.appendingPathComponent("priv").path
        XCTAssertTrue(FileManager.default.createFile(atPath: privFile, contents: Data((Self.privPass + "\n").utf8), attributes: [.posixPermissions: 0o600]))
        let config = dir.appendingPathComponent("census.yaml").path
        try """
        credentials:
          - name: old
            user: census-sha
            auth: sha
            auth-pass: { env: OLD_AUTH }
            priv: aes
            priv-pass: { env: OLD_PRIV }
          - name: current
            user: census-sha
            auth: sha
            auth-pass: { env: LAB_AUTH }
            priv: aes
            priv-pass: { file: \(privFile) }
        clients:
          - name: acme
            sites:
              - name: hq
                interface: lan1
                ranges: [198.18.0.0/29]
                credentials: [old, current]
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let db = Lab.temporaryDatabase()
        let environment = ["OLD_AUTH": "old-auth-password", "OLD_PRIV": "old-priv-password", "LAB_AUTH": Self.authPass]
        let start = Date()
        let result = try Lab.census(Self.name, ["scan", "--config", config, "--client", "acme", "--site", "hq", "--db", db,
                                                "--snmp-timeout", "500", "--snmp-retries", "1", "--format", "json"], environment: environment)
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertEqual(result.status, 0, result.stderr)
        let output = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((output["scan"] as? [String: Any])?["client"] as? String, "acme")
        let devices = try XCTUnwrap(output["devices"] as? [[String: Any]])
        let agent = try XCTUnwrap(devices.first { $0["ip"] as? String == Self.agent })
        XCTAssertEqual(agent["credential"] as? String, "v3:census-sha:authPriv")
        XCTAssertEqual(agent["sys_name"] as? String, "lab-snmpd")
        // Five silent hosts, each with two v3 credentials to try: done concurrently, not one
        // after another (2 credentials × 1 s each × 5 hosts would be 10 s, plus the command's start,
        // which a debug build on a busy machine takes seconds over).
        XCTAssertLessThan(elapsed, 9, "silent v3 hosts were asked one after another")
        try Lab.assertNoSecrets(Array(environment.values) + [Self.privPass], in: result, files: [db, db + "-wal"])
        // snmpd's ARP cache holds the scanning machine (lan1: 198.18.127.254, 02:ce:45:00:01:fe): it is
        // read, and never filed as one of the client's devices.
        let listed = try Lab.census(Self.name, ["devices", "--client", "acme", "--db", db, "--format", "json"])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        let filed = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        XCTAssertTrue(filed.contains { $0["ip"] as? String == Self.agent })
        XCTAssertFalse(filed.contains { $0["ip"] as? String == "198.18.127.254" || ($0["macs"] as? [String])?.contains("02:ce:45:00:01:fe") == true },
                       "the scanner filed as a device: \(filed.map { $0["ip"] ?? "-" })")
    }
}
