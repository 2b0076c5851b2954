import Foundation
import XCTest

/// `census lifecycle …` on a store filled from a bundle: verdicts with their sources, as of a day;
/// imported data overrides the shipped snapshot; `update` offline says so and keeps the data.
final class LifecycleCLITests: XCTestCase {
    var census: CensusRunner!

    override func setUpWithError() throws { census = try CensusRunner() }
    override func tearDown() { census = nil }

    /// A bundle of two identified devices: a FortiGate on FortiOS 6.4.9 and a Catalyst 2960-X on IOS 15.2.
    func bundle() throws -> String {
        let json = """
        {"format": "census-scan-bundle", "version": 2, "exportedAt": "2026-06-01T10:00:00Z",
         "scan": {"uuid": "0f8e2a6c-1111-4c3e-9a55-2d7c0b6d9e01", "client": "acme", "site": "hq", "interface": "lan1",
                  "ranges": ["198.18.0.0/24"], "options": {}, "startedAt": "2026-06-01T09:00:00Z", "finishedAt": "2026-06-01T09:01:00Z",
                  "status": "complete", "hostCount": 2},
         "observations": [
           {"ip": "198.18.0.1", "mac": "00:09:0f:00:00:01", "seenBy": ["arp", "snmp"], "firstSeen": "2026-06-01T09:00:01Z", "lastSeen": "2026-06-01T09:00:01Z"},
           {"ip": "198.18.0.2", "mac": "00:1b:2b:00:00:02", "seenBy": ["arp", "snmp"], "firstSeen": "2026-06-01T09:00:01Z", "lastSeen": "2026-06-01T09:00:01Z"}],
         "conflicts": [], "facts": [], "learnt": [], "decisions": [],
         "identifications": {
           "198.18.0.1": {"vendor": "Fortinet", "model": "FortiGate-60E", "class": "firewall", "serial": "FGT60E0000000001", "os": "FortiOS", "version": "6.4.9", "matches": []},
           "198.18.0.2": {"vendor": "Cisco", "model": "WS-C2960X-48FPD-L", "class": "switch", "serial": "FOC0000X0001", "os": "IOS", "version": "15.2(7)E4", "matches": []}}}
        """
        let path = census.path("lifecycle.census")
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func show(_ db: String, asOf: String) throws -> [[String: Any]] {
        let result = try census(["lifecycle", "show", "--client", "acme", "--db", db, "--as-of", asOf, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    func testVerdictsCarryTheirSourcesAndMoveWithTheAsOfDay() throws {
        let db = census.path("lc.sqlite")
        XCTAssertEqual(try census(["import", try bundle(), "--db", db]).status, 0)
        let rows = try show(db, asOf: "2026-11-30")
        XCTAssertEqual(rows.count, 2)
        let fortigate = try XCTUnwrap(rows.first { ($0["device"] as? [String: Any])?["model"] as? String == "FortiGate-60E" })
        let software = try XCTUnwrap(fortigate["software"] as? [String: Any])
        XCTAssertEqual(software["product"] as? String, "fortios")
        XCTAssertEqual(software["cycle"] as? String, "6.4")
        XCTAssertEqual(software["status"] as? String, "past_eol")
        XCTAssertEqual(software["eol"] as? String, "2024-09-30")
        XCTAssertTrue((software["source"] as? String)?.hasPrefix("endoflife.date snapshot") ?? false, "\(software)")
        XCTAssertEqual(fortigate["status"] as? String, "past_eol")
        XCTAssertNotNil(fortigate["age_source"] as? String)

        let catalyst = try XCTUnwrap(rows.first { ($0["device"] as? [String: Any])?["class"] as? String == "switch" })
        let hardware = try XCTUnwrap(catalyst["hardware"] as? [String: Any])
        XCTAssertEqual(hardware["end_of_support"] as? String, "2027-10-31")
        XCTAssertEqual(hardware["status"] as? String, "eol_6_12m", "eleven months before 2027-10-31 as of 2026-11-30")
        XCTAssertTrue((hardware["source"] as? String)?.contains("cisco.com") ?? false)
        // The day of the end date is past it; the day before is not.
        XCTAssertEqual(((try show(db, asOf: "2027-10-31").first { ($0["device"] as? [String: Any])?["class"] as? String == "switch" })?["hardware"] as? [String: Any])?["status"] as? String, "past_eol")
        XCTAssertEqual(((try show(db, asOf: "2027-10-30").first { ($0["device"] as? [String: Any])?["class"] as? String == "switch" })?["hardware"] as? [String: Any])?["status"] as? String, "eol_within_6m")
    }

    /// The 2960-X runs IOS, mapped to endoflife.date's cisco-ios, which the snapshot lacks: `show`
    /// says so plainly, in the table, on stderr and in the JSON reason, rather than a bare unknown.
    func testAMappedProductWithoutDataIsNamedPlainly() throws {
        let db = census.path("lc.sqlite")
        XCTAssertEqual(try census(["import", try bundle(), "--db", db]).status, 0)
        let table = try census(["lifecycle", "show", "--client", "acme", "--db", db, "--as-of", "2026-11-30"])
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertTrue(table.stdout.contains("cisco-ios 15.2: no lifecycle data"), table.stdout)
        XCTAssertTrue(table.stderr.contains("census: no lifecycle data for product cisco-ios (run census lifecycle update when online); 1 device judged unknown"),
                      table.stderr)
        XCTAssertFalse(table.stderr.contains("product fortios"), table.stderr)
        let catalyst = try XCTUnwrap((try show(db, asOf: "2026-11-30").first { ($0["device"] as? [String: Any])?["class"] as? String == "switch" })?["software"] as? [String: Any])
        XCTAssertEqual(catalyst["status"] as? String, "unknown")
        XCTAssertEqual(catalyst["reason"] as? String, "no lifecycle data for product cisco-ios (run census lifecycle update when online)")
    }

    /// `lifecycle show` and `report lifecycle` write one CSV layout; the report's says the
    /// forecast quarter of each device it replaces, as its JSON forecast does.
    func testShowAndReportWriteOneCSVLayoutWithTheRefreshQuarter() throws {
        let db = census.path("lc.sqlite")
        XCTAssertEqual(try census(["import", try bundle(), "--db", db]).status, 0)
        let show = try census(["lifecycle", "show", "--client", "acme", "--db", db, "--as-of", "2026-11-30", "--format", "csv"])
        let report = try census(["report", "lifecycle", "--client", "acme", "--db", db, "--as-of", "2026-11-30", "--format", "csv"])
        let json = try census(["report", "lifecycle", "--client", "acme", "--db", db, "--as-of", "2026-11-30", "--format", "json"])
        XCTAssertEqual(show.status, 0, show.stderr)
        XCTAssertEqual(report.status, 0, report.stderr)
        let header = "device_id,site,ip,vendor,model,class,os,version,age_years,age_source,status,hardware_status,hardware_end_of_support,hardware_source,software_product,software_cycle,software_status,software_eol,software_source,refresh_quarter"
        XCTAssertEqual(show.stdout.split(separator: "\n").first.map(String.init), header)
        XCTAssertEqual(report.stdout.split(separator: "\n").first.map(String.init), header)
        let forecast = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["forecast"] as? [[String: Any]])
        var expected: [String: String] = [:]
        for quarter in forecast { for id in quarter["device_ids"] as? [Int] ?? [] { expected[String(id)] = quarter["quarter"] as? String } }
        XCTAssertFalse(expected.isEmpty, "the bundle's Catalyst is replaced in the forecast")
        for row in report.stdout.split(separator: "\n").dropFirst() {
            let fields = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            XCTAssertEqual(fields.last, expected[fields[0]] ?? "", String(row))
        }
    }

    /// `lifecycle show --as-of` a day before any scan shows the inventory of that day, as the
    /// lifecycle report does: nothing yet, not today's devices judged on a day they were unknown.
    func testShowAsOfADayBeforeTheScansShowsNothingYet() throws {
        let db = census.path("lc.sqlite")
        XCTAssertEqual(try census(["import", try bundle(), "--db", db]).status, 0)
        let before = try census(["lifecycle", "show", "--client", "acme", "--db", db, "--as-of", "2020-01-01", "--format", "json"])
        XCTAssertEqual(before.status, 0, before.stderr)
        XCTAssertEqual((try JSONSerialization.jsonObject(with: Data(before.stdout.utf8)) as? [Any])?.count, 0, before.stdout)
        XCTAssertTrue(before.stderr.contains("census: 1 scan after 2020-01-01 left out (the devices as of that day)"), before.stderr)
    }

    func testImportedDataOverridesTheSnapshotAndUpdateOfflineKeepsIt() throws {
        let db = census.path("lc.sqlite")
        XCTAssertEqual(try census(["import", try bundle(), "--db", db]).status, 0)
        // A (made up) extension of FortiOS 6.4 support, imported as of a day.
        let file = census.path("fortios.json")
        try """
        [{"cycle": "6.4", "releaseDate": "2020-03-31", "support": "2023-03-31", "eol": "2027-09-30", "latest": "6.4.15"}]
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let ahead = try census(["lifecycle", "import", file, "--product", "fortios", "--fetched", "2099-01-01", "--db", db])
        XCTAssertEqual(ahead.status, 64, ahead.stderr)
        XCTAssertTrue(ahead.stderr.contains("--fetched 2099-01-01 is after today"), ahead.stderr)
        let imported = try census(["lifecycle", "import", file, "--product", "fortios", "--fetched", "2026-11-20", "--db", db])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertFalse(imported.stderr.contains("a new one is made"), imported.stderr)
        XCTAssertTrue(imported.stderr.contains("census: fortios: 1 cycle stored (fetched 2026-11-20); they replace the shipped data"), imported.stderr)
        // A product Census ships no data for, its cycles oldest first: nothing is replaced, and
        // the newest is the latest released, not the first listed.
        let ios = census.path("ios.json")
        try """
        [{"cycle": "12.2", "releaseDate": "2004-01-01", "eol": "2016-07-31"}, {"cycle": "15.2", "releaseDate": "2012-03-01", "eol": false}]
        """.write(toFile: ios, atomically: true, encoding: .utf8)
        let iosImport = try census(["lifecycle", "import", ios, "--product", "cisco-ios", "--fetched", "2026-11-20", "--db", db])
        XCTAssertEqual(iosImport.status, 0, iosImport.stderr)
        XCTAssertTrue(iosImport.stderr.contains("census: cisco-ios: 2 cycles stored (fetched 2026-11-20)\n"), iosImport.stderr)
        let listed = try census(["lifecycle", "list", "--db", db, "--format", "csv"])
        XCTAssertTrue(listed.stdout.split(separator: "\n").contains { $0.hasPrefix("cisco-ios,2,") && $0.hasSuffix(",15.2") }, listed.stdout)
        // A mistyped --db is a new database, and said.
        let typo = try census(["lifecycle", "import", file, "--product", "fortios", "--fetched", "2026-11-20", "--db", census.path("lc.sqlit")])
        XCTAssertEqual(typo.status, 0, typo.stderr)
        XCTAssertTrue(typo.stderr.contains("no database at \(census.path("lc.sqlit")): a new one is made for the lifecycle data (--db names another)"), typo.stderr)
        let software = try XCTUnwrap((try show(db, asOf: "2026-11-30").first { ($0["device"] as? [String: Any])?["class"] as? String == "firewall" })?["software"] as? [String: Any])
        XCTAssertEqual(software["status"] as? String, "eol_6_12m")
        XCTAssertEqual(software["source"] as? String, "imported 2026-11-20")

        // Offline (a closed loopback port stands for the internet): a clear failure, nothing lost.
        let update = try census(["lifecycle", "update", "--api-url", "http://127.0.0.1:9/", "--db", db])
        XCTAssertEqual(update.status, 69, update.stderr)
        XCTAssertTrue(update.stderr.contains("fortios: not updated"), update.stderr)
        XCTAssertTrue(update.stderr.contains("could not fetch any lifecycle data"), update.stderr)
        let list = try census(["lifecycle", "list", "--db", db, "--format", "json"])
        XCTAssertTrue(list.stdout.contains("\"imported"), list.stdout)
        // What could never work is bad usage, before anything is sent.
        XCTAssertEqual(try census(["lifecycle", "update", "--product", "nope", "--db", db]).status, 64)
        XCTAssertEqual(try census(["lifecycle", "update", "--api-url", "ftp://127.0.0.1/", "--db", db]).status, 64)
        let twice = census.path("twice.json")
        try "[{\"cycle\": \"5.4\", \"eol\": true}, {\"cycle\": \"5.4\", \"eol\": false}]".write(toFile: twice, atomically: true, encoding: .utf8)
        let contradictory = try census(["lifecycle", "import", twice, "--product", "fortios", "--db", db])
        XCTAssertEqual(contradictory.status, 65, contradictory.stderr)
        XCTAssertTrue(contradictory.stderr.contains("cycle 5.4 is given twice"), contradictory.stderr)

        let bad = census.path("bad.json")
        try "[{\"cycle\": \"6.4\", \"eol\": \"soon\"}]".write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try census(["lifecycle", "import", bad, "--product", "fortios", "--db", db])
        XCTAssertEqual(refused.status, 65, refused.stderr)
        // An empty file would hide the data Census has; a product nothing maps to would never be used.
        let empty = census.path("empty.json")
        try "[]".write(toFile: empty, atomically: true, encoding: .utf8)
        let nothing = try census(["lifecycle", "import", empty, "--product", "fortios", "--db", db])
        XCTAssertEqual(nothing.status, 65, nothing.stderr)
        XCTAssertTrue(nothing.stderr.contains("no release cycles, nothing stored"), nothing.stderr)
        let unknown = try census(["lifecycle", "import", file, "--product", "nonsense-product", "--db", db])
        XCTAssertEqual(unknown.status, 64, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("--product nonsense-product: no identified system maps to it"), unknown.stderr)
        // Every product the mapping uses is listed, with or without data.
        let products = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]).compactMap { $0["product"] as? String }
        for product in ["cisco-ios", "cisco-nx-os", "synology-dsm", "fortios", "cisco-asa"] { XCTAssertTrue(products.contains(product), product) }
    }

    func testTheHardwareCatalogChecksAndAUserEntryIsUsed() throws {
        XCTAssertEqual(try census(["lifecycle", "check"]).status, 0)
        let folder = census.path("hw")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try """
        vendor: Example
        entries:
          - id: example-box
            models: ['EX-1*']
            last_date_of_support: 2026-01-01
            state: announced
            source: https://example.invalid/eol
            examples: [EX-100, EX-1]
          - id: example-wrong
            models: ['EX-9*']
            state: unknown
            examples: [EX-200]
        """.write(toFile: folder + "/example.yaml", atomically: true, encoding: .utf8)
        let check = try census(["lifecycle", "check", "--lifecycle", folder])
        XCTAssertEqual(check.status, 65, check.stderr)
        XCTAssertTrue(check.stdout.contains("EX-200"), check.stdout)
    }
}
