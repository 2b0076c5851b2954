import CensusCore
@testable import SQLiteStore
import DeviceModel
import Foundation
import XCTest

final class IdentificationStoreTests: XCTestCase {
    func testIdentificationsRoundTripAndAreReplacedNotDuplicated() throws {
        let store = try SQLiteStore.inMemory()
        let scan = try store.beginScan(ScanRecord(interface: "lan1", ranges: [], startedAt: Date()))
        let ip = IPv4Address(198, 18, 0, 3)
        let first = Identification(vendor: "Cisco", model: "WS-C3560G-48TS-E", class: .switch, serial: "FOC1408Z61U", os: "IOS",
                                   version: "12.2(55)SE3", matches: [.init(rule: "cisco-ios", fields: ["os", "version"])])
        try store.recordIdentification(first, ip: ip, scanId: scan)
        XCTAssertEqual(try store.identifications(scanId: scan)[ip], first)
        var second = first
        second.class = .router
        second.matches = [.init(rule: "user-rule", fields: ["class"])]
        try store.recordIdentification(second, ip: ip, scanId: scan)
        XCTAssertEqual(try store.identifications(scanId: scan), [ip: second])
        XCTAssertEqual(try store.rawRows("SELECT count(*) FROM identification"), [["1"]])
    }
}
