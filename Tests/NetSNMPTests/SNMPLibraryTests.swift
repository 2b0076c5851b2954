import CensusCore
import Foundation
import NetSNMP
import XCTest

final class SNMPLibraryTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let persistent = FileManager.default.temporaryDirectory.appendingPathComponent("census-snmp-\(UUID().uuidString)/persist").path

    /// Every test in this process shares one net-snmp set-up: the project's own mibs/.
    @discardableResult
    func initialise() throws -> SNMPLibrary.Configuration {
        try SNMPLibrary.initialise(.init(persistentDirectory: Self.persistent,
                                         mibDirectories: [Self.repository.appendingPathComponent("mibs").path]))
    }

    func testInitialisesWithItsOwnDirectories() throws {
        let config = try initialise()
        XCTAssertTrue(SNMPLibrary.isInitialised)
        XCTAssertEqual(config.persistentDirectory, Self.persistent)
        var isDirectory: ObjCBool = false
        XCTAssertTrue(FileManager.default.fileExists(atPath: Self.persistent, isDirectory: &isDirectory) && isDirectory.boolValue)
        let mode = try FileManager.default.attributesOfItem(atPath: Self.persistent)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o700, "net-snmp's persistent state is private")
        // A second initialisation keeps the first configuration.
        let again = try SNMPLibrary.initialise(.init(persistentDirectory: "/tmp/other"))
        XCTAssertEqual(again.persistentDirectory, Self.persistent)
        XCTAssertTrue(SNMPLibrary.version.hasPrefix("5."), SNMPLibrary.version)
    }

    func testDebugTokensThatDumpPacketsAreRefused() {
        let (kept, refused) = SNMPLibrary.debugTokens("usm, snmp_api,all,dumpx_send,DUMPV,du,d,,-dumph,sess_read")
        XCTAssertEqual(kept, ["usm", "snmp_api", "-dumph", "sess_read"])
        XCTAssertEqual(refused, ["all", "dumpx_send", "DUMPV", "du", "d"])
    }

    /// The project's mibs/ give the objects Census reads their standard names, with nothing
    /// but mibs/ on net-snmp's search path.
    func testProjectMIBsNameTheObjectsCensusReads() throws {
        try initialise()
        let expected: [(OID, String)] = [
            ("1.3.6.1.2.1.1.1.0", "SNMPv2-MIB::sysDescr.0"),
            ("1.3.6.1.2.1.1.2.0", "SNMPv2-MIB::sysObjectID.0"),
            ("1.3.6.1.2.1.47.1.1.1.1.11.1", "ENTITY-MIB::entPhysicalSerialNum.1"),
            ("1.3.6.1.2.1.47.1.1.1.1.13.1001", "ENTITY-MIB::entPhysicalModelName.1001"),
            ("1.3.6.1.2.1.2.2.1.6.3", "IF-MIB::ifPhysAddress.3"),
            ("1.3.6.1.2.1.31.1.1.1.1.3", "IF-MIB::ifName.3"),
            ("1.3.6.1.2.1.4.22.1.2.5.198.18.0.7", "IP-MIB::ipNetToMediaPhysAddress.5.198.18.0.7"),
            ("1.0.8802.1.1.2.1.4.1.1.9.0.3.1", "LLDP-MIB::lldpRemSysName.0.3.1"),
            ("1.3.6.1.2.1.25.2.2.0", "HOST-RESOURCES-MIB::hrMemorySize.0"),
            ("1.3.6.1.2.1.43.10.2.1.4.1.1", "Printer-MIB::prtMarkerLifeCount.1.1"),
            ("1.3.6.1.2.1.33.1.2.4.0", "UPS-MIB::upsEstimatedChargeRemaining.0"),
            ("1.0.8802.1.1.2.1.5.4795.1.2.7.0", "LLDP-EXT-MED-MIB::lldpXMedLocModelName.0"),
            ("1.2.840.10036.1.1.1.1.5", "IEEE802dot11-MIB::dot11StationID.5"),
            ("1.3.6.1.4.1.8072.3.2.10", "NET-SNMP-TC::linux"),
            ("1.3.6.1.4.1.9.1.563", "CISCO-SMI::ciscoProducts.563"),
        ]
        for (oid, name) in expected {
            XCTAssertEqual(SNMPLibrary.name(of: oid), name)
            XCTAssertEqual(SNMPLibrary.oid(named: name), oid, "a saved walk's name reads back: \(name)")
        }
        // net-snmp renders a MacAddress index its own way; the column is what matters.
        XCTAssertTrue(SNMPLibrary.name(of: "1.3.6.1.2.1.17.7.1.2.2.1.2.1.0.27.33.1.2.3").hasPrefix("Q-BRIDGE-MIB::dot1qTpFdbPort.1."))
    }
}
