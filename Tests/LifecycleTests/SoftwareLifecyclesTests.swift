import CensusCore
import Foundation
@testable import Lifecycle
import XCTest

final class SoftwareLifecyclesTests: XCTestCase {
    func testTheShippedSnapshotIsTheSharedDataOfTheMappedProducts() throws {
        let builtIn = try SoftwareLifecycles.builtIn()
        let shared = try SharedData.lifecycles()
        XCTAssertEqual(builtIn.products.keys.sorted(), [
            "cisco-ios-xe", "debian", "fortios", "macos", "netapp-ontap", "pan-os", "proxmox-ve", "rhel", "ubuntu",
            "vmware-esxi", "windows", "windows-server",
        ])
        for (name, product) in builtIn.products {
            XCTAssertEqual(product.cycles, shared[name]?.cycles, name)
            XCTAssertEqual(product.origin, .snapshot(day("2026-11-30")))
            XCTAssertTrue(SoftwareMapping.endOfLifeDateProducts.contains(name), "\(name) is shipped but not mapped")
        }
        XCTAssertEqual(builtIn["fortios"]?.origin.description, "endoflife.date snapshot 2026-11-30")
    }

    func testImportedDataReplacesOnlyItsProduct() throws {
        let newer = [SoftwareCycle(cycle: "7.2", eol: .on(day("2027-03-31")))]
        let library = try SoftwareLifecycles.builtIn(imported: ["fortios": (cycles: newer, fetchedAt: day("2026-11-20"))])
        XCTAssertEqual(library["fortios"]?.cycles, newer)
        XCTAssertEqual(library["fortios"]?.origin.description, "imported 2026-11-20")
        XCTAssertEqual(library["pan-os"]?.origin, .snapshot(day("2026-11-30")))
    }

    func testCycleNamesMatchWithoutRegardToCase() throws {
        let windowsServer = try XCTUnwrap(SoftwareLifecycles.builtIn()["windows-server"])
        XCTAssertEqual(windowsServer.cycle(named: "2012-R2")?.cycle, "2012-r2")
        XCTAssertNil(windowsServer.cycle(named: "2012 R2"))
    }
}
