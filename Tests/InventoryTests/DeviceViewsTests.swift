import CensusCore
import DeviceModel
import Foundation
import Inventory
import Synchronization
import XCTest

/// The read model of devices: vendor names from the MAC registry in the catalog's spelling.
final class DeviceViewsTests: XCTestCase {
    func testRegistryVendorsAreCanonicalisedOncePerNameNotOncePerDevice() async throws {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let store = MemoryStore()
        let record = ScanRecord(client: "acme", site: "hq", interface: "lan1", ranges: [try IPv4Network(parsing: "198.18.0.0/24")], startedAt: t0)
        let id = try store.beginScan(record)
        // Forty hosts, two registry names between them.
        let hosts = (1...40).map { i in
            var host = HostObservation(ip: IPv4Address(198, 18, 0, UInt8(i)), mac: MACAddress(0x001b_2100_0000 + UInt64(i)), seenBy: [.arpSweep], firstSeen: t0)
            host.vendor = i % 2 == 0 ? "Cisco Systems, Inc" : "Intel Corporate"
            return host
        }
        try store.record(hosts, conflicts: [], scanId: id)
        try await DeviceFiler().file(.init(scanId: id, site: "hq", hosts: hosts, answers: [], identifications: [:]), client: "acme", in: store)
        let asked = Mutex<[String]>([])
        let views = DeviceViews(canonicalVendor: { name in
            asked.withLock { $0.append(name) }
            return name.hasPrefix("Cisco") ? "Cisco" : "Intel"
        })
        let devices = try await views.snapshots(client: "acme", in: store)
        XCTAssertEqual(devices.count, 40)
        XCTAssertEqual(devices.filter { $0.vendor == "Cisco" }.count, 20)
        XCTAssertEqual(devices.filter { $0.vendor == "Intel" }.count, 20)
        XCTAssertEqual(asked.withLock { $0 }.sorted(), ["Cisco Systems, Inc", "Intel Corporate"], "each name looked up once")
    }
}
