import Foundation
import XCTest

/// Two phones and two access points that do not answer SNMP, scanned in the namespace lab: the
/// switch that does answer lists three in its LLDP table (by chassis MAC, by port MAC, by the
/// management address a phone announces with its LLDP-MED inventory) and, being also a wireless
/// controller (an Airespace sysObjectID), the fourth in Cisco's access-point table (by its
/// Ethernet MAC); the scan
/// names all four from those rows, and the client's stored devices keep what was named.
final class NeighbourLabTests: XCTestCase {
    static let name = "cnbr"
    static let directory = FileManager.default.temporaryDirectory.appendingPathComponent("census-neighbour-\(UUID().uuidString)")
    /// The lab's MACs for hosts 2 and 3 of site 1 (tools/lab/census-lab host_mac).
    static let apMAC = "3c:d9:2b:01:00:02", phoneMAC = "00:14:22:01:00:03", medPhoneMAC = "24:5a:4c:01:00:04",
                      linuxAPMAC = "c0:56:e3:01:00:05", managedAPMAC = "00:80:77:01:00:06"

    override class func setUp() {
        super.setUp()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let recording = directory.appendingPathComponent("switch.snmprec")
            // snmpsim serves a recording walked in order: its lines are in OID order.
            try """
            1.0.8802.1.1.2.1.4.1.1.4.0.3.1|2|4
            1.0.8802.1.1.2.1.4.1.1.4.0.4.1|2|7
            1.0.8802.1.1.2.1.4.1.1.4.0.5.1|2|4
            1.0.8802.1.1.2.1.4.1.1.4.0.7.1|2|7
            1.0.8802.1.1.2.1.4.1.1.5.0.3.1|4x|\(phoneMAC.replacingOccurrences(of: ":", with: ""))
            1.0.8802.1.1.2.1.4.1.1.5.0.4.1|4|desk-4
            1.0.8802.1.1.2.1.4.1.1.5.0.5.1|4x|\(linuxAPMAC.replacingOccurrences(of: ":", with: ""))
            1.0.8802.1.1.2.1.4.1.1.5.0.7.1|4|ap-lobby
            1.0.8802.1.1.2.1.4.1.1.6.0.7.1|2|3
            1.0.8802.1.1.2.1.4.1.1.7.0.7.1|4x|\(apMAC.replacingOccurrences(of: ":", with: ""))
            1.0.8802.1.1.2.1.4.1.1.9.0.3.1|4|reception-phone
            1.0.8802.1.1.2.1.4.1.1.10.0.3.1|4|Yealink SIP-T46S 66.86.0.15
            1.0.8802.1.1.2.1.4.1.1.10.0.5.1|4|UAP-AC-Pro-Gen2 6.5.28.14491
            1.0.8802.1.1.2.1.4.1.1.10.0.7.1|4|ArubaOS (MODEL: 515), Version 8.10.0.2 SSR
            1.0.8802.1.1.2.1.4.1.1.12.0.3.1|4x|2400
            1.0.8802.1.1.2.1.4.1.1.12.0.4.1|4x|0400
            1.0.8802.1.1.2.1.4.1.1.12.0.5.1|4x|1000
            1.0.8802.1.1.2.1.4.2.1.3.0.4.1.1.4.198.18.0.4|2|2
            1.0.8802.1.1.2.1.5.4795.1.3.3.1.3.0.4.1|4|8.1.3.1301
            1.0.8802.1.1.2.1.5.4795.1.3.3.1.4.0.4.1|4|64167F0D0004
            1.0.8802.1.1.2.1.5.4795.1.3.3.1.5.0.4.1|4|Poly
            1.0.8802.1.1.2.1.5.4795.1.3.3.1.6.0.4.1|4|CCX 500
            1.3.6.1.2.1.1.1.0|4|Acme Switch 24
            1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.14179.1.1.4.3
            1.3.6.1.2.1.1.5.0|4|core-sw
            1.3.6.1.4.1.14179.2.2.1.1.3.0.58.152.176.46.112|4|ap-store
            1.3.6.1.4.1.14179.2.2.1.1.8.0.58.152.176.46.112|4|8.10.185.0
            1.3.6.1.4.1.14179.2.2.1.1.16.0.58.152.176.46.112|4|AIR-CAP3702I-E-K9
            1.3.6.1.4.1.14179.2.2.1.1.17.0.58.152.176.46.112|4|FCW1424U0HZ
            1.3.6.1.4.1.14179.2.2.1.1.19.0.58.152.176.46.112|64x|c6120006
            1.3.6.1.4.1.14179.2.2.1.1.33.0.58.152.176.46.112|4x|\(managedAPMAC.replacingOccurrences(of: ":", with: ""))

            """.write(to: recording, atomically: true, encoding: .utf8)
            // Host 5 answers SNMP, but only as a generic Linux agent would.
            let linux = directory.appendingPathComponent("linux-ap.snmprec")
            try """
            1.3.6.1.2.1.1.1.0|4|Linux ap-lobby 4.4.60 #1 SMP Mon Jan 1 00:00:00 UTC 2024 x86_64
            1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10
            1.3.6.1.2.1.1.5.0|4|ap-lobby
            1.3.6.1.2.1.25.1.1.0|67|12345

            """.write(to: linux, atomically: true, encoding: .utf8)
            try Lab.up(name, hosts: 6, extra: ["--snmp", "1=\(recording.path)", "--snmp", "5=\(linux.path)"])
        } catch { XCTFail("lab up failed: \(error)") }
    }

    override class func tearDown() {
        Lab.down(name)
        try? FileManager.default.removeItem(at: directory)
        super.tearDown()
    }

    func testDevicesAreNamedFromWhatTheSwitchsLLDPTableSaysOfThem() throws {
        XCTAssertTrue(try Lab.hosts(Self.name).isSuperset(of: ["198.18.0.2 \(Self.apMAC)", "198.18.0.3 \(Self.phoneMAC)", "198.18.0.4 \(Self.medPhoneMAC)",
                                                                "198.18.0.5 \(Self.linuxAPMAC)", "198.18.0.6 \(Self.managedAPMAC)"]),
                      "the recording names the lab's MACs")
        let db = Lab.temporaryDatabase()
        let scan = try Lab.census(Self.name, ["scan", "-i", "lan1", "--range", "198.18.0.0/29", "--client", "acme", "--site", "hq",
                                              "--db", db, "--snmp-timeout", "300", "--snmp-retries", "1", "--format", "json"])
        XCTAssertEqual(scan.status, 0, scan.stderr)
        let output = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(scan.stdout.utf8)) as? [String: Any], scan.stdout)
        let byIP = Dictionary(uniqueKeysWithValues: try XCTUnwrap(output["devices"] as? [[String: Any]]).map { ($0["ip"] as! String, $0) })
        let phone = try XCTUnwrap(byIP["198.18.0.3"])
        XCTAssertEqual(phone["class"] as? String, "phone")
        XCTAssertEqual(phone["vendor"] as? String, "Yealink")
        XCTAssertEqual(phone["model"] as? String, "SIP-T46S")
        XCTAssertEqual((phone["match"] as? [[String: Any]])?.first?["rule"] as? String, "lldp-neighbour 198.18.0.1 port 3",
                       "the scan says where the phone was named from")
        let ap = try XCTUnwrap(byIP["198.18.0.2"])
        XCTAssertEqual(ap["class"] as? String, "wireless-ap")
        XCTAssertEqual(ap["model"] as? String, "AP-515")
        // Known to the switch only by the address it announces; its LLDP-MED inventory gives the
        // model and the serial a contract line is matched on.
        let medPhone = try XCTUnwrap(byIP["198.18.0.4"])
        XCTAssertEqual(medPhone["class"] as? String, "phone")
        XCTAssertEqual(medPhone["model"] as? String, "CCX 500")
        XCTAssertEqual(medPhone["serial"] as? String, "64167F0D0004")
        XCTAssertEqual((medPhone["match"] as? [[String: Any]])?.first?["rule"] as? String, "lldp-neighbour 198.18.0.1 port 4")
        // Answers SNMP like any Linux server; what it announces on the wire says what it is.
        let linuxAP = try XCTUnwrap(byIP["198.18.0.5"])
        XCTAssertEqual(linuxAP["class"] as? String, "wireless-ap", "\(linuxAP)")
        XCTAssertEqual(linuxAP["model"] as? String, "UAP-AC-Pro-Gen2")
        XCTAssertEqual(linuxAP["os"] as? String, "Linux", "its own answer stands where it said something")
        XCTAssertEqual((linuxAP["match"] as? [[String: Any]])?.last?["rule"] as? String, "lldp-neighbour 198.18.0.1 port 5")

        // Silent, and known to the switch only as an access point it manages (Cisco's bsnAPTable).
        let managedAP = try XCTUnwrap(byIP["198.18.0.6"])
        XCTAssertEqual(managedAP["class"] as? String, "wireless-ap", "\(managedAP)")
        XCTAssertEqual(managedAP["vendor"] as? String, "Cisco")
        XCTAssertEqual(managedAP["model"] as? String, "AIR-CAP3702I-E-K9")
        XCTAssertEqual(managedAP["serial"] as? String, "FCW1424U0HZ")
        XCTAssertEqual((managedAP["match"] as? [[String: Any]])?.first?["rule"] as? String, "controller-table 198.18.0.1")

        let devices = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(
            Lab.run([Lab.census, "devices", "--client", "acme", "--db", db, "--format", "json"], check: true).stdout.utf8)) as? [[String: Any]])
        let stored = try XCTUnwrap(devices.first { $0["mac"] as? String == Self.phoneMAC }, "\(devices)")
        XCTAssertEqual(stored["class"] as? String, "phone", "\(stored)")
        XCTAssertEqual(stored["vendor"] as? String, "Yealink")
        let storedMED = try XCTUnwrap(devices.first { $0["mac"] as? String == Self.medPhoneMAC }, "\(devices)")
        XCTAssertEqual(storedMED["serial"] as? String, "64167F0D0004", "\(storedMED)")
        let storedAP = try XCTUnwrap(devices.first { $0["mac"] as? String == Self.managedAPMAC }, "\(devices)")
        XCTAssertEqual(storedAP["serial"] as? String, "FCW1424U0HZ", "\(storedAP)")
        XCTAssertEqual(storedAP["class"] as? String, "wireless-ap")

        // `reidentify` names the silent neighbours again from the switch's stored table.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("census-usercat-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
        rules:
          - id: our-desk-phones
            priority: 99
            when: { sysDescr: '^Yealink SIP-T46S ' }
            set: { model: SIP-T46S-Desk }
            examples: [{ sysDescr: 'Yealink SIP-T46S 66.86.0.15', expect: { model: SIP-T46S-Desk } }]
        """.write(to: dir.appendingPathComponent("ours.yaml"), atomically: true, encoding: .utf8)
        let again = try Lab.run([Lab.census, "reidentify", "--db", db, "--catalog", dir.path, "--format", "json"])
        XCTAssertEqual(again.status, 0, again.stderr)
        let changes = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(changes.map { "\($0["ip"] ?? "") \($0["field"] ?? "") \($0["after"] ?? "")" }, ["198.18.0.3 model SIP-T46S-Desk"])
    }
}
