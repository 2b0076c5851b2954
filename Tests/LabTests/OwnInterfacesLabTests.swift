import Foundation
import XCTest

/// A firewall whose ARP cache lists its own interfaces at its other addresses (SonicWall and
/// FortiGate do) is one device, not one per interface — in the scan that read its interface
/// table and in the next one — and it is shown at the address it answered at.
final class OwnInterfacesLabTests: XCTestCase {
    static let name = "cown"
    static let hosts = 6
    static let directory = FileManager.default.temporaryDirectory.appendingPathComponent("census-own-\(UUID().uuidString)")

    /// The lab's hosts in order: h1 is the firewall; h2 and h3 are its other interfaces.
    nonisolated(unsafe) static var lab: [(ip: String, mac: String)] = []

    override class func setUp() {
        super.setUp()
        do {
            try Lab.up(name, hosts: hosts)
            lab = try Lab.hosts(name).map { line in
                let parts = line.split(separator: " ").map(String.init)
                return (parts[0], parts[1])
            }.sorted { $0.ip.split(separator: ".").map { Int($0)! }.lexicographicallyPrecedes($1.ip.split(separator: ".").map { Int($0)! }) }
            Lab.down(name)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let recording = directory.appendingPathComponent("firewall.snmprec")
            try firewallRecording().write(to: recording, atomically: true, encoding: .utf8)
            try Lab.up(name, hosts: hosts, extra: ["--snmp", "1=\(recording.path)"])
        } catch { XCTFail("lab up failed: \(error)") }
    }

    override class func tearDown() {
        Lab.down(name)
        try? FileManager.default.removeItem(at: directory)
        super.tearDown()
    }

    /// A SonicWall-like agent: three interfaces (the lab's h1, h2, h3 MACs), and an ARP cache
    /// naming its own interfaces (h2, h3, and h1's MAC at a far address) and one real neighbour (h4).
    static func firewallRecording() -> String {
        func hex(_ mac: String) -> String { mac.replacingOccurrences(of: ":", with: "") }
        var lines: [(String, String)] = [
            ("1.3.6.1.2.1.1.1.0", "4|SonicWALL TZ 370 (SonicOS Enhanced 7.0.1-5145)"),
            ("1.3.6.1.2.1.1.2.0", "6|1.3.6.1.4.1.8741.1"),
            ("1.3.6.1.2.1.1.5.0", "4|lab-firewall"),
            ("1.3.6.1.2.1.1.7.0", "2|72"),
        ]
        for i in 0..<3 {
            lines.append(("1.3.6.1.2.1.2.2.1.1.\(i + 1)", "2|\(i + 1)"))
            lines.append(("1.3.6.1.2.1.2.2.1.2.\(i + 1)", "4|X\(i)"))
            lines.append(("1.3.6.1.2.1.2.2.1.6.\(i + 1)", "4x|\(hex(lab[i].mac))"))
        }
        for (ifIndex, ip, mac) in [(2, lab[1].ip, lab[1].mac), (3, lab[2].ip, lab[2].mac), (1, "10.246.2.124", lab[0].mac), (1, lab[3].ip, lab[3].mac)] {
            lines.append(("1.3.6.1.2.1.4.22.1.2.\(ifIndex).\(ip)", "4x|\(hex(mac))"))
        }
        func key(_ oid: String) -> [Int] { oid.split(separator: ".").map { Int($0)! } }
        return lines.sorted { key($0.0).lexicographicallyPrecedes(key($1.0)) }.map { "\($0.0)|\($0.1)" }.joined(separator: "\n") + "\n"
    }

    func testTheFirewallsOwnInterfacesAreOneDeviceAcrossTwoScans() throws {
        let db = Lab.temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: db) }
        for round in 1...2 {
            let scan = try Lab.census(Self.name, ["scan", "-i", "lan1", "--range", "198.18.0.0/28", "--client", "acme", "--site", "hq",
                                                  "--db", db, "--snmp-timeout", "300", "--snmp-retries", "1", "--format", "json"])
            XCTAssertEqual(scan.status, 0, scan.stderr)
            XCTAssertFalse(scan.stderr.contains("is claimed by devices"), "round \(round): \(scan.stderr)")
        }
        let list = try Lab.run([Lab.census, "devices", "--client", "acme", "--db", db, "--format", "json"])
        XCTAssertEqual(list.status, 0, list.stderr)
        let devices = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(devices.count, Self.hosts - 2, "h2 and h3 are the firewall's own interfaces: \(devices.map { $0["ip"] ?? "-" })")
        let firewall = try XCTUnwrap(devices.first { $0["sys_name"] as? String == "lab-firewall" })
        XCTAssertEqual(firewall["ip"] as? String, Self.lab[0].ip, "shown where it answered, not at a far interface")
        XCTAssertEqual(Set(firewall["addresses"] as? [String] ?? []), Set([Self.lab[0].ip, Self.lab[1].ip, Self.lab[2].ip, "10.246.2.124"]))
        XCTAssertEqual(Set(firewall["macs"] as? [String] ?? []), Set(Self.lab[0...2].map(\.mac)))
        XCTAssertEqual(firewall["class"] as? String, "firewall")
        XCTAssertEqual((firewall["scans"] as? [Any])?.count, 2)
        // The real neighbour in its ARP cache stays a device of its own.
        XCTAssertTrue(devices.contains { $0["ip"] as? String == Self.lab[3].ip })
        XCTAssertFalse(devices.contains { $0["ip"] as? String == "10.246.2.124" })
    }
}
