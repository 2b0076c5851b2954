import Foundation
import XCTest

/// The built `census` binary, run as a user would, on inputs that need no network or root:
/// a capture file, a configuration file, bundles.
/// Runs the built `census` binary in a private folder (its own HOME, data home and no configuration).
final class CensusRunner {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var census: String {
        if let path = ProcessInfo.processInfo.environment["CENSUS_BIN"] { return path }
        var dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        if dir.lastPathComponent.hasSuffix(".xctest") { dir = dir.deletingLastPathComponent() }
        return dir.appendingPathComponent("census").path
    }

    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("census-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// A path in this runner's folder.
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    @discardableResult
    func callAsFunction(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.census)
        process.arguments = arguments
        process.environment = self.environment(environment)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}

final class CLITests: XCTestCase {
    private var census: CensusRunner!
    private var directory: URL { census.directory }

    override func setUpWithError() throws { census = try CensusRunner() }
    override func tearDown() { census = nil }

    var capture: String { CensusRunner.root.appendingPathComponent("Fixtures/pcap/arp-mixed.pcap").path }

    /// A configuration naming the database: every command that reads or writes the store uses it.
    func configuration() throws -> (config: String, db: String) {
        let db = directory.appendingPathComponent("configured.sqlite").path
        let config = directory.appendingPathComponent("census.yaml").path
        try "defaults:\n  db: \(db)\n".write(toFile: config, atomically: true, encoding: .utf8)
        return (config, db)
    }

    func testEveryStoreCommandUsesTheConfiguredDatabaseAndDiscoverFilesDevices() throws {
        let (config, db) = try configuration()
        let discover = try census(["discover", "--pcap", capture, "--client", "acme", "--site", "hq", "--config", config, "--format", "json"])
        XCTAssertEqual(discover.status, 0, discover.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: db), "discover did not use defaults.db")

        let devices = try census(["devices", "--client", "acme", "--config", config, "--format", "json"])
        XCTAssertEqual(devices.status, 0, devices.stderr)
        let list = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(devices.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(list.count, 5, "the capture's hosts (two MACs at 198.18.0.10) are the client's devices")
        // A site and a class as a person types them: case does not matter.
        let atHQ = try census(["devices", "--client", "acme", "--site", "HQ", "--class", "Unknown", "--config", config, "--format", "json"])
        XCTAssertEqual(atHQ.status, 0, atHQ.stderr)
        XCTAssertEqual((try JSONSerialization.jsonObject(with: Data(atHQ.stdout.utf8)) as? [Any])?.count, 5)

        let bundle = directory.appendingPathComponent("scan.census").path
        XCTAssertEqual(try census(["export", "--scan", "1", "--out", bundle, "--config", config]).status, 0)
        let other = directory.appendingPathComponent("office.sqlite").path
        let first = try census(["import", bundle, "--db", other])
        XCTAssertEqual(first.status, 0, first.stderr)
        let again = try census(["import", bundle, "--db", other])
        XCTAssertTrue(again.stderr.contains("already imported as scan 1; nothing added"), again.stderr)
        XCTAssertEqual(again.status, 0, again.stderr)
        // The same scan (UUID) said to be another client's: a conflict a script must see.
        let renamed = directory.appendingPathComponent("renamed.census").path
        let text = try String(contentsOfFile: bundle, encoding: .utf8)
        XCTAssertTrue(text.contains("\"client\":\"acme\""), String(text.prefix(300)))
        try text.replacingOccurrences(of: "\"client\":\"acme\"", with: "\"client\":\"globex\"").write(toFile: renamed, atomically: true, encoding: .utf8)
        let conflict = try census(["import", renamed, "--db", other])
        XCTAssertEqual(conflict.status, 65, conflict.stderr)
        XCTAssertTrue(conflict.stderr.contains("is already here as scan 1 of client 'acme', and this bundle says 'globex'; nothing added"), conflict.stderr)
        let reidentify = try census(["reidentify", "--config", config])
        XCTAssertEqual(reidentify.status, 0, reidentify.stderr)
        XCTAssertTrue(reidentify.stderr.contains("devices identified again"), reidentify.stderr)
        let csv = try census(["reidentify", "--config", config, "--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        XCTAssertEqual(csv.stdout, "scan,ip,field,before,after\n", "a header, and every row ends in a newline")
        let noScan = try census(["reidentify", "--config", config, "--scan", "99"])
        XCTAssertEqual(noScan.status, 64, noScan.stderr)
        XCTAssertTrue(noScan.stderr.contains("no scan 99"), noScan.stderr)
        let missing = directory.appendingPathComponent("typo.sqlite").path
        XCTAssertEqual(try census(["reidentify", "--db", missing]).status, 65)
        XCTAssertEqual(try census(["lifecycle", "list", "--db", missing]).status, 65)
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing), "no database is created by a mistyped --db")
    }

    /// One JSON style: snake_case keys in every command's output.
    func testJSONKeysAreSnakeCaseEverywhere() throws {
        let (config, _) = try configuration()
        // In a pipe, JSON is one compact line, discover's too.
        let piped = try census(["discover", "--pcap", capture, "--format", "json", "--config", config])
        XCTAssertEqual(piped.stdout.split(separator: "\n").count, 1, piped.stdout)
        let outputs = [
            try census(["discover", "--pcap", capture, "--client", "acme", "--config", config, "--format", "json"]),
            try census(["devices", "--client", "acme", "--config", config, "--format", "json"]),
            try census(["identify", "--snmprec", try recording(), "--format", "json"]),
        ]
        for output in outputs {
            XCTAssertEqual(output.status, 0, output.stderr)
            var keys = Set<String>()
            collectKeys(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)), into: &keys)
            XCTAssertFalse(keys.isEmpty)
            let camel = keys.filter { $0.contains(where: \.isUppercase) && !$0.hasPrefix("1.") }
            XCTAssertTrue(camel.isEmpty, "camelCase keys: \(camel.sorted())")
        }
    }

    /// `identify --snmprec` reads the file's bytes as they are (a Latin-1 sysDescr byte is kept)
    /// and says on stderr how many lines it skipped and why, leaving the JSON on stdout clean.
    func testIdentifyReadsBytesAndReportsSkippedLines() throws {
        let path = directory.appendingPathComponent("skips.snmprec").path
        var bytes = Array("1.3.6.1.2.1.1.1.0|4|Caf".utf8) + [0xE9] + Array(" Switch\n".utf8)
        bytes += Array("""
        1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9.1.617
        1.3.6.1.2.1.1.5.0|4x|abc
        1.3.6.1.2.1.1.7.0|2|seventy

        """.utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let result = try census(["identify", "--snmprec", path, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("2 lines skipped (hex value of odd length: 1, value not of its type: 1)"), result.stderr)
        XCTAssertTrue(result.stderr.contains("line 3: hex value of odd length"), result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["sys_descr"] as? String, "Caf\u{E9} Switch")
    }

    /// `identify --walk` reads a saved snmpwalk as it reads a recording: names through net-snmp and
    /// Census's MIB modules, display-hinted values as their bytes; a name none of the modules
    /// defines is counted on stderr. One of --snmprec and --walk, never both (exit 64).
    func testIdentifyReadsASavedWalkWithMIBNames() throws {
        let path = directory.appendingPathComponent("switch.walk").path
        try """
        SNMPv2-MIB::sysDescr.0 = STRING: Cisco IOS Software, C3560 Software (C3560-IPSERVICESK9-M), Version 12.2(55)SE3, RELEASE SOFTWARE (fc1)
        Technical Support: http://www.cisco.com/techsupport
        SNMPv2-MIB::sysObjectID.0 = OID: SNMPv2-SMI::enterprises.9.1.617
        SNMPv2-MIB::sysName.0 = STRING: core-sw
        CISCO-PRODUCTS-MIB::notInCensusModules.0 = INTEGER: 1
        CISCO-PRODUCTS-MIB::notInCensusModules.1 = OID: CISCO-PRODUCTS-MIB::catalyst296048
        IF-MIB::ifPhysAddress.1 = STRING: e8:4:62:78:f2:40
        ENTITY-MIB::entPhysicalClass.1001 = INTEGER: chassis(3)
        ENTITY-MIB::entPhysicalSerialNum.1001 = STRING: FOC1408Z61U
        ENTITY-MIB::entPhysicalModelName.1001 = STRING: WS-C3560G-48TS-E

        """.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try census(["identify", "--walk", path, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("2 lines skipped (name not in the loaded MIB modules: 2)"), result.stderr)
        XCTAssertTrue(result.stderr.contains("line 5: 'CISCO-PRODUCTS-MIB::notInCensusModules.0'"), result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["sys_object_id"] as? String, "1.3.6.1.4.1.9.1.617")
        XCTAssertEqual(json["sys_descr"] as? String, "Cisco IOS Software, C3560 Software (C3560-IPSERVICESK9-M), Version 12.2(55)SE3, RELEASE SOFTWARE (fc1)\nTechnical Support: http://www.cisco.com/techsupport")
        let identification = try XCTUnwrap(json["identification"] as? [String: Any])
        XCTAssertEqual(identification["vendor"] as? String, "Cisco")
        XCTAssertEqual(identification["model"] as? String, "WS-C3560G-48TS-E")
        XCTAssertEqual(identification["serial"] as? String, "FOC1408Z61U")
        XCTAssertEqual(identification["version"] as? String, "12.2(55)SE3")
        XCTAssertEqual(identification["class"] as? String, "switch")

        // A sysObjectID printed through the maker's products MIB, which Census does not load: its product tables know the name.
        let products = directory.appendingPathComponent("products.walk").path
        try "SNMPv2-MIB::sysObjectID.0 = OID: CISCO-PRODUCTS-MIB::catalyst296048\n".write(toFile: products, atomically: true, encoding: .utf8)
        let named = try census(["identify", "--walk", products, "--format", "json"])
        XCTAssertEqual(named.status, 0, named.stderr)
        let namedJSON = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(named.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(namedJSON["sys_object_id"] as? String, "1.3.6.1.4.1.9.1.695")
        XCTAssertEqual((namedJSON["identification"] as? [String: Any])?["family"] as? String, "Catalyst 2960")

        for arguments in [["identify", "--walk", path, "--snmprec", path], ["identify"]] {
            let usage = try census(arguments)
            XCTAssertEqual(usage.status, 64, usage.stderr)
            XCTAssertTrue(usage.stderr.contains("give files (census identify FILE...), or one of --snmprec FILE and --walk FILE"), usage.stderr)
        }
        // Piped straight from snmpwalk: `-` reads standard input.
        let piped = Process()
        piped.executableURL = URL(fileURLWithPath: "/bin/sh")
        piped.arguments = ["-c", "\"$0\" identify --walk - --format json < \"$1\"", CensusRunner.census, path]
        let out = Pipe()
        piped.environment = census.environment([:])     // the runner's private HOME and data folders
        piped.standardOutput = out
        piped.standardError = FileHandle.nullDevice
        try piped.run()
        let pipedJSON = out.fileHandleForReading.readDataToEndOfFile()
        piped.waitUntilExit()
        XCTAssertEqual(piped.terminationStatus, 0)
        let pipedIdentification = try XCTUnwrap((try JSONSerialization.jsonObject(with: pipedJSON) as? [String: Any])?["identification"] as? [String: Any])
        XCTAssertEqual(pipedIdentification["serial"] as? String, "FOC1408Z61U")

        let notAWalk = try census(["identify", "--walk", try recording()])
        XCTAssertEqual(notAWalk.status, 65, notAWalk.stderr)
        XCTAssertTrue(notAWalk.stderr.contains("device.snmprec:1: no line is an snmpwalk object"), notAWalk.stderr)
    }

    /// Files given bare are told apart by their content (a recording, a walk) and listed one row
    /// each; a file that cannot be read is named on stderr, the others still listed, exit 65.
    func testIdentifyListsSeveralFilesOneRowEach() throws {
        let walk = directory.appendingPathComponent("printer.walk").path
        try """
        .1.3.6.1.2.1.1.1.0 = STRING: "Acme Switch"
        .1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.9.1.617
        .1.3.6.1.2.1.47.1.1.1.1.5.1001 = INTEGER: 3
        .1.3.6.1.2.1.47.1.1.1.1.11.1001 = STRING: "WALKSERIAL1"
        .1.3.6.1.2.1.47.1.1.1.1.13.1001 = STRING: "WS-C2960-24TT-L"

        """.write(toFile: walk, atomically: true, encoding: .utf8)
        // SnmpSoft's SnmpWalk.exe, saved on Windows.
        let windows = directory.appendingPathComponent("core.txt").path
        try """
        OID=.1.3.6.1.2.1.1.1.0, Type=OctetString, Value=Cisco IOS Software, C2960 Software (C2960-LANBASEK9-M), Version 12.2(55)SE5\r
        Technical Support: http://www.cisco.com/techsupport\r
        OID=.1.3.6.1.2.1.1.2.0, Type=OID, Value=1.3.6.1.4.1.9.1.716\r
        OID=.1.3.6.1.2.1.47.1.1.1.1.5.1001, Type=Integer, Value=3\r
        OID=.1.3.6.1.2.1.47.1.1.1.1.11.1001, Type=OctetString, Value=WINSERIAL2\r
        Total: 4\r

        """.write(toFile: windows, atomically: true, encoding: .utf8)
        let recording = try recording()
        let json = try census(["identify", recording, walk, windows, "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["recording"] as? String }, [recording, walk, windows])
        XCTAssertEqual(rows.map { ($0["identification"] as? [String: Any])?["vendor"] as? String }, ["Cisco", "Cisco", "Cisco"])
        XCTAssertEqual((rows[1]["identification"] as? [String: Any])?["serial"] as? String, "WALKSERIAL1", "the walk read as a walk")
        XCTAssertEqual((rows[2]["identification"] as? [String: Any])?["serial"] as? String, "WINSERIAL2", "SnmpWalk.exe's walk read as a walk")
        XCTAssertEqual((rows[2]["identification"] as? [String: Any])?["version"] as? String, "12.2(55)SE5")
        XCTAssertEqual(json.stderr, "", "nothing skipped: Total is SnmpWalk.exe's footer")
        XCTAssertEqual(rows[0]["sys_descr"] as? String, "Cisco IOS Software, C3560 Software (C3560-IPSERVICESK9-M), Version 12.2(55)SE3",
                       "the recording read as a recording")

        let missing = directory.appendingPathComponent("gone.walk").path
        let table = try census(["identify", walk, missing, recording])
        XCTAssertEqual(table.status, 65, table.stderr)
        XCTAssertTrue(table.stderr.contains("cannot read \(missing)"), table.stderr)
        XCTAssertTrue(table.stderr.contains("1 of 3 files could not be read"), table.stderr)
        let lines = table.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 3, "a header and two rows: \(table.stdout)")
        XCTAssertTrue(lines[1].contains("WALKSERIAL1") && lines[1].contains("WS-C2960-24TT-L"), table.stdout)
        XCTAssertTrue(lines[2].hasPrefix(recording), table.stdout)

        let csv = try census(["identify", "--walk", walk, "--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        XCTAssertEqual(csv.stdout.split(whereSeparator: \.isNewline).map(String.init),
                       ["file,vendor,model,class,serial,os,version", "\(walk),Cisco,WS-C2960-24TT-L,switch,WALKSERIAL1,,"])
    }

    /// `identify` lists the neighbours a recording's CDP and LLDP tables hold, each named as a
    /// silent neighbour would be; the table says which it could not name.
    func testIdentifyListsTheNeighboursItsTablesName() throws {
        let path = directory.appendingPathComponent("neighbours.snmprec").path
        try """
        1.0.8802.1.1.2.1.4.1.1.5.0.5.1|4x|001422010005
        1.0.8802.1.1.2.1.4.1.1.10.0.5.1|4|zz
        1.0.8802.1.1.2.1.4.2.1.3.0.6.2.1.4.198.18.0.6|2|2
        1.0.8802.1.1.2.1.5.4795.1.3.3.1.4.0.6.2|4|64167F0D0006
        1.0.8802.1.1.2.1.5.4795.1.3.3.1.5.0.6.2|4|Poly
        1.0.8802.1.1.2.1.5.4795.1.3.3.1.6.0.6.2|4|CCX 500
        1.3.6.1.2.1.1.1.0|4|Acme Switch
        1.3.6.1.4.1.9.9.23.1.2.1.1.3.10101.7|2|1
        1.3.6.1.4.1.9.9.23.1.2.1.1.4.10101.7|4x|ac1c0244
        1.3.6.1.4.1.9.9.23.1.2.1.1.5.10101.7|4|Cisco IOS Software, C1600 Software (AP1G2-K9W8-M), Version 15.3(3)JD6, RELEASE SOFTWARE (fc2)
        1.3.6.1.4.1.9.9.23.1.2.1.1.6.10101.7|4|lobby-ap
        1.3.6.1.4.1.9.9.23.1.2.1.1.8.10101.7|4|cisco AIR-CAP1602I-C-K9

        """.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try census(["identify", "--snmprec", path, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let neighbours = try XCTUnwrap(json["neighbours"] as? [[String: Any]])
        XCTAssertEqual(neighbours.map { $0["via"] as? String }, ["lldp", "lldp", "cdp"])
        XCTAssertTrue(neighbours[0]["identification"] == nil || neighbours[0]["identification"] is NSNull, "\(neighbours[0])")
        XCTAssertEqual(neighbours[1]["addresses"] as? [String], ["198.18.0.6"], "its management address")
        let phone = try XCTUnwrap(neighbours[1]["identification"] as? [String: Any], "named from its LLDP-MED inventory alone")
        XCTAssertEqual(phone["serial"] as? String, "64167F0D0006")
        XCTAssertEqual(neighbours[2]["addresses"] as? [String], ["172.28.2.68"])
        let ap = try XCTUnwrap(neighbours[2]["identification"] as? [String: Any])
        XCTAssertEqual(ap["model"] as? String, "AIR-CAP1602I-C-K9")
        XCTAssertEqual(ap["class"] as? String, "wireless-ap")
        XCTAssertEqual(ap["version"] as? String, "15.3(3)JD6")
        let table = try census(["identify", "--snmprec", path])
        XCTAssertTrue(table.stdout.contains("lobby-ap") && table.stdout.contains("AIR-CAP1602I-C-K9"), table.stdout)
        XCTAssertTrue(table.stdout.contains("SERIAL") && table.stdout.contains("64167F0D0006"), table.stdout)
    }

    /// `identify --address` says where a recording was taken: a cluster member (an Aruba Instant
    /// AP, whose recording holds the whole cluster's table) finds its own row by it, as over SNMP;
    /// without it no row is the device's. An address that is none is a usage error.
    func testIdentifyAtAnAddressReadsTheDevicesOwnRow() throws {
        let path = directory.appendingPathComponent("instant.snmprec").path
        try """
        1.3.6.1.2.1.1.1.0|4|ArubaOS (MODEL: 315), Version 8.6.0.4-8.6.0.4
        1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.14823.1.2.111
        1.3.6.1.4.1.14823.2.3.3.1.2.1.1.3.0.11.134.1.2.3|64|198.18.0.9
        1.3.6.1.4.1.14823.2.3.3.1.2.1.1.3.0.11.134.1.2.4|64|198.18.0.4
        1.3.6.1.4.1.14823.2.3.3.1.2.1.1.4.0.11.134.1.2.3|4|CNMEMBER01
        1.3.6.1.4.1.14823.2.3.3.1.2.1.1.4.0.11.134.1.2.4|4|CNOWNROW02

        """.write(toFile: path, atomically: true, encoding: .utf8)
        func serial(_ extra: [String]) throws -> Any? {
            let result = try census(["identify", "--snmprec", path, "--format", "json"] + extra)
            XCTAssertEqual(result.status, 0, result.stderr)
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            return try XCTUnwrap(json["identification"] as? [String: Any])["serial"]
        }
        XCTAssertEqual(try serial(["--address", "198.18.0.4"]) as? String, "CNOWNROW02", "its own row, not the first")
        XCTAssertEqual(try serial(["--address", "198.18.0.9"]) as? String, "CNMEMBER01")
        XCTAssertNil(try serial([]) as? String, "no address: no row is the device's")
        let bad = try census(["identify", "--snmprec", path, "--address", "198.18.0"])
        XCTAssertEqual(bad.status, 64, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("--address: '198.18.0' is not an IPv4 address"), bad.stderr)
    }

    /// `--catalog-instead` identifies with that folder's catalog alone: the built-in Cisco rules
    /// are gone (the registry still names the maker), the folder's own rule decides; a folder
    /// without a registry is refused with exit 65 and says what it lacks.
    func testCatalogInsteadReplacesTheBuiltInCatalog() throws {
        let folder = directory.appendingPathComponent("catalog")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
        rules:
          - id: test-core
            when: { sysName: '^core-' }
            set: { class: router }
            examples:
              - sysName: core-sw
                expect: { class: router }
        """.write(to: folder.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        let builtIn = try census(["identify", "--snmprec", try recording(), "--format", "json"])
        let builtInJSON = try XCTUnwrap((JSONSerialization.jsonObject(with: Data(builtIn.stdout.utf8)) as? [String: Any])?["identification"] as? [String: Any])
        XCTAssertEqual(builtInJSON["class"] as? String, "switch", builtIn.stdout)

        let noRegistry = try census(["identify", "--catalog-instead", folder.path, "--snmprec", try recording()])
        XCTAssertEqual(noRegistry.status, 65)
        XCTAssertTrue(noRegistry.stderr.contains("no enterprise-number registry (enterprise-numbers.tsv)"), noRegistry.stderr)

        try "9\tciscoSystems\n".write(to: folder.appendingPathComponent("enterprise-numbers.tsv"), atomically: true, encoding: .utf8)
        let instead = try census(["identify", "--catalog-instead", folder.path, "--snmprec", try recording(), "--format", "json"])
        XCTAssertEqual(instead.status, 0, instead.stderr)
        let json = try XCTUnwrap((JSONSerialization.jsonObject(with: Data(instead.stdout.utf8)) as? [String: Any])?["identification"] as? [String: Any])
        XCTAssertEqual(json["class"] as? String, "router", instead.stdout)
        XCTAssertNil(json["version"] as? String, "no built-in IOS rule read the version: \(instead.stdout)")
        XCTAssertEqual(json["vendor"] as? String, "ciscoSystems", "the folder's registry names the maker: \(instead.stdout)")
    }

    func recording() throws -> String {
        let path = directory.appendingPathComponent("device.snmprec").path
        try """
        1.3.6.1.2.1.1.1.0|4|Cisco IOS Software, C3560 Software (C3560-IPSERVICESK9-M), Version 12.2(55)SE3
        1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9.1.617
        1.3.6.1.2.1.1.5.0|4|core-sw
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func collectKeys(_ value: Any, into keys: inout Set<String>) {
        if let object = value as? [String: Any] {
            for (k, v) in object { keys.insert(k); collectKeys(v, into: &keys) }
        } else if let array = value as? [Any] {
            for v in array { collectKeys(v, into: &keys) }
        }
    }

    func testAnUnreadableBundleExits65WithTheReason() throws {
        let path = directory.appendingPathComponent("broken.census").path
        try "{\"format\": \"census-scan-bundle\", \"version\": 2, \"exportedAt\": \"2026-01-01T00:00:00Z\"}".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try census(["import", path, "--db", directory.appendingPathComponent("x.sqlite").path])
        XCTAssertEqual(result.status, 65)
        XCTAssertTrue(result.stderr.contains("damaged: missing scan"), result.stderr)
    }

    func testReconcileExitsZeroWithFindings65OnAnUnreadableContractOrRateCardAnd64OnBadUsage() throws {
        let db = directory.appendingPathComponent("r.sqlite").path
        let contracts = CensusRunner.root.appendingPathComponent("Fixtures/contracts")
        let generic = contracts.appendingPathComponent("generic.csv").path
        let rates = contracts.appendingPathComponent("rates.yaml").path
        // No database, or a client it has never scanned: a usage error that names what there is,
        // never an empty reconciliation (a mistyped --db or --client is not a client with nothing).
        let noDatabase = try census(["reconcile", "--client", "Acme Dental", "--contract", generic, "--rates", rates, "--db", db])
        XCTAssertEqual(noDatabase.status, 65, noDatabase.stderr)
        XCTAssertTrue(noDatabase.stderr.contains("no database at \(db)"), noDatabase.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: db), "reading never creates the database")
        for client in ["Acme Dental", "x"] {
            XCTAssertEqual(try census(["discover", "--pcap", capture, "--client", client, "--db", db]).status, 0)
        }
        let typo = try census(["reconcile", "--client", "acme dental", "--contract", generic, "--rates", rates, "--db", db])
        XCTAssertEqual(typo.status, 64, typo.stderr)
        XCTAssertTrue(typo.stderr.contains("no scans of client 'acme dental' in \(db) (did you mean 'Acme Dental'?); clients: Acme Dental, x"),
                      typo.stderr)
        // Nothing scanned in the period: every line would be "not covered" and every total 0.00,
        // which reads as all well for the wrong month: a usage error naming the period and the
        // days the client's scans were taken (reconcile and report pricing alike).
        let utc = DateFormatter()
        utc.dateFormat = "yyyy-MM-dd"
        utc.timeZone = TimeZone(identifier: "UTC")
        let dayScanned = utc.string(from: Date())
        for command in [["reconcile"], ["report", "pricing"]] {
            let empty = try census(command + ["--client", "Acme Dental", "--contract", generic, "--rates", rates, "--db", db,
                                              "--as-of", "2026-11-30", "--format", "json"])
            XCTAssertEqual(empty.status, 64, empty.stderr)
            XCTAssertEqual(empty.stdout, "")
            XCTAssertTrue(empty.stderr.contains("no finished scan of Acme Dental from 2026-10-26 to 2026-11-30 (its scans run from \(dayScanned) to \(dayScanned))"),
                          "35 days before --as-of: \(empty.stderr)")
        }
        // A mapping file as the profile.
        let mapped = try census(["reconcile", "--client", "x", "--contract", contracts.appendingPathComponent("custom-layout.csv").path,
                                 "--profile", contracts.appendingPathComponent("custom-layout.mapping.yaml").path, "--db", db, "--format", "csv"])
        XCTAssertEqual(mapped.status, 0, mapped.stderr)
        XCTAssertTrue(mapped.stdout.hasPrefix("kind,device_id,site,ip,mac,serial,vendor,model,class,contract_lines,fields,monthly_value,reason"))

        let missing = try census(["reconcile", "--client", "x", "--contract", directory.appendingPathComponent("none.csv").path, "--db", db])
        XCTAssertEqual(missing.status, 65)
        XCTAssertTrue(missing.stderr.contains("none.csv: cannot read: no such file"), missing.stderr)
        let badRates = directory.appendingPathComponent("rates.yaml").path
        try "currency: pounds\ndevices:\n  server: 45\n".write(toFile: badRates, atomically: true, encoding: .utf8)
        let rateError = try census(["reconcile", "--client", "x", "--contract", generic, "--rates", badRates, "--db", db])
        XCTAssertEqual(rateError.status, 65)
        XCTAssertTrue(rateError.stderr.contains("rates.yaml:1"), rateError.stderr)
        XCTAssertEqual(try census(["reconcile", "--client", "x", "--contract", generic, "--as-of", "30/11/2026", "--db", db]).status, 64)
        let far = try census(["reconcile", "--client", "x", "--contract", generic, "--as-of", "9999-06-30", "--db", db])
        XCTAssertEqual(far.status, 64, far.stderr)
        XCTAssertTrue(far.stderr.contains("--as-of 9999-06-30 is out of range: a day from 1970 to 2999"), far.stderr)
        XCTAssertEqual(try census(["reconcile", "--client", "x", "--contract", generic, "--profile", "nosuch", "--db", db]).status, 64)
    }
}
