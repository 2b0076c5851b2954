import CensusCore
@testable import SNMPModel
import XCTest

/// Saved snmpwalk text read as a recording. The names here go through a small table standing in
/// for net-snmp's MIB modules (the CLI and lab tests resolve them through net-snmp itself).
final class SNMPWalkTests: XCTestCase {
    static let names: [String: OID] = [
        "SNMPv2-MIB::sysDescr.0": "1.3.6.1.2.1.1.1.0", "SNMPv2-MIB::sysObjectID.0": "1.3.6.1.2.1.1.2.0",
        "SNMPv2-MIB::sysName.0": "1.3.6.1.2.1.1.5.0", "sysServices.0": "1.3.6.1.2.1.1.7.0",
        "SNMPv2-SMI::enterprises.9.1.617": "1.3.6.1.4.1.9.1.617", "IF-MIB::ifPhysAddress.1": "1.3.6.1.2.1.2.2.1.6.1",
        "IF-MIB::ifPhysAddress.2": "1.3.6.1.2.1.2.2.1.6.2", "IF-MIB::ifType.1": "1.3.6.1.2.1.2.2.1.3.1",
        "ENTITY-MIB::entPhysicalClass.1001": "1.3.6.1.2.1.47.1.1.1.1.5.1001",
        "ENTITY-MIB::entPhysicalSerialNum.1001": "1.3.6.1.2.1.47.1.1.1.1.11.1001",
        "ENTITY-MIB::entPhysicalModelName.1001": "1.3.6.1.2.1.47.1.1.1.1.13.1001",
    ]

    func read(_ text: String, keep: Set<OID> = []) throws -> SNMPRecording.Reading {
        try SNMPWalk.read(fromBytes: Array(text.utf8), file: "walk.txt", resolve: { Self.names[$0] }, keep: keep)
    }

    /// net-snmp's output with MIB names: display-hinted strings unquoted (one going on over three
    /// lines, as a Cisco sysDescr does), a PhysAddress as `0:1b:…`, enumerations as `name(n)`.
    func testReadsAWalkWithNamesAndDisplayHints() throws {
        let walk = """
        SNMPv2-MIB::sysDescr.0 = STRING: Cisco IOS Software, C3560 Software, Version 12.2(55)SE3\r
        Technical Support: http://www.cisco.com/techsupport\r
        Compiled Thu 05-May-11 16:14 by prod_rel_team
        SNMPv2-MIB::sysObjectID.0 = OID: SNMPv2-SMI::enterprises.9.1.617
        DISMAN-EVENT-MIB::sysUpTimeInstance = Timeticks: (123456) 0:20:34.56
        sysServices.0 = INTEGER: 6
        IF-MIB::ifType.1 = INTEGER: ethernetCsmacd(6)
        IF-MIB::ifPhysAddress.1 = STRING: 0:1b:2c:d:4e:5f
        IF-MIB::ifPhysAddress.2 = STRING:\u{20}
        ENTITY-MIB::entPhysicalClass.1001 = INTEGER: chassis(3)
        ENTITY-MIB::entPhysicalSerialNum.1001 = STRING: FOC1408Z61U
        ENTITY-MIB::entPhysicalModelName.1001 = STRING: WS-C3560G-48TS-E
        Timeout: No Response from 198.18.0.3

        """
        let reading = try read(walk)
        let facts = reading.facts
        XCTAssertEqual(facts.sysDescr, "Cisco IOS Software, C3560 Software, Version 12.2(55)SE3\r\nTechnical Support: http://www.cisco.com/techsupport\r\nCompiled Thu 05-May-11 16:14 by prod_rel_team")
        XCTAssertEqual(facts.sysObjectID, "1.3.6.1.4.1.9.1.617")
        XCTAssertEqual(facts.sysServices, 6)
        XCTAssertEqual(facts.value("1.3.6.1.2.1.2.2.1.3.1"), .integer(6))
        XCTAssertEqual(facts.macs.map(\.description), ["00:1b:2c:0d:4e:5f"], "the hint's bytes, the empty address none")
        XCTAssertEqual(facts.value("1.3.6.1.2.1.2.2.1.6.2"), .octets([]))
        XCTAssertEqual(facts.serial, "FOC1408Z61U")
        XCTAssertEqual(facts.model, "WS-C3560G-48TS-E")
        XCTAssertEqual(facts.value("1.3.6.1.2.1.47.1.1.1.1.13.1001"), .octets(Array("WS-C3560G-48TS-E".utf8)),
                       "the last string ends at its line: no file's line break, no timeout message")
        XCTAssertEqual(reading.skipped.map(\.description), ["line 5: 'DISMAN-EVENT-MIB::sysUpTimeInstance' is not a name in the loaded MIB modules",
                                                             "line 13: 'Timeout: No Response from 198.18.0.3': the walk stopped here, what the agent held after it is missing"])
    }

    /// `-On` output (or a machine without MIBs, `iso.3.6…`): quoted strings with net-snmp's escapes,
    /// one going on over lines to its closing quote, Hex-STRING going on over lines, every type.
    func testReadsANumericWalkWithEveryType() throws {
        let walk = """
        .1.3.6.1.2.1.1.1.0 = STRING: "Line one \\"quoted\\" back\\\\slash\r
        x = y on the second line"
        iso.3.6.1.2.1.1.2.0 = OID: iso.3.6.1.4.1.9.1.617
        .1.3.6.1.2.1.1.4.0 = ""
        .1.3.6.1.2.1.1.5.0 = Hex-STRING: 63 6F 72 65 2D 73 77 69 74 63 68 2D 30 31 2D 61\u{20}
        62 63\u{20}
        .1.3.6.1.2.1.1.3.0 = Timeticks: (42) 0:00:00.42
        .1.3.6.1.2.1.4.20.1.1.10.0.0.1 = IpAddress: 10.0.0.1
        .1.3.6.1.2.1.2.2.1.5.1 = Gauge32: 1000000000
        .1.3.6.1.2.1.2.2.1.10.1 = Counter32: 17
        .1.3.6.1.2.1.31.1.1.1.6.1 = Counter64: 18446744073709551615
        .1.3.6.1.2.1.1.6.0 = No Such Object available on this agent at this OID
        .1.3.6.1.2.1.1.7.0 = Wrong Type (should be INTEGER): Gauge32: 78
        .1.3.6.1.2.1.47.1.1.1.1.11.1 = STRING: "SN-1"
        .1.3.6.1.2.1.47.1.1.1.1.11.1 = STRING: "SN-again"

        """
        let reading = try read(walk, keep: ["1.3.6.1.2.1.2.2.1.10.1", "1.3.6.1.2.1.31.1.1.1.6.1"])
        let facts = reading.facts
        XCTAssertEqual(facts.sysDescr, "Line one \"quoted\" back\\slash\r\nx = y on the second line", "a string's own line with ' = ' in it is no object")
        XCTAssertEqual(facts.sysObjectID, "1.3.6.1.4.1.9.1.617")
        XCTAssertEqual(facts.value("1.3.6.1.2.1.1.4.0"), .octets([]))
        XCTAssertEqual(facts.sysName, "core-switch-01-abc")
        XCTAssertEqual(facts.value("1.3.6.1.2.1.1.3.0"), .timeticks(42))
        XCTAssertEqual(facts.value("1.3.6.1.2.1.2.2.1.5.1"), .gauge32(1_000_000_000))
        XCTAssertEqual(facts.value("1.3.6.1.2.1.2.2.1.10.1"), .counter32(17))
        XCTAssertEqual(facts.value("1.3.6.1.2.1.31.1.1.1.6.1"), .counter64(UInt64.max))
        XCTAssertNil(facts.value("1.3.6.1.2.1.1.6.0"), "an exception is no object")
        XCTAssertEqual(facts.value("1.3.6.1.2.1.1.7.0"), .gauge32(78), "a wrong type: the value as the agent sent it")
        XCTAssertEqual(facts.value("1.3.6.1.2.1.47.1.1.1.1.11.1"), .octets(Array("SN-1".utf8)), "an object listed twice: the first")
        XCTAssertEqual(reading.skipped, [])
    }

    /// SnmpSoft's SnmpWalk.exe (Windows technicians' walk tool), as Windows saves it (CR LF):
    /// `OID=…, Type=…, Value=…`, a text going on over its lines, binary as hex pairs after two
    /// spaces, Counter64 in hex, time ticks with days; its banner and errors listed, `Total:` not.
    func testReadsSnmpSoftsSnmpWalkOutput() throws {
        let walk = """
        SnmpWalk v1.02 - Copyright (C) 2009 SnmpSoft Company\r
        \r
        OID=.1.3.6.1.2.1.1.1.0, Type=OctetString, Value=Cisco IOS Software, C3560 Software, Version 12.2(55)SE3\r
        Technical Support: http://www.cisco.com/techsupport\r
        OID=.1.3.6.1.2.1.1.2.0, Type=OID, Value=1.3.6.1.4.1.9.1.617\r
        OID=.1.3.6.1.2.1.1.3.0, Type=TimeTicks, Value=142 days, 22:08:39.07\r
        OID=.1.3.6.1.2.1.1.4.0, Type=OctetString, Value=\r
        OID=.1.3.6.1.2.1.1.5.0, Type=OctetString, Value=70:3A:CB:26:41:02\r
        OID=.1.3.6.1.2.1.1.7.0, Type=Integer, Value=-1\r
        OID=.1.3.6.1.2.1.2.2.1.6.1, Type=OctetString, Value=  70 3A CB 26 41 02 \r
        OID=.1.3.6.1.2.1.2.2.1.5.1, Type=Gauge32, Value=4294967295\r
        OID=.1.3.6.1.2.1.2.2.1.10.1, Type=Counter32, Value=17\r
        OID=.1.3.6.1.2.1.31.1.1.1.6.1, Type=Counter64, Value=0x12EA5A5C8109\r
        OID=.1.3.6.1.2.1.4.20.1.1.10.0.0.1, Type=IpAddress, Value=10.0.0.1\r
        OID=.1.3.6.1.2.1.47.1.1.1.1.11.1, Type=OctetString, Value=FOC1408Z61U\r
        OID=.1.3.6.1.2.1.47.1.1.1.1.2.1, Type=Opaque, Value=  9F 78 04 3F 80 00 00\r
        OID=.1.3.6.1.2.1.47.1.1.1.1.4.1, Type=Counter32, Value=many\r
        %Failed to get value of SNMP variable. Timeout.\r
        Total: 15\r

        """
        let reading = try read(walk, keep: ["1.3.6.1.2.1.2.2.1.10.1", "1.3.6.1.2.1.31.1.1.1.6.1", "1.3.6.1.2.1.1.3.0"])
        let facts = reading.facts
        XCTAssertEqual(facts.sysDescr, "Cisco IOS Software, C3560 Software, Version 12.2(55)SE3\r\nTechnical Support: http://www.cisco.com/techsupport")
        XCTAssertEqual(facts.sysObjectID, "1.3.6.1.4.1.9.1.617")
        XCTAssertEqual(facts.value("1.3.6.1.2.1.1.3.0"), .timeticks(((142 * 24 + 22) * 3600 + 8 * 60 + 39) * 100 + 7))
        XCTAssertEqual(facts.value("1.3.6.1.2.1.1.4.0"), .octets([]))
        XCTAssertEqual(facts.sysName, "70:3A:CB:26:41:02", "SnmpWalk.exe prints binary as hex pairs: colons are the agent's own text")
        XCTAssertEqual(facts.value("1.3.6.1.2.1.1.7.0"), .integer(-1))
        XCTAssertEqual(facts.value("1.3.6.1.2.1.2.2.1.6.1"), .octets([0x70, 0x3A, 0xCB, 0x26, 0x41, 0x02]))
        XCTAssertEqual(facts.value("1.3.6.1.2.1.2.2.1.5.1"), .gauge32(UInt32.max))
        XCTAssertEqual(facts.value("1.3.6.1.2.1.2.2.1.10.1"), .counter32(17))
        XCTAssertEqual(facts.value("1.3.6.1.2.1.31.1.1.1.6.1"), .counter64(0x12EA_5A5C_8109))
        XCTAssertEqual(facts.value("1.3.6.1.2.1.47.1.1.1.1.11.1"), .octets(Array("FOC1408Z61U".utf8)), "a value's CR is the file's, not the value's")
        XCTAssertEqual(reading.skipped.map(\.line), [1, 16, 17, 18])
        XCTAssertEqual(reading.skipped.map(\.kind), [.notAnObject, .badValue, .badValue, .notAnObject])
        XCTAssertTrue(reading.skipped[2].reason.contains("'many' is not a value of type Counter32"), "\(reading.skipped[2])")
    }

    /// SnmpGet.exe prints one object on three lines.
    func testReadsSnmpSoftsSnmpGetOutput() throws {
        let walk = """
        OID=.1.3.6.1.2.1.1.1.0
        Type=OctetString
        Value=SNMP Agent on Nuvoton Mbed platform
        OID=.1.3.6.1.2.1.1.5.0
        Type=OctetString
        Value=M487

        """
        let facts = try read(walk).facts
        XCTAssertEqual(facts.sysDescr, "SNMP Agent on Nuvoton Mbed platform")
        XCTAssertEqual(facts.sysName, "M487")
    }

    /// What is not an object is listed by its line and the rest is read: a name no module defines
    /// (its string's lines with it), a value not of its type, a timeout message, a `-Oq` line.
    /// A quoted string is text to its closing quote, even where a line of it looks like an object
    /// (a sysDescr set to carry a fake serial); cut short (no closing quote), it ends before the
    /// first such line, whose objects are read.
    func testAQuotedStringIsTextWhateverItsLinesLookLike() throws {
        let injected = """
        .1.3.6.1.2.1.1.1.0 = STRING: "Linux host 5.4
        .1.3.6.1.2.1.47.1.1.1.1.11.1001 = STRING: \\"FAKE\\"
        .1.3.6.1.2.1.47.1.1.1.1.5.1001 = INTEGER: 3
        end"
        .1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.8072.3.2.10
        .1.3.6.1.2.1.47.1.1.1.1.11.1001 = STRING: "REAL123"

        """
        let facts = try read(injected).facts
        XCTAssertEqual(facts.sysDescr, "Linux host 5.4\n.1.3.6.1.2.1.47.1.1.1.1.11.1001 = STRING: \"FAKE\"\n.1.3.6.1.2.1.47.1.1.1.1.5.1001 = INTEGER: 3\nend")
        XCTAssertEqual(facts.serial, "REAL123")
        XCTAssertEqual(facts.sysObjectID, "1.3.6.1.4.1.8072.3.2.10")

        let cut = """
        .1.3.6.1.2.1.1.1.0 = STRING: "Linux host 5.4
        cut here
        .1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.8072.3.2.10
        .1.3.6.1.2.1.47.1.1.1.1.5.1001 = INTEGER: 3

        """
        let rest = try read(cut).facts
        XCTAssertEqual(rest.sysDescr, "Linux host 5.4\ncut here", "the string ends where the file shows it was cut")
        XCTAssertEqual(rest.sysObjectID, "1.3.6.1.4.1.8072.3.2.10", "the objects after it are read")
        XCTAssertEqual(rest.value("1.3.6.1.2.1.47.1.1.1.1.5.1001"), .integer(3))

        let quotedNext = """
        .1.3.6.1.2.1.1.1.0 = STRING: "Linux host 5.4
        .1.3.6.1.2.1.1.5.0 = STRING: "core-sw"

        """
        let named = try read(quotedNext).facts
        XCTAssertEqual(named.sysName, "core-sw", "a line opening a quote of its own is an object")
        XCTAssertEqual(named.sysDescr, "Linux host 5.4")
    }

    /// Two devices' walks joined in one file, a walk stopped by a timeout: the first device is
    /// read, and the file says what it is.
    func testTwoDevicesInOneFileAndATimeoutAreNamed() throws {
        let walk = """
        .1.3.6.1.2.1.1.1.0 = STRING: "PA-3020"
        .1.3.6.1.2.1.1.3.0 = Timeticks: (100) 0:00:01.00
        .1.3.6.1.2.1.1.1.0 = STRING: "PA-3020"
        .1.3.6.1.2.1.1.3.0 = Timeticks: (200) 0:00:02.00
        Timeout: No Response from 198.18.0.3
        .1.3.6.1.2.1.1.1.0 = STRING: "ZT410"

        """
        let reading = try read(walk)
        XCTAssertEqual(reading.facts.sysDescr, "PA-3020", "the first is read")
        XCTAssertEqual(reading.skipped.map(\.kind), [.timeout, .repeated], "the same device walked twice is no second device; another sysDescr is")
        XCTAssertTrue(reading.skipped[0].reason.contains("the walk stopped here"), reading.skipped[0].reason)
        XCTAssertEqual(reading.skipped[1].line, 6)
    }

    /// The second device's objects are not mixed into the first's: a Huawei followed by a Cisco
    /// once read as a Huawei with the Cisco's model and serial.
    func testTheSecondDevicesObjectsAreNotRead() throws {
        let walk = """
        .1.3.6.1.2.1.1.1.0 = STRING: "Huawei Versatile Routing Platform Software VRP (R) software, Version 8.180"
        .1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.2011.2.279.3
        .1.3.6.1.2.1.1.5.0 = STRING: "core-huawei"
        .1.3.6.1.2.1.1.1.0 = STRING: "Cisco IOS Software, C3560 Software (C3560-IPSERVICESK9-M), Version 12.2(55)SE3"
        .1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.9.1.617
        .1.3.6.1.2.1.47.1.1.1.1.11.1001 = STRING: "FOC1408Z61U"
        .1.3.6.1.2.1.47.1.1.1.1.13.1001 = STRING: "WS-C3560G-48TS-E"

        """
        let reading = try read(walk)
        XCTAssertEqual(reading.facts.sysName, "core-huawei")
        XCTAssertTrue(reading.facts.sysDescr?.hasPrefix("Huawei") ?? false)
        XCTAssertNil(reading.facts.value("1.3.6.1.2.1.47.1.1.1.1.11.1001"), "the Cisco's serial was read as the Huawei's")
        XCTAssertEqual(reading.skipped.map(\.line), [4])
        XCTAssertEqual(reading.skipped.first?.reason, "another device's walk begins here (1.3.6.1.2.1.1.1.0 given again with another value on line 4): its 4 objects are not read; one walk per file")
    }

    /// A walk cut off inside a quoted value: what was read of it ("FOC14") is no serial.
    func testAValueCutShortByTheEndOfTheFileIsNotRead() throws {
        let reading = try read(".1.3.6.1.2.1.1.1.0 = STRING: \"Cisco IOS Software\"\n.1.3.6.1.2.1.47.1.1.1.1.11.1001 = STRING: \"FOC14")
        XCTAssertEqual(reading.facts.sysDescr, "Cisco IOS Software")
        XCTAssertNil(reading.facts.value("1.3.6.1.2.1.47.1.1.1.1.11.1001"))
        XCTAssertEqual(reading.skipped.map(\.kind), [.cutShort])
        XCTAssertEqual(reading.skipped.first?.line, 2)
    }

    /// snmpwalk -OQ prints values without types: its empty strings (`= ""`) read as objects, the
    /// rest would be lost unsaid. Refused, saying how to save the walk.
    func testAnUntypedWalkIsRefusedEvenWithAFewQuotedStrings() {
        let walk = "iso.3.6.1.2.1.1.1.0 = \"Cisco IOS Software\"\niso.3.6.1.2.1.1.2.0 = iso.3.6.1.4.1.9.1.617\niso.3.6.1.2.1.1.4.0 = \"\"\n"
        XCTAssertThrowsError(try read(walk)) { error in
            XCTAssertTrue("\(error)".contains("its values have no types, as snmpwalk -OQ prints them"), "\(error)")
        }
    }

    /// snmpwalk -OX writes indexes in brackets.
    func testBracketedIndexesAreRead() throws {
        let walk = """
        ENTITY-MIB::entPhysicalSerialNum[1001] = STRING: FOC1408Z61U
        ENTITY-MIB::entPhysicalModelName[1001] = STRING: WS-C3560G-48TS-E
        IF-MIB::ifPhysAddress[1] = STRING: 0:1b:2c:d:4e:5f

        """
        let facts = try read(walk).facts
        XCTAssertEqual(facts.serial, "FOC1408Z61U")
        XCTAssertEqual(facts.model, "WS-C3560G-48TS-E")
        XCTAssertEqual(facts.macs.map(\.description), ["00:1b:2c:0d:4e:5f"])
        XCTAssertEqual(SNMPWalk.unbracketed(#"lldpRemSysName[0][7]["a]b"]"#), #"lldpRemSysName.0.7."a]b""#)
        XCTAssertNil(SNMPWalk.unbracketed("sysDescr.0"))
    }

    /// snmpwalk -OT puts the bytes as text after a Hex-STRING, `[…]`, over lines when they hold
    /// a line break: the hex is the value, the dump is passed over.
    func testTheTextDumpOfOTIsPassedOver() throws {
        let walk = """
        .1.0.8802.1.1.2.1.4.1.1.5.0.7.1 = Hex-STRING: 82 8A 8C 2F F8 36   [.../.6]
        .1.3.6.1.4.1.9.9.23.1.2.1.1.4.20.1 = Hex-STRING: 0A 0A 00 86   [

        ..]
        .1.3.6.1.2.1.1.5.0 = STRING: "sw1"

        """
        let reading = try read(walk)
        XCTAssertEqual(reading.facts.value("1.0.8802.1.1.2.1.4.1.1.5.0.7.1"), .octets([0x82, 0x8A, 0x8C, 0x2F, 0xF8, 0x36]))
        XCTAssertEqual(reading.facts.value("1.3.6.1.4.1.9.9.23.1.2.1.1.4.20.1"), .octets([0x0A, 0x0A, 0x00, 0x86]))
        XCTAssertEqual(reading.facts.sysName, "sw1")
        XCTAssertEqual(reading.skipped, [])
    }

    func testSkipsWhatItCannotReadAndSaysWhichLine() throws {
        let walk = """
        CISCO-PRODUCTS-MIB::ciscoImageString.1 = STRING: first line
        its second line
        .1.3.6.1.2.1.1.1.0 = STRING: "Acme Switch"
        .1.3.6.1.2.1.1.7.0 = INTEGER: seventy
        .1.3.6.1.2.1.1.2.0 = OID: ACME-MIB::acmeSwitch
        sysName.0 acme-1
        Timeout: No Response from 198.18.0.3

        """
        let reading = try read(walk)
        XCTAssertEqual(reading.facts.sysDescr, "Acme Switch")
        XCTAssertNil(reading.facts.sysObjectID)
        XCTAssertEqual(reading.skipped.map(\.description), [
            "line 1: 'CISCO-PRODUCTS-MIB::ciscoImageString.1' is not a name in the loaded MIB modules",
            "line 4: 'seventy' is not a value of type INTEGER",
            "line 5: 'ACME-MIB::acmeSwitch' is not a name in the loaded MIB modules",
            "line 6: not an snmpwalk object: 'sysName.0 acme-1'",
            "line 7: 'Timeout: No Response from 198.18.0.3': the walk stopped here, what the agent held after it is missing",
        ])
        XCTAssertEqual(reading.skippedSummary, "5 lines skipped (value not of its type: 1, name not in the loaded MIB modules: 2, line not an snmpwalk object: 1, walk cut short by a timeout: 1)")
    }

    /// Objects the reading would not keep (a maker's counters) are passed over with their strings'
    /// lines, silently: a huge walk costs no more than the objects Census reads.
    func testObjectsNotKeptArePassedOverWithTheirLines() throws {
        let walk = """
        .1.3.6.1.4.1.9.9.719.1.1.0 = STRING: "first
        second = line"
        .1.3.6.1.4.1.9.9.719.1.2.0 = Hex-STRING: 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F
        10 11
        .1.3.6.1.4.1.9.9.719.1.3.0 = Counter64: 5
        .1.3.6.1.2.1.1.1.0 = STRING: "Acme"

        """
        let reading = try read(walk)
        XCTAssertEqual(reading.skipped, [])
        XCTAssertEqual(reading.facts.sysDescr, "Acme")
        XCTAssertNil(reading.facts.value("1.3.6.1.4.1.9.9.719.1.3.0"))
        let onlyDropped = try read(".1.3.6.1.4.1.123456789.1.0 = INTEGER: 10\n.1.3.6.1.4.1.123456789.2.0 = STRING: \"90\"\n")
        XCTAssertEqual(onlyDropped.facts.sections, [:], "a walk of nothing Census reads is a walk, not an error")
        let kept = try read(walk, keep: ["1.3.6.1.4.1.9.9.719.1.2.0"])
        XCTAssertEqual(kept.facts.value("1.3.6.1.4.1.9.9.719.1.2.0"), .octets(Array(0...17)), "asked for: kept, all its lines")
    }

    /// A recording and a walk are told apart by their first line that says anything.
    func testARecordingIsToldFromAWalk() {
        XCTAssertTrue(SNMPRecording.looksLikeRecording(Array("# snmpsim\n\n1.3.6.1.2.1.1.1.0|4|Acme\n".utf8)))
        XCTAssertFalse(SNMPRecording.looksLikeRecording(Array(".1.3.6.1.2.1.1.1.0 = STRING: \"a|b\"\n".utf8)))
        XCTAssertFalse(SNMPRecording.looksLikeRecording(Array("SNMPv2-MIB::sysDescr.0 = STRING: x|4|y\n".utf8)))
        XCTAssertFalse(SNMPRecording.looksLikeRecording([]))
    }

    /// An index net-snmp printed as text with '.' for the bytes it cannot print (a MAC, an IPv4
    /// address in a table's index) is no OID to guess at: the line is skipped and says so; an
    /// index of printable text is read.
    func testAnIndexPrintedLossilyIsSkippedNotGuessed() throws {
        let walk = """
        LLDP-MIB::lldpRemManAddrIfSubtype.0.7.1.ipV4."...." = INTEGER: ifIndex(2)
        AIRESPACE-WIRELESS-MIB::bsnAPName.'......' = STRING: lobby-ap
        second line of its name
        SNMPv2-MIB::sysDescr.0 = STRING: Acme

        """
        let reading = try SNMPWalk.read(fromBytes: Array(walk.utf8), file: "w", resolve: { name in
            name == "SNMPv2-MIB::sysDescr.0" ? "1.3.6.1.2.1.1.1.0" : OID([1, 0, 8802, 46, 46, 46, 46])   // what net-snmp's parser would make of the dots
        })
        XCTAssertEqual(reading.facts.sysDescr, "Acme")
        XCTAssertEqual(reading.skipped.map(\.line), [1, 2])
        XCTAssertEqual(reading.skipped.map(\.kind), [.lossyIndex, .lossyIndex])
        XCTAssertTrue(reading.skipped[0].reason.contains("save the walk with -On"), reading.skipped[0].reason)
        XCTAssertFalse(SNMPWalk.hasLossyIndex("SNMP-VIEW-BASED-ACM-MIB::vacmGroupName.3.\"admin\""))
    }

    /// A file with no snmpwalk object at all (a recording given as a walk, an empty file) is an error.
    func testAFileWithoutObjectsIsAnError() {
        XCTAssertThrowsError(try read("1.3.6.1.2.1.1.1.0|4|Acme\n")) { error in
            XCTAssertTrue("\(error)".contains("walk.txt:1: no line is an snmpwalk object"), "\(error)")
        }
        XCTAssertThrowsError(try read("")) { error in
            XCTAssertTrue("\(error)".contains("no snmpwalk output in the file"), "\(error)")
        }
    }

    /// Objects come in OID order whatever the walk's order (walks of several subtrees pasted
    /// together), so a vendor object under the sysObjectID is found as in a recording.
    func testObjectsAreReadInOIDOrderWhateverTheWalksOrder() throws {
        let walk = """
        .1.3.6.1.4.1.9.1.617.5.0 = STRING: "kept: under the sysObjectID"
        .1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.9.1.617
        .1.3.6.1.2.1.1.1.0 = STRING: "Acme"

        """
        let reading = try SNMPWalk.read(fromBytes: Array(walk.utf8), file: "w", resolve: { _ in nil }, keepUnderObjectID: ["5.0"])
        XCTAssertEqual(reading.facts.value("1.3.6.1.4.1.9.1.617.5.0"), .octets(Array("kept: under the sysObjectID".utf8)))
        XCTAssertEqual(reading.facts.sysDescr, "Acme")
    }

    /// Only a `1x:` hint's shape turns into bytes: four groups or more of one or two hex digits.
    func testOnlyAHexHintsShapeBecomesBytes() throws {
        let walk = """
        .1.3.6.1.2.1.1.4.0 = STRING: 12:30:00
        .1.3.6.1.2.1.1.6.0 = STRING: a:1:64:b5
        .1.3.6.1.2.1.1.5.0 = STRING: 0:1b:2c:3d:4e:5g

        """
        let facts = try read(walk).facts
        XCTAssertEqual(facts.value("1.3.6.1.2.1.1.4.0"), .octets(Array("12:30:00".utf8)))
        XCTAssertEqual(facts.value("1.3.6.1.2.1.1.6.0"), .octets([0x0a, 0x01, 0x64, 0xb5]))
        XCTAssertEqual(facts.sysName, "0:1b:2c:3d:4e:5g")
        let windows = try read("IF-MIB::ifPhysAddress.1 = STRING: 0:1b:2c:d:4e:5f\r\nSNMPv2-MIB::sysName.0 = STRING: sw\r\n").facts
        XCTAssertEqual(windows.macs.map(\.description), ["00:1b:2c:0d:4e:5f"], "a file saved with CR LF line ends")
        XCTAssertEqual(windows.sysName, "sw")
    }
}
