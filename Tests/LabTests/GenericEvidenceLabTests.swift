import Foundation
import XCTest

/// A device of a maker no catalog rule names, probed over real SNMP in the namespace lab: its
/// IEEE802dot11-MIB radios and LLDP-MED inventory are collected and identify it (an access point,
/// with the model, serial and maker it states of itself). And a maker's identity table whose row
/// no fixed GET reaches, read by GETNEXT, a cluster's table whose row the device's address finds,
/// and a credential whose view hides the maker's objects, said as such.
final class GenericEvidenceLabTests: XCTestCase {
    static let name = "cgen"
    static let directory = FileManager.default.temporaryDirectory.appendingPathComponent("census-generic-\(UUID().uuidString)")

    override class func setUp() {
        super.setUp()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let recording = directory.appendingPathComponent("unknown-ap.snmprec")
            try """
            1.0.8802.1.1.2.1.5.4795.1.2.4.0|4|3.2.1.17
            1.0.8802.1.1.2.1.5.4795.1.2.5.0|4|QX7A01234567
            1.0.8802.1.1.2.1.5.4795.1.2.6.0|4|Acme Radio Works
            1.0.8802.1.1.2.1.5.4795.1.2.7.0|4|AW-AP-650
            1.2.840.10036.1.1.1.1.3|4x|0418d62a0a92
            1.2.840.10036.1.1.1.1.4|4x|0418d62a0a93
            1.3.6.1.2.1.1.1.0|4|Linux 4.14.0 #1 SMP PREEMPT x86_64
            1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10
            1.3.6.1.2.1.1.5.0|4|lobby-ap
            1.3.6.1.2.1.2.2.1.3.1|2|24
            1.3.6.1.2.1.2.2.1.3.2|2|6
            1.3.6.1.2.1.2.2.1.3.3|2|6
            1.3.6.1.2.1.2.2.1.3.4|2|6

            """.write(to: recording, atomically: true, encoding: .utf8)
            // Host 5's MAC is Hikvision's (tools/lab/census-lab rotates real OUIs): a plain net-snmp
            // Linux agent on it is the camera maker's device, not a server.
            let linux = directory.appendingPathComponent("plain-linux.snmprec")
            try """
            1.3.6.1.2.1.1.1.0|4|Linux cam-gate 4.9.37 #1 SMP Mon Mar 2 10:00:00 CST 2020 x86_64
            1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10
            1.3.6.1.2.1.1.5.0|4|cam-gate

            """.write(to: linux, atomically: true, encoding: .utf8)
            // A cnPilot access point keeps its serial in a table row indexed by its MAC address
            // (CAMBIUM-MIB cambiumAccessPointTable): only a GETNEXT of the column reaches it.
            let cnPilot = directory.appendingPathComponent("cnpilot.snmprec")
            try """
            1.3.6.1.2.1.1.1.0|4|cnPilot E410 6.5.1-r4
            1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.17713.22.3.6
            1.3.6.1.2.1.1.5.0|4|hall-ap
            1.3.6.1.4.1.17713.22.1.1.1.4.0.4.86.18.52.86|4|W8VC0A1B2C3D
            1.3.6.1.4.1.17713.22.1.1.1.4.0.4.86.18.52.87|4|W8VC0A1B2C3F
            1.3.6.1.4.1.17713.22.1.1.1.5.0.4.86.18.52.86|4|E410

            """.write(to: cnPilot, atomically: true, encoding: .utf8)
            // Every access point of an Aruba Instant cluster answers the cluster's whole
            // aiAccessPointTable (indexed by MAC address); its own row holds its address.
            let instant = directory.appendingPathComponent("aruba-instant.snmprec")
            try """
            1.3.6.1.2.1.1.1.0|4|ArubaOS (MODEL: 315), Version 8.6.0.4-8.6.0.4
            1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.14823.1.2.111
            1.3.6.1.2.1.1.5.0|4|floor2-ap
            1.3.6.1.4.1.14823.2.3.3.1.2.1.1.3.0.11.134.1.2.3|64|198.18.0.9
            1.3.6.1.4.1.14823.2.3.3.1.2.1.1.3.0.11.134.1.2.4|64|198.18.0.4
            1.3.6.1.4.1.14823.2.3.3.1.2.1.1.3.0.11.134.1.2.5|64|198.18.0.10
            1.3.6.1.4.1.14823.2.3.3.1.2.1.1.4.0.11.134.1.2.3|4|CNMEMBER01
            1.3.6.1.4.1.14823.2.3.3.1.2.1.1.4.0.11.134.1.2.4|4|CNOWNROW02
            1.3.6.1.4.1.14823.2.3.3.1.2.1.1.4.0.11.134.1.2.5|4|CNMEMBER03

            """.write(to: instant, atomically: true, encoding: .utf8)
            // A FortiGate asked with a credential whose view stops at MIB-2, and the same box with
            // its maker's objects in view.
            let mib2Only = """
            1.3.6.1.2.1.1.1.0|4|branch firewall
            1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.12356.101.1.1004
            1.3.6.1.2.1.1.5.0|4|branch-fw
            1.3.6.1.2.1.2.2.1.3.1|2|6

            """
            try mib2Only.write(to: directory.appendingPathComponent("fortigate-mib2.snmprec"), atomically: true, encoding: .utf8)
            try (mib2Only + """
            1.3.6.1.4.1.12356.100.1.1.1.0|4|FGT60D4614012345
            1.3.6.1.4.1.12356.101.4.1.1.0|4|v7.2.6,build1575,231012 (GA.F)

            """).write(to: directory.appendingPathComponent("fortigate-full.snmprec"), atomically: true, encoding: .utf8)
            // The same cluster asked at an address no member has (its virtual controller's).
            let controller = directory.appendingPathComponent("aruba-instant-vc.snmprec")
            try String(contentsOf: instant, encoding: .utf8).write(to: controller, atomically: true, encoding: .utf8)
            try Lab.up(name, hosts: 8, extra: ["--snmp", "1=\(recording.path)", "--snmp", "2=\(cnPilot.path)",
                                               "--snmp", "4=\(instant.path)", "--snmp", "5=\(linux.path)",
                                               "--snmp", "6=\(controller.path)",
                                               "--snmp", "7=\(directory.appendingPathComponent("fortigate-mib2.snmprec").path)",
                                               "--snmp", "8=\(directory.appendingPathComponent("fortigate-full.snmprec").path)"])
        } catch { XCTFail("lab up failed: \(error)") }
    }

    override class func tearDown() {
        Lab.down(name)
        try? FileManager.default.removeItem(at: directory)
        super.tearDown()
    }

    /// `census probe IP --format json`, which must succeed, as a JSON object.
    func probe(_ ip: String) throws -> [String: Any] {
        let result = try Lab.census(Self.name, ["probe", ip, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stdout)
    }

    /// The rule a probe's matches say decided `field`.
    func rule(deciding field: String, in device: [String: Any]) -> String? {
        (device["match"] as? [[String: Any]] ?? []).first { ($0["fields"] as? [String] ?? []).contains(field) }?["rule"] as? String
    }

    /// The vendor objects a probe read (its facts' `vendor` section), which must be there.
    func vendorObjects(of device: [String: Any], _ what: String) throws -> [String: Any] {
        let facts = try XCTUnwrap(device["facts"] as? [String: Any])
        return try XCTUnwrap(facts["vendor"] as? [String: Any], "\(what): \(facts.keys)")
    }

    func testRadiosAndLLDPMEDInventoryIdentifyAnUnknownMakersAccessPoint() throws {
        let device = try probe("198.18.0.1")
        XCTAssertEqual(device["class"] as? String, "wireless-ap", "the radios outrank the uname line's server")
        XCTAssertEqual(device["model"] as? String, "AW-AP-650")
        XCTAssertEqual(device["serial"] as? String, "QX7A01234567")
        XCTAssertEqual(device["vendor"] as? String, "Acme Radio Works")
        let rules = Set((device["match"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String })
        XCTAssertTrue(rules.isSuperset(of: ["ieee80211-mib", "lldp-med-inventory"]), "\(rules)")
        let facts = try XCTUnwrap(device["facts"] as? [String: Any])
        XCTAssertNotNil(facts["wireless"], "the radios' table was walked")
        let role = try XCTUnwrap(facts["role"] as? [String: Any], "the role GET was made")
        XCTAssertNotNil(role["1.0.8802.1.1.2.1.5.4795.1.2.7.0"], "the LLDP-MED inventory was read with it: \(role)")
    }

    func testTheFirstRowOfAMakersIdentityTableIsReadByGetNext() throws {
        let device = try probe("198.18.0.2")
        XCTAssertEqual(device["serial"] as? String, "W8VC0A1B2C3D", "the first row's serial, at an index no GET names")
        XCTAssertEqual(device["model"] as? String, "cnPilot E410")
        XCTAssertEqual(rule(deciding: "serial", in: device), "cambium-cnpilot-ap-table")
        let vendor = try vendorObjects(of: device, "the GETNEXT's answers")
        XCTAssertNotNil(vendor["1.3.6.1.4.1.17713.22.1.1.1.4.0.4.86.18.52.86"], "\(vendor)")
        XCTAssertNil(vendor["1.3.6.1.4.1.17713.22.1.1.1.4.0.4.86.18.52.87"], "one row only, not a walk: \(vendor)")
    }

    func testAClusterMembersOwnRowIsFoundByItsAddress() throws {
        let device = try probe("198.18.0.4")
        XCTAssertEqual(device["serial"] as? String, "CNOWNROW02", "the row holding 198.18.0.4, not the first")
        XCTAssertEqual(device["model"] as? String, "AP-315")
        XCTAssertEqual(rule(deciding: "serial", in: device), "hpe-aruba-instant-ap-serial")
        let vendor = try vendorObjects(of: device, "the walk's and GET's answers")
        XCTAssertNotNil(vendor["1.3.6.1.4.1.14823.2.3.3.1.2.1.1.4.0.11.134.1.2.4"], "\(vendor)")
        XCTAssertNil(vendor["1.3.6.1.4.1.14823.2.3.3.1.2.1.1.4.0.11.134.1.2.3"], "the other members' serials are not read: \(vendor)")
    }

    func testNoMembersRowHoldingTheAddressAskedGivesNoSerial() throws {
        let device = try probe("198.18.0.6")
        XCTAssertEqual(device["model"] as? String, "AP-315", "the rest of the identification stands")
        XCTAssertNil(device["serial"] as? String, "no other member's serial: \(device["serial"] ?? "")")
        let facts = try XCTUnwrap(device["facts"] as? [String: Any])
        let vendor = facts["vendor"] as? [String: Any] ?? [:]
        XCTAssertTrue(vendor.keys.filter { $0.hasPrefix("1.3.6.1.4.1.14823.2.3.3.1.2.1.1.") }.isEmpty, "no row was read: \(vendor)")
    }

    func testAViewThatHidesTheMakersObjectsIsSaid() throws {
        let hidden = try probe("198.18.0.7")
        XCTAssertEqual(hidden["vendor"] as? String, "Fortinet", "what MIB-2 tells still stands")
        XCTAssertEqual(hidden["class"] as? String, "firewall")
        XCTAssertNil(hidden["serial"] as? String)
        XCTAssertEqual(hidden["complete"] as? Bool, false, "the serial asked for was not read")
        let problems = hidden["problems"] as? [String] ?? []
        XCTAssertTrue(problems.contains { $0.hasPrefix("enterprises: nothing below 1.3.6.1.4.1 answers") }, "\(problems)")
        // The same box with its maker's objects in view: read, and nothing to say.
        let full = try probe("198.18.0.8")
        XCTAssertEqual(full["serial"] as? String, "FGT60D4614012345")
        XCTAssertEqual(full["complete"] as? Bool, true, "\(full["problems"] ?? "")")
        // Another maker's device whose objects answered: nothing to say either.
        let cnPilot = try probe("198.18.0.2")
        XCTAssertFalse((cnPilot["problems"] as? [String] ?? []).contains { $0.hasPrefix("enterprises:") }, "\(cnPilot["problems"] ?? "")")
    }

    func testAMakersMACOutranksTheServerClassOfAPlainLinuxAgent() throws {
        let result = try Lab.census(Self.name, ["scan", "-i", "lan1", "--range", "198.18.0.0/29", "--db", Lab.temporaryDatabase(),
                                                "--format", "json", "--snmp-timeout", "1000"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let output = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stderr)
        let devices = try XCTUnwrap(output["devices"] as? [[String: Any]])
        let camera = try XCTUnwrap(devices.first { $0["ip"] as? String == "198.18.0.5" }, "\(devices)")
        XCTAssertEqual(camera["vendor"] as? String, "Hikvision", "the MAC registry's maker")
        XCTAssertEqual(camera["os"] as? String, "Linux", "the agent still names the operating system")
        XCTAssertEqual(camera["class"] as? String, "camera", "the camera maker's class, not the uname line's server")
        let classRules = (camera["match"] as? [[String: Any]] ?? []).filter { ($0["fields"] as? [String] ?? []).contains("class") }
        XCTAssertEqual(classRules.compactMap { $0["rule"] as? String }, ["maker-class"])
        // A host that answers no SNMP gets its maker's class all the same.
        let silent = try XCTUnwrap(devices.first { $0["ip"] as? String == "198.18.0.3" }, "\(devices)")
        XCTAssertEqual(silent["class"] as? String ?? "unknown", "unknown", "Dell makes too many kinds of things")
    }
}
