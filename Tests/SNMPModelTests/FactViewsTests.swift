import CensusCore
import Foundation
import SNMPModel
import XCTest

/// The readings of raw SNMP facts (FactViews): what each report shows of a device, from
/// `DeviceFacts` built by hand.
final class FactViewsTests: XCTestCase {
    static let device = IPv4Address(198, 18, 0, 1)

    /// Facts holding these objects (spread over two sections, as a real collection is).
    func facts(_ objects: [(OID, SNMPValue)]) -> DeviceFacts {
        var sections: [String: DeviceFacts.Section] = [:]
        for (i, (oid, value)) in objects.enumerated() {
            sections[i.isMultiple(of: 2) ? "a" : "b", default: .init(varBinds: [])].varBinds.append(VarBind(oid: oid, value: value))
        }
        return DeviceFacts(ip: Self.device, credential: "v2c", collectedAt: Date(timeIntervalSince1970: 0), sections: sections)
    }

    func text(_ s: String) -> SNMPValue { .octets(Array(s.utf8)) }
    func mac(_ s: String) -> SNMPValue { .octets(Array(MACAddress(s)!.bytes)) }
    func macIndex(_ s: String) -> [UInt32] { MACAddress(s)!.bytes.map(UInt32.init) }

    // MARK: System group

    func testSystemGroupReadings() {
        let f = facts([
            (MIB.sysDescr, text("  Box OS 1.0 \r\n")),
            (MIB.sysObjectID, .oid("1.3.6.1.4.1.9.1.617")),
            (MIB.sysName, text("   ")),
            (MIB.sysServices, .integer(6)),
        ])
        XCTAssertEqual(f.sysDescr, "Box OS 1.0")
        XCTAssertEqual(f.sysObjectID, "1.3.6.1.4.1.9.1.617")
        XCTAssertNil(f.sysName, "blank is no name")
        XCTAssertNil(f.sysLocation)
        XCTAssertEqual(f.sysServices, 6)
        XCTAssertNil(facts([(MIB.sysObjectID, .oid("0.0"))]).sysObjectID, "zeroDotZero means none")
        XCTAssertNil(facts([(MIB.sysObjectID, text("1.3.6.1.4.1.9"))]).sysObjectID, "not an OID value")
    }

    // MARK: Router ARP caches

    func testARPCacheReadsBothIPMIBTablesAndDropsWhatIsNotAnIPv4Host() {
        let media = MIB.ipNetToMediaPhysAddress, physical = MIB.ipNetToPhysicalPhysAddress
        var v6 = [UInt32]([4, 2, 16])
        v6 += [0xfe, 0x80] + [UInt32](repeating: 0, count: 13) + [1]
        let f = facts([
            (media.appending(3, 10, 0, 0, 5), mac("00:11:22:33:44:55")),
            (media.appending(3, 10, 0, 0, 6), mac("00:11:22:33:44:66")),
            (media.appending(3, 10, 0, 0, 300), mac("00:11:22:33:44:77")),   // not an address
            (media.appending(3, 10, 0, 0), mac("00:11:22:33:44:88")),        // index too short
            (media.appending(3, 10, 0, 0, 9), mac("00:00:00:00:00:00")),     // incomplete entry
            (media.appending(3, 10, 0, 0, 10), mac("01:00:5e:00:00:01")),    // multicast
            (media.appending(3, 10, 0, 0, 11), text("short")),               // not six bytes
            (physical.appending(4, 1, 4, 10, 0, 0, 5), mac("00:11:22:33:44:55")), // same as ipNetToMedia: once
            (physical.appending(4, 1, 4, 10, 0, 1, 7), mac("00:11:22:33:44:99")),
            (physical.appending(v6), mac("00:11:22:33:44:aa")),             // IPv6: not an IPv4 host
            (physical.appending(4, 1, 4, 10, 0, 1), mac("00:11:22:33:44:bb")),  // index too short
            (physical.appending(4, 1, 4, 10, 0, 1, 256), mac("00:11:22:33:44:cc")),
        ])
        XCTAssertEqual(f.arpCache, [
            LearntHost(ip: IPv4Address(10, 0, 0, 5), mac: MACAddress("00:11:22:33:44:55")!, source: .routerARP, via: Self.device, ifIndex: 3),
            LearntHost(ip: IPv4Address(10, 0, 0, 6), mac: MACAddress("00:11:22:33:44:66")!, source: .routerARP, via: Self.device, ifIndex: 3),
            LearntHost(ip: IPv4Address(10, 0, 1, 7), mac: MACAddress("00:11:22:33:44:99")!, source: .routerARP, via: Self.device, ifIndex: 4),
        ])
    }

    func testARPCacheOfADeviceWithoutOneIsEmpty() {
        XCTAssertTrue(facts([(MIB.sysDescr, text("x"))]).arpCache.isEmpty)
    }

    // MARK: Forwarding tables

    func testForwardingTableMapsBridgePortsToInterfacesAndListsEachMACOnce() {
        let q = MIB.dot1qTpFdbPort, d = MIB.dot1dTpFdbPort, ports = MIB.dot1dBasePortIfIndex
        let f = facts([
            (ports.appending(1), .integer(10101)),
            (ports.appending(2), .integer(10102)),
            (q.appending([10] + macIndex("00:aa:00:00:00:01")), .integer(1)),
            (q.appending([20] + macIndex("00:aa:00:00:00:01")), .integer(2)),   // same MAC in another VLAN: once
            (q.appending([10] + macIndex("00:aa:00:00:00:02")), .integer(7)),   // a port with no ifIndex
            (q.appending([10] + macIndex("00:aa:00:00:00:03")), .integer(0)),   // port unknown
            (q.appending([10] + macIndex("01:80:c2:00:00:00")), .integer(1)),   // multicast
            (q.appending([10, 0, 0xaa, 0, 0, 0, 0x104]), .integer(1)),          // not a MAC
            (q.appending(macIndex("00:aa:00:00:00:09")), .integer(1)),          // no VLAN: not a Q-BRIDGE index
            (d.appending(macIndex("00:aa:00:00:00:01")), .integer(2)),          // already seen in dot1q
            (d.appending(macIndex("00:aa:00:00:00:04")), .integer(2)),
            (d.appending(macIndex("00:00:00:00:00:00")), .integer(2)),
        ])
        func host(_ m: String, _ port: Int, _ ifIndex: Int?) -> LearntHost {
            LearntHost(ip: nil, mac: MACAddress(m)!, source: .switchPort, via: Self.device, ifIndex: ifIndex, port: String(port))
        }
        XCTAssertEqual(f.forwardingTable, [
            host("00:aa:00:00:00:01", 1, 10101),
            host("00:aa:00:00:00:02", 7, nil),
            host("00:aa:00:00:00:04", 2, 10102),
        ])
    }

    /// A port number no bridge has (an agent's garbage) is not a reason to stop reading.
    func testForwardingTableSurvivesAPortNumberBeyondAnyBridge() {
        let f = facts([
            (MIB.dot1dBasePortIfIndex.appending(1), .integer(10101)),
            (MIB.dot1dTpFdbPort.appending(macIndex("00:aa:00:00:00:05")), .integer(1 << 40)),
        ])
        XCTAssertEqual(f.forwardingTable.map(\.mac), [MACAddress("00:aa:00:00:00:05")!])
        XCTAssertNil(f.forwardingTable.first?.ifIndex)
    }

    // MARK: Chassis choice

    /// One ENTITY-MIB row: column number → value.
    func entity(_ index: UInt32, _ columns: [OID: SNMPValue]) -> [(OID, SNMPValue)] {
        columns.map { ($0.key.appending(index), $0.value) }
    }

    func testChassisIsTheChassisRowNotItsModules() {
        let f = facts(
            entity(1, [MIB.entPhysicalClass: .integer(3), MIB.entPhysicalContainedIn: .integer(0),
                       MIB.entPhysicalSerialNum: text("FOC1111A1AA"), MIB.entPhysicalModelName: text("WS-C2960X-48TS-L"),
                       MIB.entPhysicalMfgName: text("Cisco"), MIB.entPhysicalDescr: text("Catalyst 2960-X")])
            + entity(2, [MIB.entPhysicalClass: .integer(9), MIB.entPhysicalContainedIn: .integer(1),
                         MIB.entPhysicalSerialNum: text("SFP0000001"), MIB.entPhysicalModelName: text("GLC-T")]))
        XCTAssertEqual(f.chassisEntity, [1])
        XCTAssertEqual(f.serial, "FOC1111A1AA")
        XCTAssertEqual(f.model, "WS-C2960X-48TS-L")
        XCTAssertEqual(f.manufacturer, "Cisco")
        XCTAssertEqual(f.chassisField(MIB.entPhysicalDescr), "Catalyst 2960-X")
    }

    /// VMware ESXi's only top-level row is the SMBIOS system, of class backplane: without a chassis
    /// row it stands for the device. A top-level module does not, nor do two candidates.
    func testTheOneTopLevelRowOfNoPartStandsForTheDeviceWithoutAChassisRow() {
        let esxi = facts(
            entity(1, [MIB.entPhysicalClass: .integer(4), MIB.entPhysicalContainedIn: .integer(0), MIB.entPhysicalName: text("smbios"),
                       MIB.entPhysicalSerialNum: text("SGH438WDYL"), MIB.entPhysicalMfgName: text("HP"),
                       MIB.entPhysicalModelName: text("ProLiant DL380p Gen8")]))
        XCTAssertEqual(esxi.chassisEntity, [1])
        XCTAssertEqual(esxi.serial, "SGH438WDYL")
        XCTAssertEqual(esxi.model, "ProLiant DL380p Gen8")
        let module = facts(entity(1, [MIB.entPhysicalClass: .integer(9), MIB.entPhysicalContainedIn: .integer(0), MIB.entPhysicalSerialNum: text("SFP0000001")]))
        XCTAssertNil(module.chassisEntity, "a module's serial is not the device's")
        let two = facts(
            entity(1, [MIB.entPhysicalClass: .integer(1), MIB.entPhysicalContainedIn: .integer(0), MIB.entPhysicalSerialNum: text("AAA111")])
            + entity(2, [MIB.entPhysicalClass: .integer(1), MIB.entPhysicalContainedIn: .integer(0), MIB.entPhysicalSerialNum: text("BBB222")]))
        XCTAssertNil(two.chassisEntity, "two rows could each be the device")
    }

    func testAStackHoldsItsChassis() {
        let f = facts(
            entity(1, [MIB.entPhysicalClass: .integer(11), MIB.entPhysicalContainedIn: .integer(0), MIB.entPhysicalModelName: text("C3750 stack")])
            + entity(1001, [MIB.entPhysicalClass: .integer(3), MIB.entPhysicalContainedIn: .integer(1), MIB.entPhysicalSerialNum: text("FOC1001")])
            + entity(2001, [MIB.entPhysicalClass: .integer(3), MIB.entPhysicalContainedIn: .integer(1), MIB.entPhysicalSerialNum: text("FOC2001")]))
        XCTAssertEqual(f.chassisEntity, [1])
        XCTAssertEqual(f.model, "C3750 stack")
    }

    /// A Cisco stack: the stack row names neither model nor serial, its members (1001, 2001) do.
    func testAStackRowThatSaysNothingLendsTheFirstMembersModelAndSerial() {
        let f = facts(
            entity(1, [MIB.entPhysicalClass: .integer(11), MIB.entPhysicalContainedIn: .integer(0), MIB.entPhysicalDescr: text("c38xx Stack"),
                       MIB.entPhysicalModelName: text(""), MIB.entPhysicalSerialNum: text("")])
            + entity(2001, [MIB.entPhysicalClass: .integer(3), MIB.entPhysicalContainedIn: .integer(1), MIB.entPhysicalSerialNum: text("FOC2001"),
                            MIB.entPhysicalModelName: text("WS-C3850-48P")])
            + entity(1001, [MIB.entPhysicalClass: .integer(3), MIB.entPhysicalContainedIn: .integer(1), MIB.entPhysicalSerialNum: text("FOC1001"),
                            MIB.entPhysicalModelName: text("WS-C3850-24T"), MIB.entPhysicalSoftwareRev: text("16.12.4")])
            + entity(1002, [MIB.entPhysicalClass: .integer(9), MIB.entPhysicalContainedIn: .integer(1001), MIB.entPhysicalSerialNum: text("SFP1")]))
        XCTAssertEqual(f.chassisEntity, [1])
        XCTAssertEqual(f.model, "WS-C3850-24T", "the first member, not the second nor a module")
        XCTAssertEqual(f.serial, "FOC1001")
        XCTAssertEqual(f.softwareRevision, "16.12.4")
        XCTAssertEqual(f.chassisField(MIB.entPhysicalDescr), "c38xx Stack", "what the stack row says stays")
    }

    /// An H3C IRF stack: the stack row has its own serial but "STACK MODE" for a model.
    func testAStackRowsPlaceholderModelGivesWayToAMembersButItsSerialStays() {
        let f = facts(
            entity(1, [MIB.entPhysicalClass: .integer(11), MIB.entPhysicalContainedIn: .integer(0), MIB.entPhysicalModelName: text("STACK MODE"),
                       MIB.entPhysicalSerialNum: text("210231A2PJB18A000023")])
            + entity(3, [MIB.entPhysicalClass: .integer(3), MIB.entPhysicalContainedIn: .integer(1), MIB.entPhysicalModelName: text("H3C SR8808-X"),
                         MIB.entPhysicalSerialNum: text("210235A0YVX18A00000B")]))
        XCTAssertEqual(f.model, "H3C SR8808-X")
        XCTAssertEqual(f.serial, "210231A2PJB18A000023")
    }

    /// A stack whose members sit under a container (a unit slot) still lends them; a member of
    /// another stack does not.
    func testStackMembersMayBeNestedButMustBeInside() {
        let f = facts(
            entity(1, [MIB.entPhysicalClass: .integer(11), MIB.entPhysicalContainedIn: .integer(0)])
            + entity(100, [MIB.entPhysicalClass: .integer(5), MIB.entPhysicalContainedIn: .integer(1)])
            + entity(101, [MIB.entPhysicalClass: .integer(3), MIB.entPhysicalContainedIn: .integer(100), MIB.entPhysicalSerialNum: text("UNIT1")])
            + entity(7, [MIB.entPhysicalClass: .integer(3), MIB.entPhysicalContainedIn: .integer(9), MIB.entPhysicalSerialNum: text("ELSEWHERE")]))
        XCTAssertEqual(f.serial, "UNIT1")
    }

    /// Cisco Catalyst 1200/1300: one row at 67109120, no class column, a serial and a software
    /// revision but no model.
    func testAPartialTableWithOnlySerialAndSoftwareAtAHighIndex() {
        let f = facts(entity(67_109_120, [MIB.entPhysicalSerialNum: text("FOC1200ABCD"), MIB.entPhysicalSoftwareRev: text("4.1.3.36")]))
        XCTAssertEqual(f.chassisEntity, [67_109_120])
        XCTAssertEqual(f.serial, "FOC1200ABCD")
        XCTAssertNil(f.model)
        XCTAssertEqual(f.softwareRevision, "4.1.3.36")
    }

    /// A table of descriptions alone (no class, model or serial column): the row that calls
    /// itself a chassis stands for the device, not the first row nor a module.
    func testATableOfDescriptionsAloneTakesTheRowThatSaysChassis() {
        let f = facts(
            entity(1, [MIB.entPhysicalDescr: text("PA Slot Container")])
            + entity(2, [MIB.entPhysicalDescr: text("Chassis Fan Tray 1")])
            + entity(3, [MIB.entPhysicalDescr: text("Cisco 7206VXR, 6-slot chassis")])
            + entity(9, [MIB.entPhysicalDescr: text("Cisco 7200VXR Network Processing Engine NPE-400")]))
        XCTAssertEqual(f.chassisEntity, [3])
        XCTAssertEqual(f.chassisField(MIB.entPhysicalDescr), "Cisco 7206VXR, 6-slot chassis")
        XCTAssertNil(facts(entity(1, [MIB.entPhysicalDescr: text("PA Slot Container")])).chassisEntity,
                     "no row saying chassis: none stands for the device")
    }

    func testModelPlaceholdersAreNoModel() {
        for placeholder in ["", "  ", "N/A", "Unknown", "STACK MODE", "To Be Filled By O.E.M.", "System Product Name"] {
            XCTAssertTrue(DeviceFacts.isPlaceholderModel(placeholder), placeholder)
            XCTAssertNil(facts(entity(1, [MIB.entPhysicalClass: .integer(3), MIB.entPhysicalModelName: text(placeholder)])).model, placeholder)
        }
        XCTAssertEqual(facts(entity(1, [MIB.entPhysicalClass: .integer(3), MIB.entPhysicalModelName: text("DCS-7150S-52-CL")])).model, "DCS-7150S-52-CL")
    }

    func testChassisRowsNeedNotBeAtIndexOne() {
        let f = facts(
            entity(2001, [MIB.entPhysicalClass: .integer(3), MIB.entPhysicalContainedIn: .integer(0), MIB.entPhysicalSerialNum: text("FOC2001")])
            + entity(1001, [MIB.entPhysicalClass: .integer(3), MIB.entPhysicalContainedIn: .integer(0), MIB.entPhysicalSerialNum: text("FOC1001")])
            + entity(1, [MIB.entPhysicalClass: .integer(10), MIB.entPhysicalContainedIn: .integer(1001)]))
        XCTAssertEqual(f.chassisEntity, [1001], "the lowest index among equals")
        XCTAssertEqual(f.serial, "FOC1001")
    }

    func testAChassisNotContainedInAnotherComesFirst() {
        let f = facts(
            entity(1, [MIB.entPhysicalClass: .integer(3), MIB.entPhysicalContainedIn: .integer(7), MIB.entPhysicalSerialNum: text("LINECARD1")])
            + entity(7, [MIB.entPhysicalClass: .integer(3), MIB.entPhysicalContainedIn: .integer(0), MIB.entPhysicalSerialNum: text("FRAME7")]))
        XCTAssertEqual(f.chassisEntity, [7])
        XCTAssertEqual(f.serial, "FRAME7")
    }

    func testAClassColumnWithoutChassisOrStackNamesNoChassis() {
        let f = facts(entity(5, [MIB.entPhysicalClass: .integer(9), MIB.entPhysicalContainedIn: .integer(0),
                                  MIB.entPhysicalSerialNum: text("MODULE5"), MIB.entPhysicalModelName: text("X-MOD")]))
        XCTAssertNil(f.chassisEntity, "a module's serial is not the device's")
        XCTAssertNil(f.serial)
        XCTAssertNil(f.model)
    }

    // MARK: Partial tables (no entPhysicalClass column)

    func testWithoutAClassColumnTheFirstRowWithASerialOrModelIsTheChassis() {
        let f = facts(
            entity(1, [MIB.entPhysicalDescr: text("Port 1"), MIB.entPhysicalSerialNum: text("0")])
            + entity(1001, [MIB.entPhysicalContainedIn: .integer(0), MIB.entPhysicalModelName: text("WS-C3850-24T"),
                            MIB.entPhysicalSerialNum: text("FOC1001X")])
            + entity(1002, [MIB.entPhysicalContainedIn: .integer(1001), MIB.entPhysicalSerialNum: text("SFP1002")]))
        XCTAssertEqual(f.chassisEntity, [1001])
        XCTAssertEqual(f.model, "WS-C3850-24T")
        XCTAssertEqual(f.serial, "FOC1001X")
    }

    func testWithoutAClassColumnARowNotContainedInAnotherIsPreferred() {
        let f = facts(
            entity(5, [MIB.entPhysicalContainedIn: .integer(9), MIB.entPhysicalSerialNum: text("PSU5")])
            + entity(9, [MIB.entPhysicalModelName: text("Box-9000")]))   // containedIn absent: top level
        XCTAssertEqual(f.chassisEntity, [9])
        XCTAssertEqual(f.model, "Box-9000")
        XCTAssertNil(f.serial)
    }

    /// A Huawei AC's table without its class column: the chassis row (3) says no serial, and
    /// the only serial is a board's in a slot of it (3 → 5 → 9). That is not the device's; a
    /// stack member one level down (a unit of the stack) still speaks for it.
    func testWithoutAClassColumnABoardInASlotIsNotTheChassis() {
        let f = facts(
            entity(3, [MIB.entPhysicalContainedIn: .integer(0), MIB.entPhysicalDescr: text("AC1_01_M"), MIB.entPhysicalName: text("ACU2")])
            + entity(5, [MIB.entPhysicalContainedIn: .integer(3), MIB.entPhysicalDescr: text("Board slot")])
            + entity(9, [MIB.entPhysicalContainedIn: .integer(5), MIB.entPhysicalSerialNum: text("030TPP10G5000015")]))
        XCTAssertNil(f.chassisEntity)
        XCTAssertNil(f.serial, "a board's serial is not the device's")
        let stack = facts(
            entity(1, [MIB.entPhysicalContainedIn: .integer(0), MIB.entPhysicalDescr: text("Stack")])
            + entity(101, [MIB.entPhysicalContainedIn: .integer(1), MIB.entPhysicalModelName: text("DCS-3726S")])
            + entity(201, [MIB.entPhysicalContainedIn: .integer(101), MIB.entPhysicalSerialNum: text("A308023010")]))
        XCTAssertEqual(stack.chassisEntity, [101])
        XCTAssertEqual(stack.model, "DCS-3726S")
        XCTAssertNil(stack.serial, "the management card's serial is the card's")
    }

    func testWithoutClassOrContainmentColumnsTheLowestIndexWins() {
        let f = facts(
            entity(3, [MIB.entPhysicalSerialNum: text("SER3")])
            + entity(2, [MIB.entPhysicalSerialNum: text("N/A"), MIB.entPhysicalModelName: text("unknown")])
            + entity(4, [MIB.entPhysicalModelName: text("M4")]))
        XCTAssertEqual(f.chassisEntity, [3], "row 2 holds only placeholders")
        XCTAssertEqual(f.serial, "SER3")
    }

    func testNoEntityTableNoChassis() {
        let f = facts([(MIB.sysDescr, text("x"))])
        XCTAssertNil(f.chassisEntity)
        XCTAssertNil(f.serial)
        XCTAssertNil(f.model)
    }

    // MARK: Serial placeholders

    func testSerialPlaceholdersAreNoSerial() {
        for placeholder in ["0", "N/A", "none", "Unknown", "0000000000", "FFFFFFFF", "xxxxxxxx", "--", "  ",
                            "00:11:22:33:44:55", "00-11-22-33-44-55", "0011.2233.4455", "To Be Filled By O.E.M.", "123456789",
                            "Serial"] {
            XCTAssertTrue(DeviceFacts.isPlaceholder(placeholder), placeholder)
            let f = facts(entity(1, [MIB.entPhysicalClass: .integer(3), MIB.entPhysicalSerialNum: text(placeholder)]))
            XCTAssertNil(f.serial, placeholder)
        }
        for serial in ["FOC1408Z61U", "001122334455", "CN0123456789", "SG12345", "1824-ABCD-1234"] {
            XCTAssertFalse(DeviceFacts.isPlaceholder(serial), serial)
            let f = facts(entity(1, [MIB.entPhysicalClass: .integer(3), MIB.entPhysicalSerialNum: text(" \(serial) ")]))
            XCTAssertEqual(f.serial, serial)
        }
    }

    // MARK: LLDP neighbours

    func testLLDPNeighboursOneARowSortedWithIdentifiersReadable() {
        let rem = MIB.lldpRemEntry
        let f = facts([
            (MIB.lldpRemChassisId.appending(0, 5, 2), text("core-2")),
            (MIB.lldpRemPortId.appending(0, 5, 2), .octets([0x0a, 0x0b, 0x0c, 0x0d])),
            (MIB.lldpRemChassisId.appending(0, 3, 1), mac("00:1b:21:0a:0b:0c")),
            (MIB.lldpRemPortId.appending(0, 3, 1), text("Gi1/0/1")),
            (MIB.lldpRemPortDesc.appending(0, 3, 1), text("uplink")),
            (MIB.lldpRemSysName.appending(0, 3, 1), text("core-sw")),
            (MIB.lldpRemSysDesc.appending(0, 3, 1), text("Cisco IOS")),
            (MIB.lldpRemSysName.appending(0, 3), text("bad index")),
            (rem.appending(6, 0, 3, 1), .integer(4)),   // a column Census does not read
        ])
        XCTAssertEqual(f.lldpNeighbors, [
            LLDPNeighbor(localPort: 3, chassisId: "00:1b:21:0a:0b:0c", portId: "Gi1/0/1", portDescription: "uplink",
                         systemName: "core-sw", systemDescription: "Cisco IOS"),
            LLDPNeighbor(localPort: 5, chassisId: "core-2", portId: "0a:0b:0c:0d", portDescription: nil, systemName: nil, systemDescription: nil),
        ])
    }

    // MARK: MAC list

    func testMACsAreTheInterfacesDistinctUnicastAddressesSorted() {
        let f = facts([
            (MIB.ifPhysAddress.appending(1), .octets([])),                 // loopback
            (MIB.ifPhysAddress.appending(2), mac("00:1b:21:00:00:02")),
            (MIB.ifPhysAddress.appending(3), mac("00:1b:21:00:00:01")),
            (MIB.ifPhysAddress.appending(4), mac("00:1b:21:00:00:02")),   // a VLAN interface sharing it
            (MIB.ifPhysAddress.appending(5), mac("00:00:00:00:00:00")),
            (MIB.ifPhysAddress.appending(6), mac("33:33:00:00:00:01")),
        ])
        XCTAssertEqual(f.macs.map(\.description), ["00:1b:21:00:00:01", "00:1b:21:00:00:02"])
    }
}

/// Octets become text leniently where the MIB says the object is text (issue 15, item 5).
final class LenientTextTests: XCTestCase {
    func facts(_ objects: [(OID, SNMPValue)]) -> DeviceFacts {
        DeviceFacts(ip: IPv4Address(10, 0, 0, 1), credential: "v2c", collectedAt: Date(timeIntervalSince1970: 0),
                    sections: ["system": .init(varBinds: objects.map { VarBind(oid: $0.0, value: $0.1) })])
    }

    func testASysDescrWithOneLatin1ByteIsKept() {
        // "Imprimante Société" with é as the single Latin-1 byte 0xE9.
        let bytes = Array("Imprimante Soci".utf8) + [0xE9] + Array("t".utf8) + [0xE9] + Array(" v2.1".utf8)
        let f = facts([(MIB.sysDescr, .octets(bytes)), (MIB.sysName, .octets(Array("Caf".utf8) + [0xE9])),
                       (MIB.entPhysicalClass.appending(1), .integer(3)),
                       (MIB.entPhysicalModelName.appending(1), .octets(Array("Mod".utf8) + [0xE8] + Array("le 7".utf8)))])
        XCTAssertEqual(f.sysDescr, "Imprimante Société v2.1")
        XCTAssertEqual(f.sysName, "Café")
        XCTAssertEqual(f.model, "Modèle 7")
    }

    func testWindows1252PunctuationAndUTF8StayReadable() {
        XCTAssertEqual(facts([(MIB.sysDescr, .octets(Array("HP".utf8) + [0x92] + Array("s box".utf8)))]).sysDescr, "HP’s box")
        XCTAssertEqual(facts([(MIB.sysDescr, .octets(Array("Société".utf8)))]).sysDescr, "Société")
    }

    func testBinaryIsStillNotText() {
        XCTAssertNil(facts([(MIB.sysDescr, .octets([0x00, 0x1b, 0x21, 0x0a, 0x0b, 0x0c]))]).sysDescr)
        XCTAssertNil(SNMPValue.octets([0x01, 0xE9, 0x02]).displayText)
    }
}
