import CensusCore
import XCTest

final class LearntHostTests: XCTestCase {
    let router = IPv4Address(198, 18, 0, 1)
    let mac = MACAddress(0x001b_210a_0b0c)

    func testReportsOfOneHostByOneReporterBecomeOneFilledInByTheLaterOnes() {
        let other = MACAddress(0x001b_210a_0b0d)
        let hosts = [
            LearntHost(ip: IPv4Address(198, 18, 0, 9), mac: mac, source: .routerARP, via: router, ifIndex: 3),
            LearntHost(ip: nil, mac: other, source: .switchPort, via: router, port: "Gi0/1"),
            LearntHost(ip: nil, mac: mac, source: .routerARP, via: router, port: "Gi0/2"),
            LearntHost(ip: nil, mac: mac, source: .switchPort, via: router, port: "Gi0/3"),
        ]
        let merged = LearntHost.merged(hosts)
        XCTAssertEqual(merged.count, 3, "same MAC by another source is another report")
        XCTAssertEqual(merged[0], LearntHost(ip: IPv4Address(198, 18, 0, 9), mac: mac, source: .routerARP, via: router, ifIndex: 3, port: "Gi0/2"),
                       "a later report without an address keeps the earlier address and adds its port")
        XCTAssertEqual(merged.map(\.mac), [mac, other, mac], "first-report order")
    }
}
