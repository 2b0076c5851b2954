import CensusCore
@testable import Fingerprinting
import SNMPModel
import XCTest

/// The role a device says it plays on the wire — LLDP's enabled system capabilities and
/// IP-MIB's forwarding flag — names its class where no rule does, read from a recording as a
/// collection would gather it.
final class DeviceRoleEvidenceTests: XCTestCase {
    /// A device of a maker no rule knows, saying nothing but its LLDP capabilities and forwarding flag.
    func recording(capabilities hex: String?, forwarding: Int? = nil, ethernetPorts: Int = 2) -> String {
        var lines = ["1.3.6.1.2.1.1.1.0|4|Box OS 3.1", "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.1.2"]
        for port in stride(from: 1, through: ethernetPorts, by: 1) { lines.append("1.3.6.1.2.1.2.2.1.3.\(port)|2|6") }
        if let forwarding { lines.append("1.3.6.1.2.1.4.1.0|2|\(forwarding)") }
        if let hex { lines.append("1.0.8802.1.1.2.1.3.6.0|4x|\(hex)") }
        return lines.sorted { OID(parsing: String($0.split(separator: "|")[0]))! < OID(parsing: String($1.split(separator: "|")[0]))! }.joined(separator: "\n")
    }

    func cls(_ text: String) throws -> DeviceClass { try BuiltInCatalog.identify(text).class }

    func testLLDPCapabilitiesNameTheRole() throws {
        XCTAssertEqual(try cls(recording(capabilities: "20")), .switch, "bridge only")
        XCTAssertEqual(try cls(recording(capabilities: "08")), .router, "router only")
        XCTAssertEqual(try cls(recording(capabilities: "10")), .wirelessAP, "WLAN access point")
        XCTAssertEqual(try cls(recording(capabilities: "24")), .phone, "telephone with a bridge (its PC port)")
        XCTAssertEqual(try cls(recording(capabilities: "0000")), .unknown, "no capability enabled says nothing")
        XCTAssertEqual(try cls(recording(capabilities: nil)), .unknown, "no LLDP, no class")
    }

    func testABridgeThatRoutesIsTellApartByItsPorts() throws {
        XCTAssertEqual(try cls(recording(capabilities: "28", ethernetPorts: 24)), .switch, "a layer-3 switch")
        XCTAssertEqual(try cls(recording(capabilities: "28", forwarding: 1, ethernetPorts: 3)), .router, "a router with a few switch ports")
        XCTAssertEqual(try cls(recording(capabilities: "28", ethernetPorts: 3)), .unknown, "without forwarding, too weak to name")
        // With no interfaces at all (a neighbour known only from another device's LLDP row), both
        // enabled most often make a layer-3 switch.
        XCTAssertEqual(try cls(recording(capabilities: "28", ethernetPorts: 0)), .switch, "a neighbour's bridge and router")
        XCTAssertEqual(try cls(recording(capabilities: "08", ethernetPorts: 0)), .router, "a neighbour's router alone")
    }

    func testForwardingAloneNamesNothing() throws {
        XCTAssertEqual(try cls(recording(capabilities: nil, forwarding: 1)), .unknown)
    }

    func testCapabilityBitsAreReadHighBitFirst() {
        var evidence = Evidence()
        evidence.values[MIB.lldpLocSysCapEnabled] = .octets([0x28, 0x00])
        XCTAssertEqual(ClassEvidence.lldpCapabilities(evidence), [.bridge, .router])
        evidence.values[MIB.lldpLocSysCapEnabled] = .integer(40)
        XCTAssertEqual(ClassEvidence.lldpCapabilities(evidence), [], "a wrongly typed value is no evidence")
    }

    /// sysServices' network layer alone names a router, but not for a host that claims the
    /// application layer too (Windows says 76), and not against a maker whose products are nearly
    /// all one class (Kemp's load balancers, Palo Alto's firewalls), nor on a computer's operating
    /// system: one hint is the weakest class.
    func testTheNetworkLayerAloneGivesWayToTheMakersClass() throws {
        func services(_ value: Int, objectID: String = "1.3.6.1.4.1.99999.1.2", descr: String = "Box OS 3.1") throws -> DeviceClass {
            try cls("1.3.6.1.2.1.1.1.0|4|\(descr)\n1.3.6.1.2.1.1.2.0|6|\(objectID)\n1.3.6.1.2.1.1.7.0|2|\(value)")
        }
        XCTAssertEqual(try services(4), .router, "layer 3 only")
        XCTAssertEqual(try services(76), .unknown, "layers 3, 4 and 7: a host's")
        XCTAssertEqual(try services(4, objectID: "1.3.6.1.4.1.12196.250.10", descr: "Linux KEMP 4.14.137 x86_64"), .appliance,
                       "Kemp's (enterprise 12196, registered to one4net) are appliances")
        XCTAssertEqual(try services(4, objectID: "1.3.6.1.4.1.311",
                                    descr: "Hardware: Intel64 Family 6 Model 26 Stepping 4 AT/AT COMPATIBLE - Software: Windows Version 6.1 (Build 7601 Multiprocessor Free)"),
                       .unknown, "a Windows host claiming the network layer alone is no router")
    }
}
