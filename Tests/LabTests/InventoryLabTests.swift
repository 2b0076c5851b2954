import Foundation
import XCTest

/// Inventory memory in the lab: the same hosts scanned three times, their addresses reshuffled
/// between scans (as DHCP does), stay one device each; `census diff` reports the moves only.
final class InventoryLabTests: XCTestCase {
    static let name = "cinv"
    static let hosts = 20

    override class func setUp() {
        super.setUp()
        do { try Lab.up(name, hosts: hosts) } catch { XCTFail("lab up failed: \(error)") }
    }

    override class func tearDown() {
        Lab.down(name)
        super.tearDown()
    }

    func scan(_ db: String) throws {
        let result = try Lab.census(Self.name, ["scan", "-i", "lan1", "--range", "198.18.0.0/27", "--client", "acme", "--site", "hq",
                                                "--db", db, "--snmp-timeout", "100", "--snmp-retries", "0", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func json(_ result: Lab.Result) throws -> Any {
        XCTAssertEqual(result.status, 0, result.stderr)
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    func testReshuffledAddressesStayOneDeviceEachAndDiffReportsOnlyTheMoves() throws {
        let db = Lab.temporaryDatabase()
        try scan(db)
        try Lab.run([Lab.script, "reshuffle", "--name", Self.name, "--seed", "11"], check: true)
        try scan(db)
        let before = try Lab.hosts(Self.name)
        try Lab.run([Lab.script, "reshuffle", "--name", Self.name, "--seed", "12"], check: true)
        let after = try Lab.hosts(Self.name)
        try scan(db)

        let devices = try XCTUnwrap(try json(Lab.run([Lab.census, "devices", "--client", "acme", "--db", db, "--format", "json"])) as? [[String: Any]])
        XCTAssertEqual(devices.count, Self.hosts, "one device per simulated host")
        for device in devices {
            let identity = try XCTUnwrap(device["identity"] as? [String: Any])
            XCTAssertTrue((identity["reason"] as? String)?.contains("MAC") ?? false, "\(identity)")
            XCTAssertEqual((device["sites"] as? [[String: Any]])?.map { $0["site"] as? String }, ["hq"])
            XCTAssertEqual((device["scans"] as? [Any])?.count, 3, "seen in each of the three scans")
            XCTAssertTrue((device["seen_by"] as? [String])?.contains("arp") ?? false, "\(device["seen_by"] ?? "-")")
        }
        // The MAC → IP of each device now is the lab's.
        let now = Set(devices.map { "\($0["ip"] as! String) \($0["mac"] as! String)" })
        XCTAssertEqual(now, after)

        let diff = try XCTUnwrap(try json(Lab.run([Lab.census, "diff", "--client", "acme", "--db", db, "--format", "json"])) as? [String: Any])
        XCTAssertEqual((diff["new"] as? [Any])?.count, 0)
        XCTAssertEqual((diff["gone"] as? [Any])?.count, 0)
        let changed = try XCTUnwrap(diff["changed"] as? [[String: Any]])
        XCTAssertEqual(Set(changed.map { $0["field"] as! String }), changed.isEmpty ? [] : ["ip"], "addresses changed, nothing else")
        let moved = Set(after.subtracting(before).map { String($0.split(separator: " ")[1]) })
        XCTAssertEqual(changed.count, moved.count, "one change per host whose address moved")
        XCTAssertGreaterThan(changed.count, 0, "the reshuffle moved some hosts")
        // Any two scans by number; a date before every scan has nothing to compare with.
        let first = try XCTUnwrap(try json(Lab.run([Lab.census, "diff", "--client", "acme", "--db", db, "--from", "1", "--to", "3", "--format", "json"])) as? [String: Any])
        XCTAssertEqual(first["from"] as? Int, 1)
        XCTAssertEqual((first["new"] as? [Any])?.count, 0)
        let tooEarly = try Lab.run([Lab.census, "diff", "--client", "acme", "--db", db, "--since", "2000-01-01"])
        XCTAssertEqual(tooEarly.status, 64)
        XCTAssertTrue(tooEarly.stderr.contains("no scan before 2000-01-01"), tooEarly.stderr)

        // An offline visit: the last scan exported and imported into another database, twice.
        let bundle = FileManager.default.temporaryDirectory.appendingPathComponent("census-bundle-\(UUID()).json").path
        let last = try XCTUnwrap(diff["to"] as? Int)
        XCTAssertEqual(try Lab.run([Lab.census, "export", "--scan", "\(last)", "--db", db, "--out", bundle]).status, 0)
        let office = Lab.temporaryDatabase()
        for round in 1...2 {
            let imported = try Lab.run([Lab.census, "import", bundle, "--db", office])
            XCTAssertEqual(imported.status, 0, imported.stderr)
            if round == 2 { XCTAssertTrue(imported.stderr.contains("nothing added"), imported.stderr) }
        }
        let there = try XCTUnwrap(try json(Lab.run([Lab.census, "devices", "--client", "acme", "--db", office, "--format", "json"])) as? [[String: Any]])
        XCTAssertEqual(there.count, Self.hosts)
        XCTAssertEqual(try Lab.run(["sqlite3", office, "select count(*) from scan"], check: true).stdout.trimmingCharacters(in: .whitespacesAndNewlines), "1")
    }

    func testMergeAndSplitByHandSurviveRescans() throws {
        let db = Lab.temporaryDatabase()
        try scan(db)
        func devices() throws -> [[String: Any]] {
            try XCTUnwrap(try json(Lab.run([Lab.census, "devices", "--client", "acme", "--db", db, "--format", "json"])) as? [[String: Any]])
        }
        func id(ofMAC mac: String, in list: [[String: Any]]) -> Int? {
            list.first { (($0["identity"] as? [String: Any])?["keys"] as? [String])?.contains("mac:\(mac)") ?? false }?["id"] as? Int
        }
        let macs = try Lab.hosts(Self.name).map { String($0.split(separator: " ")[1]) }.sorted()
        var list = try devices()
        let a = try XCTUnwrap(id(ofMAC: macs[0], in: list)), b = try XCTUnwrap(id(ofMAC: macs[1], in: list))
        // Mistakes are refused as bad usage, and change nothing: a device merged into itself
        // (which once deleted it), a device the client does not have.
        let itself = try Lab.run([Lab.census, "devices", "merge", "\(a)", "\(a)", "--client", "acme", "--db", db])
        XCTAssertEqual(itself.status, 64, itself.stderr)
        XCTAssertTrue(itself.stderr.contains("cannot be merged into itself"), itself.stderr)
        XCTAssertEqual(try Lab.run([Lab.census, "devices", "merge", "\(a)", "99999", "--client", "acme", "--db", db]).status, 64)
        XCTAssertEqual(try devices().count, list.count, "nothing changed")
        XCTAssertEqual(try Lab.run([Lab.census, "devices", "merge", "\(a)", "\(b)", "--client", "acme", "--db", db]).status, 0)
        try scan(db)
        list = try devices()
        XCTAssertEqual(list.count, Self.hosts - 1, "the merge survives a rescan")
        let merged = try XCTUnwrap(list.first { $0["id"] as? Int == a }?["identity"] as? [String: Any])
        XCTAssertTrue((merged["reason"] as? String)?.contains("merged by hand with device \(b)") ?? false, "\(merged)")

        let split = try Lab.run([Lab.census, "devices", "split", "\(a)", "--mac", macs[1], "--client", "acme", "--db", db])
        XCTAssertEqual(split.status, 0, split.stderr)
        try scan(db)
        list = try devices()
        XCTAssertEqual(list.count, Self.hosts, "the split survives a rescan")
        let c = try XCTUnwrap(id(ofMAC: macs[1], in: list))
        XCTAssertNotEqual(c, a)
        let splitOff = try XCTUnwrap(list.first { $0["id"] as? Int == c }?["identity"] as? [String: Any])
        XCTAssertTrue((splitOff["reason"] as? String)?.contains("split by hand from device \(a)") ?? false, "\(splitOff)")
    }
}
