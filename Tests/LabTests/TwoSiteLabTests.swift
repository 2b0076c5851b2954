import Foundation
import XCTest

/// A client with two sites: one switch reachable from both (a management address in each,
/// same chassis) is one device seen at two sites, not two devices.
final class TwoSiteLabTests: XCTestCase {
    static let name = "csites"
    static let recording = "network/switch/cisco-c3560.snmprec"

    override class func setUp() {
        super.setUp()
        do {
            try Lab.up(name, hosts: 4, extra: ["--sites", "2", "--snmp", "3@1=\(recording)", "--snmp", "3@2=\(recording)"])
        } catch { XCTFail("lab up failed: \(error)") }
    }

    override class func tearDown() {
        Lab.down(name)
        super.tearDown()
    }

    func testTheSameSwitchSeenFromTwoSitesCountsOnce() throws {
        let db = Lab.temporaryDatabase()
        func devices() throws -> [[String: Any]] {
            let result = try Lab.run([Lab.census, "devices", "--client", "acme", "--db", db, "--format", "json"])
            XCTAssertEqual(result.status, 0, result.stderr)
            return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        }
        let first = try Lab.census(Self.name, ["scan", "-i", "lan1", "--range", "198.18.0.0/29", "--client", "acme", "--site", "north", "--db", db,
                                               "--snmp-timeout", "300", "--snmp-retries", "0", "--format", "json"])
        XCTAssertEqual(first.status, 0, first.stderr)
        let afterFirst = try devices().count
        let second = try Lab.census(Self.name, ["scan", "-i", "lan2", "--range", "198.18.128.0/29", "--client", "acme", "--site", "south", "--db", db,
                                                "--snmp-timeout", "300", "--snmp-retries", "0", "--format", "json"])
        XCTAssertEqual(second.status, 0, second.stderr)
        let all = try devices()
        let switches = all.filter { $0["serial"] as? String == "FOC1408Z61U" }
        XCTAssertEqual(switches.count, 1, "one chassis, one device")
        XCTAssertEqual((switches.first?["sites"] as? [[String: Any]])?.map { $0["site"] as? String }, ["north", "south"])
        XCTAssertTrue(((switches.first?["identity"] as? [String: Any])?["keys"] as? [String])?.contains("serial:cisco:FOC1408Z61U") ?? false,
                      "the chassis serial is one of its keys")
        // Site south adds its three other hosts; its switch and the hosts the switch's tables
        // reported (the same recording) were known already.
        XCTAssertEqual(all.count, afterFirst + 3)
    }

    /// `census lifecycle show` on the lab client: every device with a hardware and a software
    /// verdict, each with its source or the reason it is unknown.
    func testLifecycleShowJudgesEveryDeviceWithSources() throws {
        let db = Lab.temporaryDatabase()
        let scan = try Lab.census(Self.name, ["scan", "-i", "lan1", "--range", "198.18.0.0/29", "--client", "acme", "--site", "north", "--db", db,
                                              "--snmp-timeout", "300", "--snmp-retries", "0", "--format", "json"])
        XCTAssertEqual(scan.status, 0, scan.stderr)
        // As of a day after the scan (the inventory of a day before it is empty, as the report's is).
        let result = try Lab.run([Lab.census, "lifecycle", "show", "--client", "acme", "--db", db, "--as-of", "2030-06-30", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let devices = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try Lab.run([Lab.census, "devices", "--client", "acme", "--db", db, "--format", "json"]).stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(rows.count, devices.count, "every device judged")
        for row in rows {
            for part in ["hardware", "software"] {
                let verdict = try XCTUnwrap(row[part] as? [String: Any], "\(part) verdict missing: \(row)")
                XCTAssertNotNil(verdict["status"] as? String)
                XCTAssertTrue(verdict["source"] is String || verdict["reason"] is String, "\(part) says neither source nor reason: \(verdict)")
            }
        }
        // The Catalyst 3560 (IOS 12.2): its hardware is long past its last date of support.
        let catalyst = try XCTUnwrap(rows.first { ($0["device"] as? [String: Any])?["serial"] as? String == "FOC1408Z61U" })
        let hardware = try XCTUnwrap(catalyst["hardware"] as? [String: Any])
        XCTAssertEqual(hardware["status"] as? String, "past_eol")
        XCTAssertEqual(hardware["entry"] as? String, "cisco-catalyst-3560")
        XCTAssertTrue((hardware["source"] as? String)?.hasPrefix("https://www.cisco.com/") ?? false)
        XCTAssertEqual(catalyst["status"] as? String, "past_eol")
    }
}
