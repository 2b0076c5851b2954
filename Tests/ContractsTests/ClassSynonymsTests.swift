import CensusCore
import Contracts
import XCTest

final class ClassSynonymsTests: XCTestCase {
    let classes = ClassSynonyms()

    func testEveryCensusClassNameMapsToItself() {
        for deviceClass in DeviceClass.allCases {
            XCTAssertEqual(classes.match(deviceClass.rawValue), ClassMatch(deviceClass), deviceClass.rawValue)
        }
    }

    func testPSASynonyms() {
        let expected: [String: DeviceClass] = [
            "Server - Physical": .server, "Network Switch": .switch, "Multifunction Printer": .printer, "MFP": .printer,
            "Firewall/UTM": .firewall, "Wireless Access Point": .wirelessAP, "WAP": .wirelessAP, "NAS": .storage,
            "SAN": .storage, "UPS": .ups, "Desktop": .workstation, "Laptop": .workstation, "Hypervisor Host": .hypervisor,
            "ESXi Host": .hypervisor, "IP Phone": .phone, "CCTV Camera": .camera, "Router": .router,
            "  network   SWITCH ": .switch, "Wireless LAN Controller": .wirelessController, "iDRAC": .bmc, "NVR": .nvr,
            "Rack PDU": .pdu, "Managed Workstation": .workstation,
        ]
        for (text, deviceClass) in expected {
            XCTAssertEqual(classes.match(text), ClassMatch(deviceClass), text)
        }
    }

    func testVirtualServersAreServersThatAreVirtual() {
        XCTAssertEqual(classes.match("Server - Virtual"), ClassMatch(.server, virtual: true))
        XCTAssertEqual(classes.match("VM"), ClassMatch(.server, virtual: true))
        XCTAssertEqual(classes.match("Virtual Machine"), ClassMatch(.server, virtual: true))
        XCTAssertEqual(classes.match("Server - Physical"), ClassMatch(.server, virtual: false))
    }

    func testLongestWordsInsideTheText() {
        XCTAssertEqual(classes.match("Dell PowerEdge Server"), ClassMatch(.server))
        XCTAssertEqual(classes.match("HP LaserJet Printer"), ClassMatch(.printer))
        XCTAssertEqual(classes.match("Primary ESXi Host (cluster A)"), ClassMatch(.hypervisor))
        XCTAssertEqual(classes.match("Virtual Firewall"), ClassMatch(.firewall, virtual: true))
        XCTAssertEqual(classes.match("Dell VM Host"), ClassMatch(.hypervisor), "the VM of 'VM host' is not a virtual flag")
    }

    func testPluralCategoryNames() {
        XCTAssertEqual(classes.match("Servers"), ClassMatch(.server))
        XCTAssertEqual(classes.match("Network Switches"), ClassMatch(.switch))
        XCTAssertEqual(classes.match("Printers"), ClassMatch(.printer))
        XCTAssertEqual(classes.match("Workstations"), ClassMatch(.workstation))
        XCTAssertEqual(classes.match("UPS"), ClassMatch(.ups), "ups is no plural")
    }

    func testNoMatchOrAmbiguousGivesNil() {
        XCTAssertNil(classes.match("Door Entry Panel"))
        XCTAssertNil(classes.match("Smart Fridge"))
        XCTAssertNil(classes.match("Switch/Router"))
        XCTAssertNil(classes.match(""))
        XCTAssertNil(classes.match(" - "))
    }

    func testUserSynonymsComeFirst() {
        let custom = ClassSynonyms(extra: ["Thin Client": ClassMatch(.appliance), "Door Entry Panel": ClassMatch(.iot)])
        XCTAssertEqual(custom.match("thin client"), ClassMatch(.appliance))
        XCTAssertEqual(custom.match("Door Entry Panel"), ClassMatch(.iot))
        XCTAssertEqual(classes.match("Thin Client"), ClassMatch(.workstation))
    }
}
