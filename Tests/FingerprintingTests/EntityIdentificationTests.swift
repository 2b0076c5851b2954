import CensusCore
@testable import Fingerprinting
import SNMPModel
import XCTest

/// ENTITY-MIB tables as agents really give them (partial, stacked, with part numbers), read
/// from recordings and identified with the built-in catalog.
final class EntityIdentificationTests: XCTestCase {
    func identify(_ recording: String) throws -> Identification { try BuiltInCatalog.identify(recording) }

    /// A Catalyst 3750 stack: row 1 is the stack and names nothing, the members sit at 1001 and 2001.
    func testAStackIsNamedByItsFirstMember() throws {
        let result = try identify("""
        1.3.6.1.2.1.1.1.0|4|Cisco IOS Software, C3750 Software (C3750-IPBASE-M), Version 12.2(55)SE12, RELEASE SOFTWARE (fc2)
        1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9.1.516
        1.3.6.1.2.1.47.1.1.1.1.2.1|4|Catalyst 37xx Switch Stack
        1.3.6.1.2.1.47.1.1.1.1.4.1|2|0
        1.3.6.1.2.1.47.1.1.1.1.5.1|2|11
        1.3.6.1.2.1.47.1.1.1.1.2.1001|4|WS-C3750G-12S
        1.3.6.1.2.1.47.1.1.1.1.4.1001|2|1
        1.3.6.1.2.1.47.1.1.1.1.5.1001|2|3
        1.3.6.1.2.1.47.1.1.1.1.11.1001|4|FDO1622Y10H
        1.3.6.1.2.1.47.1.1.1.1.13.1001|4|WS-C3750G-12S-S
        1.3.6.1.2.1.47.1.1.1.1.4.2001|2|1
        1.3.6.1.2.1.47.1.1.1.1.5.2001|2|3
        1.3.6.1.2.1.47.1.1.1.1.11.2001|4|FDO1622Y20H
        1.3.6.1.2.1.47.1.1.1.1.13.2001|4|WS-C3750G-24TS-S
        """)
        XCTAssertEqual(result.vendor, "Cisco")
        XCTAssertEqual(result.class, .switch)
        XCTAssertEqual(result.model, "WS-C3750G-12S-S")
        XCTAssertEqual(result.serial, "FDO1622Y10H")
        XCTAssertEqual(result.os, "IOS")
        XCTAssertEqual(result.version, "12.2(55)SE12", "the whole IOS version")
    }

    /// An agent that names its maker only in the chassis row's description (a toolkit's
    /// sysObjectID, a Linux uname for sysDescr): the listed maker opening it is the vendor, and
    /// the model the row names then finds its class in that maker's products table.
    func testTheChassisDescriptionNamesTheMakerWhenNothingElseDoes() throws {
        let result = try identify("""
        1.3.6.1.2.1.1.1.0|4|Linux edge1 4.19.0 #1 SMP x86_64
        1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10
        1.3.6.1.2.1.47.1.1.1.1.2.1|4|Cisco Systems Cisco 7600 9-slot Chassis System
        1.3.6.1.2.1.47.1.1.1.1.4.1|2|0
        1.3.6.1.2.1.47.1.1.1.1.5.1|2|3
        1.3.6.1.2.1.47.1.1.1.1.11.1|4|FOX1151GS65
        1.3.6.1.2.1.47.1.1.1.1.13.1|4|CISCO7609-S
        """)
        XCTAssertEqual(result.vendor, "Cisco")
        XCTAssertEqual(result.model, "CISCO7609-S")
        XCTAssertEqual(result.serial, "FOX1151GS65")
        XCTAssertTrue(result.matches.contains { $0.rule == Identifier.entityDescrVendorRule && $0.fields.contains("vendor") })
        let unlisted = try identify("""
        1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10
        1.3.6.1.2.1.47.1.1.1.1.2.1|4|Zorblatt 9-slot Chassis
        1.3.6.1.2.1.47.1.1.1.1.5.1|2|3
        """)
        XCTAssertNil(unlisted.vendor, "a word no vendor table lists names no maker")
    }

    /// Catalyst 1200: one entity row at 67109120 without a class column, the model in sysDescr.
    func testACatalyst1200WithAPartialTable() throws {
        let result = try identify("""
        1.3.6.1.2.1.1.1.0|4|Cisco Catalyst 1200 C1200-24P-4G Smart Switch
        1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9.1.3217
        1.3.6.1.2.1.47.1.1.1.1.10.67109120|4|4.1.3.36
        1.3.6.1.2.1.47.1.1.1.1.11.67109120|4|FOC2612Y0AB
        """)
        XCTAssertEqual(result.class, .switch)
        XCTAssertEqual(result.model, "C1200-24P-4G")
        XCTAssertEqual(result.serial, "FOC2612Y0AB")
        XCTAssertEqual(result.version, "4.1.3.36")
    }

    /// A 7206VXR whose agent gives entPhysicalDescr alone: the row calling itself a chassis
    /// names the model, not the processor card's description.
    func testAChassisNamedOnlyInItsDescription() throws {
        let result = try identify("""
        1.3.6.1.2.1.1.1.0|4|Cisco IOS Software, 7200 Software (C7200-ADVENTERPRISEK9-M), Version 12.4(24)T5, RELEASE SOFTWARE (fc3)
        1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9.1.222
        1.3.6.1.2.1.47.1.1.1.1.2.1|4|Cisco 7206VXR, 6-slot chassis
        1.3.6.1.2.1.47.1.1.1.1.2.2|4|I/O and Processor Slot Container
        1.3.6.1.2.1.47.1.1.1.1.2.9|4|Cisco 7200VXR Network Processing Engine NPE-400
        """)
        XCTAssertEqual(result.class, .router)
        XCTAssertEqual(result.model, "7206VXR")
        XCTAssertEqual(result.version, "12.4(24)T5")
    }

    /// Juniper puts a part number in entPhysicalModelName: the platform is the model.
    func testAJuniperPartNumberGivesWayToThePlatform() throws {
        let result = try identify("""
        1.3.6.1.2.1.1.1.0|4|Juniper Networks, Inc. mx960 internet router, kernel JUNOS 16.1R6.7, Build date: 2017-11-22 02:47:00 UTC Copyright (c) 1996-2017 Juniper Networks, Inc.
        1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2636.1.1.1.2.21
        1.3.6.1.2.1.47.1.1.1.1.5.1|2|3
        1.3.6.1.2.1.47.1.1.1.1.11.1|4|JN11F7072AFA
        1.3.6.1.2.1.47.1.1.1.1.13.1|4|710-030012
        """)
        XCTAssertEqual(result.model?.lowercased(), "mx960")
        XCTAssertEqual(result.serial, "JN11F7072AFA")
        XCTAssertEqual(result.os, "Junos")
        XCTAssertEqual(result.version, "16.1R6.7")
        XCTAssertEqual(result.class, .router)
    }

    /// Any maker's part number in entPhysicalModelName gives way to the model another rule reads,
    /// and still names the device when nothing else does.
    func testAPartNumberGivesWayToAnyModelButIsBetterThanNone() throws {
        let table = """
        1.3.6.1.2.1.47.1.1.1.1.5.1|2|3
        1.3.6.1.2.1.47.1.1.1.1.11.1|4|BRW2512K01Z
        1.3.6.1.2.1.47.1.1.1.1.13.1|4|40-1000133-14
        """
        let named = try identify("""
        1.3.6.1.2.1.1.1.0|4|Acme GZ-5100B Fibre Channel Switch
        1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.64999.1
        \(table)
        """)
        XCTAssertEqual(named.model, "GZ-5100B")
        XCTAssertEqual(named.serial, "BRW2512K01Z")
        let silent = try identify("""
        1.3.6.1.2.1.1.1.0|4|Fibre Channel Switch
        1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.64999.1
        \(table)
        """)
        XCTAssertEqual(silent.model, "40-1000133-14")
        XCTAssertTrue(Identifier.isPartNumber("710-030012"))
        XCTAssertFalse(Identifier.isPartNumber("2530-24G"))
        XCTAssertFalse(Identifier.isPartNumber("1910-24"))
    }

    /// Vendor objects a rule fetches fill what ENTITY-MIB leaves out (TP-Link JetStream).
    func testVendorObjectsFillModelSerialAndVersion() throws {
        let result = try identify("""
        1.3.6.1.2.1.1.1.0|4|JetStream 24-Port Gigabit L2 Managed Switch with 4 SFP Slots
        1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.11863.5.42
        1.3.6.1.4.1.11863.6.1.1.5.0|4|T1600G-28TS 3.0
        1.3.6.1.4.1.11863.6.1.1.6.0|4|3.0.0 Build 20190321 Rel.66553(s)
        1.3.6.1.4.1.11863.6.1.1.8.0|4|2196503004567
        """)
        XCTAssertEqual(result.vendor, "TP-Link")
        XCTAssertEqual(result.class, .switch)
        XCTAssertEqual(result.model, "T1600G-28TS")
        XCTAssertEqual(result.serial, "2196503004567")
        XCTAssertEqual(result.version, "3.0.0 Build 20190321 Rel.66553(s)")
    }
}

/// The chassis row the class column names, read by the follow-up GET where the walk lacks its cells.
final class ChassisFollowUpTests: XCTestCase {
    let chassisClassOnly = """
    1.3.6.1.2.1.1.1.0|4|HPE Comware Platform Software, Software Version 7.1.070, Release 3208P03
    1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.25506.11.1.239
    1.3.6.1.2.1.47.1.1.1.1.4.1|2|0
    1.3.6.1.2.1.47.1.1.1.1.5.1|2|11
    1.3.6.1.2.1.47.1.1.1.1.4.2|2|1
    1.3.6.1.2.1.47.1.1.1.1.5.2|2|3
    1.3.6.1.2.1.47.1.1.1.1.5.3|2|9
    """

    /// A walk that brought the class column but no model or serial: the GET asks for the chassis
    /// row's cells (row 2 here, inside the stack at 1), not row 1's.
    func testTheFollowUpAsksForTheChassisRowsCells() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        let facts = try SNMPRecording.facts(fromText: chassisClassOnly, file: "t.snmprec")
        XCTAssertEqual(facts.chassisEntity, [1], "the stack row stands for the device")
        let stackless = try SNMPRecording.facts(fromText: chassisClassOnly.replacingOccurrences(of: "5.1|2|11", with: "5.1|2|5"), file: "t.snmprec")
        XCTAssertEqual(stackless.chassisEntity, [2])
        let asked = identifier.objectsToFetch(Evidence(facts: stackless))
        XCTAssertTrue(asked.contains(MIB.entPhysicalSerialNum.appending(2)), "\(asked)")
        XCTAssertTrue(asked.contains(MIB.entPhysicalModelName.appending(2)), "\(asked)")
        XCTAssertFalse(asked.contains(MIB.entPhysicalSerialNum.appending(1)))
    }

    /// What the GET brings (in the vendor section) is read as the chassis row's model and serial.
    func testTheAnswersNameModelAndSerial() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        var facts = try SNMPRecording.facts(fromText: chassisClassOnly.replacingOccurrences(of: "5.1|2|11", with: "5.1|2|5"), file: "t.snmprec")
        facts.sections["vendor", default: .init(varBinds: [])].varBinds += [
            VarBind(oid: MIB.entPhysicalSerialNum.appending(2), value: .octets(Array("210235A1N0B179000123".utf8))),
            VarBind(oid: MIB.entPhysicalModelName.appending(2), value: .octets(Array("S5130-28S-EI".utf8))),
        ]
        let result = identifier.identify(Evidence(facts: facts))
        XCTAssertEqual(result.serial, "210235A1N0B179000123")
        XCTAssertEqual(result.model, "S5130-28S-EI")
        XCTAssertFalse(identifier.objectsToFetch(Evidence(facts: facts)).contains(MIB.entPhysicalSerialNum.appending(2)), "asked once")
    }

    /// A table without a class column names its row by what it holds: nothing more is asked of it.
    func testAPartialTableWithoutClassesAsksNothingMore() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        let facts = try SNMPRecording.facts(fromText: """
        1.3.6.1.2.1.1.1.0|4|Cisco Catalyst 1200 C1200-24P-4G Smart Switch
        1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9.1.3217
        1.3.6.1.2.1.47.1.1.1.1.11.67109120|4|FOC2612Y0AB
        """, file: "t.snmprec")
        XCTAssertFalse(identifier.objectsToFetch(Evidence(facts: facts)).contains { MIB.entPhysicalEntry.isAncestor(of: $0) })
    }
}

/// `agent: toolkit`: a Linux distribution's kernel names a server only where no maker's own
/// sysObjectID says what the device is.
final class ToolkitAgentConditionTests: XCTestCase {
    func testALinuxKernelOnNetSNMPIsAServer() throws {
        let result = try BuiltInCatalog.identify("""
        1.3.6.1.2.1.1.1.0|4|Linux db01 3.10.0-1160.el7.x86_64 #1 SMP Mon Oct 19 16:18:59 UTC 2020 x86_64
        1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10
        """)
        XCTAssertEqual(result.class, .server)
        XCTAssertEqual(result.family, "RHEL/CentOS 7")
    }

    func testALinuxKernelWithoutSysObjectIDIsAServer() throws {
        let result = try BuiltInCatalog.identify("1.3.6.1.2.1.1.1.0|4|Linux db01 3.10.0-1160.el7.x86_64 #1 SMP Mon Oct 19 16:18:59 UTC 2020 x86_64\n")
        XCTAssertEqual(result.class, .server)
    }

    /// A NAS whose kernel is a distribution's, under its maker's arc: the enterprise's class stands.
    func testAnApplianceUnderItsMakersArcIsNotAServerForRunningLinux() throws {
        let result = try BuiltInCatalog.identify("""
        1.3.6.1.2.1.1.1.0|4|Linux nas01 3.10.0-957.el7.x86_64 #1 SMP Thu Nov 8 23:39:32 UTC 2018 x86_64
        1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.24681
        """)
        XCTAssertEqual(result.vendor, "QNAP")
        XCTAssertEqual(result.class, .storage)
    }

    func testTheConditionReadsTheEnterpriseArc() {
        XCTAssertTrue(Rule.isToolkitAgent(nil))
        XCTAssertTrue(Rule.isToolkitAgent("1.3.6.1.4.1.8072.3.2.10"))
        XCTAssertTrue(Rule.isToolkitAgent("1.3.6.1.2.1.1"))
        XCTAssertFalse(Rule.isToolkitAgent("1.3.6.1.4.1.9.1.222"))
    }
}
