import SNMPModel
import XCTest

/// A maker's section of the standard plan is asked of that maker's devices only.
final class CollectionPlanTests: XCTestCase {
    func testControllersTablesAreAskedOfTheirMakersDevicesOnly() throws {
        let controller = try XCTUnwrap(CollectionPlan.standard.sections.first { $0.name == "controller" })
        XCTAssertTrue(controller.applies(to: "1.3.6.1.4.1.9.1.1069"), "a Cisco wireless controller")
        XCTAssertTrue(controller.applies(to: "1.3.6.1.4.1.14179.1.1.4.3"), "an Airespace one")
        XCTAssertTrue(controller.applies(to: "1.3.6.1.4.1.14823.1.1.40"), "an Aruba controller")
        XCTAssertTrue(controller.applies(to: "1.3.6.1.4.1.29671.1"), "the Meraki dashboard")
        XCTAssertFalse(controller.applies(to: "1.3.6.1.4.1.8072.3.2.10"), "a net-snmp agent")
        XCTAssertFalse(controller.applies(to: "1.3.6.1.2.1.1"), "outside the enterprise arcs")
        XCTAssertFalse(controller.applies(to: nil), "a device that gave no sysObjectID")
        let lldp = try XCTUnwrap(CollectionPlan.standard.sections.first { $0.name == "lldp" })
        XCTAssertTrue(lldp.applies(to: nil), "every device's sections apply to every device")
    }
}
