import Foundation
import XCTest

/// `census reconcile` end to end: two sites of a client scanned in the lab (real recordings
/// answering SNMP, ARP-only hosts, hosts learnt from the recordings' tables), a contract that
/// plants every kind of finding with the devices' real serials, MACs and addresses, and a
/// rate card. Every device and every line is accounted for, with exact money.
final class ReconcileLabTests: XCTestCase {
    static let name = "crec"
    static let client = "crec-acme"

    override class func setUp() {
        super.setUp()
        do {
            try Lab.up(name, hosts: 6, extra: [
                "--sites", "2",
                "--snmp", "3@1=network/switch/cisco-c3560.snmprec",        // switch, FOC1408Z61U, WS-C3560G-48TS-E
                "--snmp", "4@1=network/firewall/fortinet-xcu.snmprec",     // firewall, FGT3KD3Z16800461, FGT_3000D
                "--snmp", "5@1=UPS/eaton-93e-80.snmprec",                  // ups, 4K234LXX06
                "--snmp", "3@2=network/firewall/paloalto-pa-5000.snmprec", // firewall, 0009C100761
                "--snmp", "4@2=storage/netapp-fas3270.snmprec",            // storage, 940001051000
            ])
        } catch { XCTFail("lab up failed: \(error)") }
    }

    override class func tearDown() {
        Lab.down(name)
        super.tearDown()
    }

    /// A finding as the JSON says it, money read exactly.
    struct Finding: Decodable {
        struct Device: Decodable { var id: Int; var ip: String?; var `class`: String }
        var kind: String
        var device: Device?
        var contractLines: [Int]
        var fields: [String]
        var matchKey: String?
        var reason: String
        var evidence: [String]
        var monthlyValue: Decimal
    }

    struct Report: Decodable {
        struct Summary: Decodable { var counts: [String: Int]; var unbilledMonthly: Decimal; var overbilledMonthly: Decimal; var currency: String? }
        struct RowError: Decodable { var line: Int; var message: String }
        var client: String
        var summary: Summary
        var findings: [Finding]
        var importErrors: [RowError]
        var notes: [String]
    }

    func testEveryFindingOfATwoSiteClientWithItsMoney() throws {
        let db = Lab.temporaryDatabase()
        for (lan, range, site) in [("lan1", "198.18.0.0/29", "north"), ("lan2", "198.18.128.0/29", "south")] {
            let scan = try Lab.census(Self.name, ["scan", "-i", lan, "--range", range, "--client", Self.client, "--site", site, "--db", db,
                                                  "--snmp-timeout", "1000", "--snmp-retries", "1", "--format", "json"])
            XCTAssertEqual(scan.status, 0, scan.stderr)
        }
        let listed = try Lab.run([Lab.census, "devices", "--client", Self.client, "--db", db, "--format", "json"])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        let devices = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        func device(_ ip: String) throws -> [String: Any] {
            try XCTUnwrap(devices.first { $0["ip"] as? String == ip }, "no device at \(ip)")
        }
        // What the contract is written from: the devices' real identifiers, as Census read them.
        let sw = try device("198.18.0.3"), fw = try device("198.18.0.4"), ups = try device("198.18.0.5")
        let pa = try device("198.18.128.3"), nas = try device("198.18.128.4")
        let pc = try device("198.18.0.1"), printer = try device("198.18.0.2")
        XCTAssertEqual(sw["serial"] as? String, "FOC1408Z61U")
        XCTAssertEqual(sw["model"] as? String, "WS-C3560G-48TS-E")
        XCTAssertEqual(fw["class"] as? String, "firewall")
        XCTAssertEqual(fw["model"] as? String, "FGT_3000D")
        XCTAssertEqual(ups["class"] as? String, "ups")
        XCTAssertEqual(pa["class"] as? String, "firewall")
        XCTAssertEqual(nas["class"] as? String, "storage")
        XCTAssertEqual(pc["class"] as? String, "unknown", "an ARP-only host")
        let serial = { (d: [String: Any]) in try XCTUnwrap(d["serial"] as? String) }
        let pcMAC = try XCTUnwrap(pc["mac"] as? String).uppercased().replacingOccurrences(of: ":", with: "-")

        let contract = """
            client,site,name,class,manufacturer,model,serial,mac,ip,monthly_price
            \(Self.client),North,CORE-SW,Network Switch,Cisco Systems,C3560G-48TS,\(try serial(sw).lowercased()),,,12.50
            \(Self.client),North,EDGE-FW,Router,Fortinet,FortiGate 3000D,\(try serial(fw)),,,25.00
            \(Self.client),North,FW-OLD,Firewall,Fortinet,,,,198.18.0.4,25.00
            \(Self.client),North,UPS-1,Server,Eaton,,\(try serial(ups)),,,45.00
            \(Self.client),North,SAN-1,NAS,NetApp,FAS3270,\(try serial(nas)),,,15.00
            \(Self.client),North,RECEPTION-PC,Workstation,,,,\(pcMAC),,
            \(Self.client),North,PRINTER-1,Printer,,,,,198.18.0.2,8.00
            \(Self.client),North,GONE-SRV,Server,Dell,,GONE123,,,9.00
            \(Self.client),South,SW-SOUTH-2,Switch,Cisco,,,,,
            \(Self.client),East,EAST-AP,WAP,Ubiquiti,,,,,5.00
            \(Self.client),North,REMOTE-SRV,Server,Dell,,,,198.18.64.9,45.00
            other-client,North,X,Switch,,,XYZ,,,10.00
            \(Self.client),North,BROKEN,Switch,,,,not-a-mac,,twelve

            """
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("census-reconcile-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let contractFile = directory.appendingPathComponent("contract.csv").path
        let ratesFile = directory.appendingPathComponent("rates.yaml").path
        try contract.write(toFile: contractFile, atomically: true, encoding: .utf8)
        try "currency: GBP\ndevices:\n  firewall: 25.00\n  switch: 12.50\n  ups: 3.00\n  storage: 15.00\n  server: 45.00\n  printer: 8.00\n"
            .write(toFile: ratesFile, atomically: true, encoding: .utf8)

        let result = try Lab.run([Lab.census, "reconcile", "--client", Self.client, "--contract", contractFile, "--rates", ratesFile,
                                  "--db", db, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("\"unbilled_monthly\":25.00"), "money with two decimals")
        XCTAssertTrue(result.stdout.contains("\"overbilled_monthly\":88.50"))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let report = try decoder.decode(Report.self, from: Data(result.stdout.utf8))

        let id = { (d: [String: Any]) in d["id"] as! Int }
        let planted: [Int: [String]] = [
            id(sw): ["matched serial [2] [] 0", "unsupported - [2] [\"hardware\"] 0"],   // the Catalyst 3560 is past its last date of support
            id(fw): ["matched serial [3] [] 0", "duplicate ip [3, 4] [] 25"],   // router entered for a firewall; FortiGate 3000D = FGT_3000D
            id(ups): ["mismatch serial [5] [\"class\"] -42"],                     // a UPS entered as a server: 3.00 - 45.00
            id(nas): ["mismatch serial [6] [\"site\"] 0"],                        // entered at North, seen at south
            id(pc): ["matched mac [7] [] 0"],
            id(printer): ["matched ip [8] [] 0"],
            id(pa): ["unbilled - [] [] 25", "unsupported - [] [\"software\"] 0"],     // PAN-OS 8.0 is past end of support
        ]
        var perDevice: [Int: [String]] = [:]
        var lineFindings: [String] = []
        for f in report.findings {
            let text = "\(f.kind) \(f.matchKey ?? "-") \(f.contractLines) \(f.fields) \(f.monthlyValue)"
            if let d = f.device { perDevice[d.id, default: []].append(text) } else { lineFindings.append(text) }
        }
        // Every device: its planted findings, or (ARP-only and table-learnt hosts) review at no value.
        for d in devices {
            let expected = planted[id(d)] ?? ["review - [] [] 0"]
            XCTAssertEqual(perDevice[id(d)], expected, "device \(id(d)) at \(d["ip"] ?? "-")")
            if planted[id(d)] == nil { XCTAssertEqual(d["class"] as? String, "unknown", "only unrecognised devices go to review") }
        }
        XCTAssertEqual(Set(perDevice.keys), Set(devices.map(id)), "no finding about a device Census does not have")
        XCTAssertEqual(lineFindings, [
            "missing - [9] [] 9",         // its own price
            "missing - [10] [] 12.5",     // the card's price for a switch
            "not_covered - [11] [] 0",    // a site never scanned
            "not_covered - [12] [] 0",    // an address outside the ranges scanned at north
        ])
        XCTAssertEqual(report.summary.counts, ["matched": 4, "unbilled": 1, "review": devices.count - 7, "missing": 2, "not_covered": 2,
                                               "mismatch": 2, "unsupported": 2, "duplicate": 1])
        XCTAssertEqual(report.summary.unbilledMonthly, 25)
        XCTAssertEqual(report.summary.overbilledMonthly, Decimal(string: "88.50"))
        XCTAssertEqual(report.summary.currency, "GBP")
        XCTAssertEqual(report.importErrors.map(\.line), [14])
        XCTAssertTrue(report.notes.contains("1 contract line of other clients ('other-client') ignored."), "\(report.notes)")

        // The evidence says how each was seen and by which key it was matched.
        let matchedSwitch = try XCTUnwrap(report.findings.first { $0.kind == "matched" && $0.device?.id == id(sw) })
        XCTAssertTrue(matchedSwitch.evidence.contains("seen by arp, snmp"), "\(matchedSwitch.evidence)")
        XCTAssertTrue(matchedSwitch.evidence.contains("line 2 matched by serial foc1408z61u"), "\(matchedSwitch.evidence)")
        XCTAssertTrue(matchedSwitch.evidence.contains { $0.hasPrefix("rule entity-mib (") }, "\(matchedSwitch.evidence)")
        XCTAssertTrue(matchedSwitch.evidence.contains { $0.hasPrefix("scan 1 at north, ") }, "\(matchedSwitch.evidence)")
        let unbilled = try XCTUnwrap(report.findings.first { $0.kind == "unbilled" })
        XCTAssertTrue(unbilled.reason.hasPrefix("The firewall DUMSYS-10 (198.18.128.3, Palo Alto Networks PA-5050) was seen at south on "), unbilled.reason)

        // The same report as a table (bad rows on stderr) and as CSV, one finding a row.
        let table = try Lab.run([Lab.census, "reconcile", "--client", Self.client, "--contract", contractFile, "--rates", ratesFile, "--db", db])
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertTrue(table.stdout.contains("DUPLICATE (1), GBP 25.00 a month"), table.stdout)
        XCTAssertTrue(table.stdout.contains("Unbilled GBP 25.00 a month; overbilled GBP 88.50 a month."), table.stdout)
        XCTAssertTrue(table.stderr.contains("contract.csv:14: skipped: mac 'not-a-mac' is not a MAC address"), table.stderr)
        XCTAssertTrue(table.stderr.contains("; 11 contract lines of the client's, 1 skipped;"), "the other client's line is not counted: \(table.stderr)")
        let csv = try Lab.run([Lab.census, "reconcile", "--client", Self.client, "--contract", contractFile, "--rates", ratesFile, "--db", db,
                               "--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let csvLines = csv.stdout.split(whereSeparator: \.isNewline)
        XCTAssertEqual(csvLines.first, "kind,device_id,site,ip,mac,serial,vendor,model,class,contract_lines,fields,monthly_value,reason")
        XCTAssertEqual(csvLines.count, 1 + report.findings.count)
    }
}
