import CensusCore
import XCTest

final class TargetPlanTests: XCTestCase {
    let lab = try! IPv4Network(parsing: "198.18.0.0/17")
    let scanner = IPv4Address(198, 18, 127, 254)

    func net(_ s: String) -> IPv4Network { try! IPv4Network(parsing: s) }

    func testOwnSubnetRangeExpandsToHosts() throws {
        let plan = try TargetPlan(ranges: [net("198.18.0.0/24")], interfaceSubnets: [lab], ownAddresses: [scanner])
        XCTAssertEqual(plan.targets.count, 254)
        XCTAssertEqual(plan.targets.first?.description, "198.18.0.1")
        XCTAssertEqual(plan.targets.last?.description, "198.18.0.254")
    }

    func testWholeSubnetSkipsOwnAddressNetworkAndBroadcast() throws {
        let plan = try TargetPlan(ranges: [lab], interfaceSubnets: [lab], ownAddresses: [scanner])
        XCTAssertEqual(plan.targets.count, 32_766 - 1)
        XCTAssertFalse(plan.targets.contains(scanner))
    }

    func testExclusionsAndOverlapsCountOnce() throws {
        let plan = try TargetPlan(
            ranges: [net("198.18.0.0/24"), net("198.18.0.128/25")], excluding: [net("198.18.0.0/28"), net("198.18.0.200")],
            interfaceSubnets: [lab])
        XCTAssertEqual(plan.targets.count, 254 - 15 - 1)
        XCTAssertFalse(plan.targets.contains(IPv4Address(198, 18, 0, 5)))
        XCTAssertFalse(plan.targets.contains(IPv4Address(198, 18, 0, 200)))
        XCTAssertEqual(Set(plan.targets).count, plan.targets.count)
    }

    /// An --exclude (or the scanner's own address) covering the whole range leaves nothing to
    /// ask: an error, not an empty scan stored as if the site had no devices.
    func testARangeWhollyExcludedIsRefused() throws {
        XCTAssertThrowsError(try TargetPlan(ranges: [net("198.18.0.0/28")], excluding: [net("198.18.0.0/24")], interfaceSubnets: [lab])) { error in
            XCTAssertEqual(error as? TargetPlanError, .nothingLeft([self.net("198.18.0.0/28")]))
            XCTAssertTrue("\(error)".contains("nothing to scan"), "\(error)")
        }
        XCTAssertThrowsError(try TargetPlan(ranges: [net("198.18.127.254")], interfaceSubnets: [lab], ownAddresses: [scanner]))
    }

    func testRefusesRangeOutsideInterfaceSubnetsUnlessForced() throws {
        XCTAssertThrowsError(try TargetPlan(ranges: [net("10.1.0.0/24")], interfaceSubnets: [lab])) { error in
            guard case .outsideInterfaceSubnets = error as? TargetPlanError else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("--force"))
        }
        XCTAssertEqual(try TargetPlan(ranges: [net("10.1.0.0/24")], interfaceSubnets: [lab], force: true).targets.count, 254)
    }

    func testRefusesPublicRangesEvenWhenForced() throws {
        XCTAssertThrowsError(try TargetPlan(ranges: [net("8.8.8.0/24")], interfaceSubnets: [net("8.8.8.0/24")], force: true)) { error in
            guard case .publicRange = error as? TargetPlanError else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("--allow-public"))
        }
        XCTAssertNoThrow(try TargetPlan(ranges: [net("8.8.8.0/24")], interfaceSubnets: [net("8.8.8.0/24")], allowPublic: true))
    }

    func testPartlyPublicRangeIsPublic() {
        XCTAssertNotNil(AddressSpace.firstPublicBlock(in: net("0.0.0.0/0")))
        XCTAssertNotNil(AddressSpace.firstPublicBlock(in: net("192.168.0.0/15")))  // 192.169.0.0/16 is public
        XCTAssertNil(AddressSpace.firstPublicBlock(in: net("192.168.4.0/22")))
        XCTAssertNil(AddressSpace.firstPublicBlock(in: net("198.18.0.0/15")))
        XCTAssertTrue(AddressSpace.isPrivate(net("10.20.0.0/16")))
    }

    func testRefusesHugeAndEmptyPlans() {
        XCTAssertThrowsError(try TargetPlan(ranges: [net("10.0.0.0/8")], interfaceSubnets: [net("10.0.0.0/8")])) { error in
            XCTAssertEqual(error as? TargetPlanError, .tooLarge(1 << 24))
        }
        XCTAssertThrowsError(try TargetPlan(ranges: [], interfaceSubnets: [lab])) { error in
            XCTAssertEqual(error as? TargetPlanError, .noRanges)
        }
    }

    /// A range given many times (a script's loop, a pasted list) counts once.
    func testRepeatedAndNestedRangesCountOnce() throws {
        let plan = try TargetPlan(ranges: Array(repeating: net("198.18.0.0/24"), count: 1000), interfaceSubnets: [lab])
        XCTAssertEqual(plan.targets.count, 254)
        XCTAssertEqual(plan.ranges, [net("198.18.0.0/24")])
        let nested = try TargetPlan(ranges: [net("198.18.1.0/25"), net("198.18.0.0/23"), net("198.18.1.0/25")], interfaceSubnets: [lab])
        XCTAssertEqual(nested.ranges, [net("198.18.0.0/23")])
        XCTAssertEqual(nested.targets.count, 510)
    }

    /// Multicast, reserved, "this network", loopback and the limited broadcast are never
    /// scanned, whatever the flags: ARP to them is meaningless or harmful.
    func testMulticastAndReservedRangesAreRefusedEvenWhenForced() {
        let cases = [("224.0.0.0/24", "multicast"), ("239.255.255.0/24", "multicast"), ("240.0.0.0/24", "reserved"),
                     ("0.0.0.0/24", "this network"), ("127.0.0.0/24", "loopback"), ("255.255.255.255/32", "broadcast"),
                     ("192.0.0.0/2", "multicast")]
        for (range, word) in cases {
            XCTAssertThrowsError(try TargetPlan(ranges: [net(range)], interfaceSubnets: [net(range)], force: true, allowPublic: true), range) { error in
                XCTAssertTrue("\(error)".contains("refusing to scan \(range)"), "\(error)")
                XCTAssertTrue("\(error)".contains(word), "\(error)")
                XCTAssertFalse("\(error)".contains("--force"), "no flag allows it: \(error)")
            }
        }
        XCTAssertNoThrow(try TargetPlan(ranges: [net("223.255.255.0/24")], interfaceSubnets: [lab], force: true, allowPublic: true))
    }

    func testObservationSetReportsConflicts() {
        var set = ObservationSet()
        let t = Date()
        let ip = IPv4Address(198, 18, 0, 10)
        set.record(HostObservation(ip: ip, mac: MACAddress(1), seenBy: [.arpSweep], firstSeen: t))
        set.record(HostObservation(ip: ip, mac: MACAddress(1), seenBy: [.passive], firstSeen: t.addingTimeInterval(5)))
        set.record(HostObservation(ip: ip, mac: MACAddress(2), seenBy: [.arpSweep], firstSeen: t))
        set.record(HostObservation(ip: IPv4Address(198, 18, 0, 11), mac: MACAddress(3), seenBy: [.arpSweep], firstSeen: t))
        XCTAssertEqual(set.count, 3)
        XCTAssertEqual(set.conflicts, [AddressConflict(ip: ip, macs: [MACAddress(1), MACAddress(2)])])
        let merged = set.observations.first { $0.mac == MACAddress(1) }!
        XCTAssertEqual(merged.seenBy, [.arpSweep, .passive])
        XCTAssertEqual(merged.lastSeen, t.addingTimeInterval(5))
    }
}
