import CensusCore
import Inventory
import XCTest

final class IdentityResolverTests: XCTestCase {
    let now = Date()
    func mac(_ text: String) -> MACAddress { MACAddress(text)! }
    func sighting(_ ip: String, _ mac: String?, macs: [String] = [], serial: String? = nil, name: String? = nil, model: String? = nil, scan: Int64 = 2) -> Sighting {
        let id = Identification(vendor: serial == nil && model == nil ? nil : "Cisco", model: model, serial: serial)
        return Sighting(scanId: scan, ip: IPv4Address(ip)!, mac: mac.map { MACAddress($0)! }, interfaceMACs: macs.map { MACAddress($0)! },
                        identification: id, sysName: name, seenAt: now)
    }

    func testSameMACAtANewAddressIsTheSameDevice() {
        let known = [KnownDevice(id: 7, keys: [.mac(mac("00:1b:21:0a:0b:0c"))])]
        let (r, conflicts) = IdentityResolver().resolve([sighting("198.18.0.9", "00:1b:21:0a:0b:0c")], known: known)
        XCTAssertEqual(r.first?.target, .existing(7))
        XCTAssertEqual(r.first?.score, 80)
        XCTAssertTrue(r.first?.reason.contains("MAC 00:1b:21:0a:0b:0c") ?? false)
        XCTAssertTrue(conflicts.isEmpty)
    }

    func testSerialOutranksANewNICAndARouterCacheEntryJoinsItsDevice() {
        // The NIC was swapped (new MAC) but the chassis serial is the same.
        let known = [KnownDevice(id: 3, keys: [.serial(vendor: "Cisco", serial: "FOC1"), .mac(mac("00:1b:21:00:00:01"))])]
        let s = sighting("198.18.0.3", "00:1b:21:00:00:99", serial: "FOC1")
        let router = sighting("198.18.0.3", "00:1b:21:00:00:99")   // the same box, seen only in a router's ARP cache
        let (r, _) = IdentityResolver().resolve([router, s], known: known)
        XCTAssertEqual(r.map(\.target), [.existing(3), .existing(3)], "the serial anchors the new MAC, which then carries the ARP entry")
        XCTAssertEqual(r[1].score, 100)
    }

    func testVirtualRouterAndPrivateMACsNeverMergeDevicesAlone() {
        XCTAssertEqual(MACTrust(mac("00:00:5e:00:01:0a")), .ignored, "VRRP")
        XCTAssertEqual(MACTrust(mac("00:00:0c:07:ac:01")), .ignored, "HSRPv1")
        XCTAssertEqual(MACTrust(mac("00:00:0c:9f:f0:01")), .ignored, "HSRPv2")
        XCTAssertEqual(MACTrust(mac("02:42:ac:11:00:02")), .supporting, "locally administered")
        XCTAssertEqual(MACTrust(mac("00:50:56:aa:bb:cc")), .supporting, "VMware guest")
        XCTAssertEqual(MACTrust(mac("00:1b:21:0a:0b:0c")), .identifying)
        // Two routers answering for one VRRP address: the VRRP MAC ties nothing together.
        let (r, _) = IdentityResolver().resolve([
            sighting("198.18.0.1", "00:00:5e:00:01:0a", macs: ["00:1b:21:00:00:01"]),
            sighting("198.18.0.2", "00:00:5e:00:01:0a", macs: ["00:1b:21:00:00:02"]),
        ], known: [])
        XCTAssertEqual(Set(r.map(\.target)).count, 2)
    }

    func testTwoDevicesClaimingOneSerialAreReportedNotMerged() {
        let known = [KnownDevice(id: 1, keys: [.serial(vendor: "Cisco", serial: "FOC1")]),
                     KnownDevice(id: 2, keys: [.mac(mac("00:1b:21:00:00:02"))])]
        let (r, conflicts) = IdentityResolver().resolve([sighting("198.18.0.5", "00:1b:21:00:00:02", serial: "FOC1")], known: known)
        XCTAssertEqual(r.first?.target, .existing(1), "the serial decides")
        XCTAssertEqual(conflicts, [IdentityConflict(key: .mac(mac("00:1b:21:00:00:02")), devices: [1, 2], sighting: IPv4Address("198.18.0.5")!)])
    }

    /// One interface MAC split off by hand to a device of its own: the next sighting of the box,
    /// which lists that MAC among its interfaces, stays with the device its own MAC belongs to
    /// (the split-off MAC sorts first, and once took the whole box with it).
    func testASplitOffInterfaceMACDoesNotTakeTheWholeDevice() {
        let known = [KnownDevice(id: 22, keys: [.mac(mac("c0:56:e3:01:00:05")), .mac(mac("00:a0:98:51:2a:27"))]),
                     KnownDevice(id: 50, keys: [.mac(mac("00:a0:98:51:2a:26"))])]
        let box = sighting("198.18.0.5", "c0:56:e3:01:00:05", macs: ["00:a0:98:51:2a:26", "00:a0:98:51:2a:27"])
        let (r, conflicts) = IdentityResolver().resolve([box], known: known)
        XCTAssertEqual(r.first?.target, .existing(22), "the MAC at its address decides")
        XCTAssertEqual(conflicts.map(\.devices), [[22, 50]])
        // Seen only through its interfaces (no ARP MAC): most of its keys decide.
        let (q, _) = IdentityResolver().resolve([sighting("198.18.0.5", nil, macs: ["00:a0:98:51:2a:26", "00:a0:98:51:2a:27", "c0:56:e3:01:00:05"])],
                                                known: known)
        XCTAssertEqual(q.first?.target, .existing(22))
    }

    /// An agent that lists another host's MAC among its own interfaces (a hypervisor its
    /// guests', a lab's snmpd every host's) is not that host when both answered otherwise: a
    /// switch with its serial stays itself, in the scan that first sees both and in later ones.
    func testAnAgentListingAnotherHostsMACIsNotThatHost() {
        let sw = sighting("198.18.0.3", "00:14:22:01:00:03", macs: ["00:1b:21:00:00:31"], serial: "FOC1408Z61U", name: "core-sw", model: "WS-C3560G-48TS")
        let host = sighting("198.18.0.5", "24:5a:4c:01:00:05", macs: ["24:5a:4c:01:00:05", "00:14:22:01:00:03", "00:14:22:01:00:07"], name: "lab-snmpd")
        let (first, _) = IdentityResolver().resolve([host, sw], known: [])
        XCTAssertNotEqual(first[0].target, first[1].target, "the snmpd host swallowed the switch")
        // Later: the switch is known, the host is not yet; the MAC they share does not join them.
        let known = [KnownDevice(id: 3, keys: Set(first[1].keys))]
        let (later, _) = IdentityResolver().resolve([sw, host], known: known)
        XCTAssertEqual(later[0].target, .existing(3))
        XCTAssertNotEqual(later[1].target, .existing(3))
        // One router answering at two of its addresses is still one device.
        let a = sighting("198.18.0.1", "00:1b:21:00:00:01", macs: ["00:1b:21:00:00:01", "00:1b:21:00:00:02"], name: "edge", model: "ISR4331")
        let b = sighting("198.18.1.1", "00:1b:21:00:00:02", macs: ["00:1b:21:00:00:01", "00:1b:21:00:00:02"], name: "edge", model: "ISR4331")
        let (router, _) = IdentityResolver().resolve([a, b], known: [])
        XCTAssertEqual(router[0].target, router[1].target)
    }

    func testWeakKeysOnlyWhenNothingStrongIsKnown() {
        let known = [KnownDevice(id: 4, keys: [.nameModel(name: "core-sw", model: "WS-C3560")])]
        // A private MAC only, but the same name and model: the known device, with a low score.
        let (r, _) = IdentityResolver().resolve([sighting("198.18.0.4", "02:00:00:00:00:01", name: "core-sw", model: "WS-C3560")], known: known)
        XCTAssertEqual(r.first?.target, .existing(4))
        XCTAssertEqual(r.first?.score, 30)
        // A burnt-in MAC nobody knows is a new device, even with a known name.
        let (r2, _) = IdentityResolver().resolve([sighting("198.18.0.4", "00:1b:21:00:00:04", name: "core-sw", model: "WS-C3560")], known: known)
        XCTAssertEqual(r2.first?.target, .new(0))
    }

    func testAnAddressAtASiteIsTheLastResort() {
        // A device behind a router that shows no MAC, serial or name: known by its address at the site.
        let bare = Sighting(scanId: 3, site: "branch", ip: IPv4Address("10.20.0.5")!, seenAt: now)
        let known = [KnownDevice(id: 9, keys: [.address(site: "branch", ip: IPv4Address("10.20.0.5")!)], lastSeen: now.addingTimeInterval(-86_400))]
        let (r, _) = IdentityResolver().resolve([bare], known: known)
        XCTAssertEqual(r.first?.target, .existing(9))
        XCTAssertEqual(r.first?.score, 20)
        // Past the time window, the address has been handed to someone else.
        let old = [KnownDevice(id: 9, keys: known[0].keys, lastSeen: now.addingTimeInterval(-90 * 86_400))]
        XCTAssertEqual(IdentityResolver().resolve([bare], known: old).resolutions.first?.target, .new(0))
        // The same address at another site is another device.
        var elsewhere = bare
        elsewhere.site = "hq"
        XCTAssertEqual(IdentityResolver().resolve([elsewhere], known: known).resolutions.first?.target, .new(0))
        // With a MAC, the address plays no part.
        XCTAssertFalse(sighting("10.20.0.5", "00:1b:21:00:00:05").keys.weak.contains { if case .address = $0 { true } else { false } })
    }

    func testKeysAreStableText() {
        for key: IdentityKey in [.serial(vendor: "Cisco", serial: "FOC1"), .mac(mac("00:1b:21:0a:0b:0c")), .nameModel(name: "sw", model: "M1"),
                                 .address(site: "hq", ip: IPv4Address("10.0.0.1")!)] {
            XCTAssertEqual(IdentityKey(text: key.text)?.text, key.text)
        }
    }
}
