import CensusCore
import DataFiles
@testable import Fingerprinting
import SNMPModel
import XCTest

/// The general mechanisms that name a device no rule was written for: the IANA enterprise-number
/// registry (vendor), general evidence (class), generic version words, a partial ENTITY table.
final class GeneralEvidenceTests: XCTestCase {
    static var identifier: Result<Identifier, any Error> { BuiltInCatalog.identifier }

    func identify(_ recording: String) throws -> Identification { try BuiltInCatalog.identify(recording) }

    // MARK: enterprise-number registry

    /// The shipped registry is well formed: every line a number (ascending) and a name.
    func testTheShippedRegistryIsWellFormed() throws {
        let registry = try Self.identifier.get().catalog.enterpriseRegistry
        XCTAssertEqual(registry.malformedLines(), [])
        XCTAssertEqual(registry.organization(9), "ciscoSystems")
        XCTAssertEqual(registry.organization(12356), "Fortinet, Inc.")
        XCTAssertNil(registry.organization(4_000_000_000))
    }

    func testRegistryLookupFindsWholeNumbersOnly() {
        let registry = EnterpriseRegistry(text: "# comment\n9\tciscoSystems\n99\tOther\n999\tThird\n")
        XCTAssertEqual(registry.organization(9), "ciscoSystems")
        XCTAssertEqual(registry.organization(99), "Other")
        XCTAssertEqual(registry.organization(999), "Third")
        XCTAssertNil(registry.organization(1))
        XCTAssertNil(registry.organization(9999))
        XCTAssertEqual(EnterpriseRegistry(text: "9\tA\n8\tB\nx\tC\n10\n").malformedLines(), [2, 3, 4])
    }

    func testOrganizationNamesLoseLegalFormsAndRemarks() {
        XCTAssertEqual(Catalog.organizationName("Fortinet, Inc."), "Fortinet")
        XCTAssertEqual(Catalog.organizationName("Arista Networks, Inc. (formerly 'Arastra, Inc.')"), "Arista Networks")
        XCTAssertEqual(Catalog.organizationName("Aruba, a Hewlett Packard Enterprise company"), "Aruba")
        XCTAssertEqual(Catalog.organizationName("Uplogix.com"), "Uplogix")
        XCTAssertEqual(Catalog.organizationName("Digital Chicago.net"), "Digital Chicago.net")
        XCTAssertEqual(Catalog.organizationName("HUAWEI Technology Co.,Ltd"), "HUAWEI Technology")
        XCTAssertEqual(Catalog.organizationName("MOBOTIX AG"), "MOBOTIX")
        XCTAssertEqual(Catalog.organizationName("MICROSENS GmbH & Co. KG"), "MICROSENS", "a limited partnership's whole legal form goes")
        XCTAssertEqual(Catalog.organizationName("IBM (https://w3.ibm.com/standards )"), "IBM")
        XCTAssertNil(Catalog.organizationName("Unassigned"))
        XCTAssertNil(Catalog.organizationName("---none---"))
    }

    /// A sysDescr that opens with a known vendor's name names the vendor when nothing else does:
    /// a whole word (case aside), the longest name first; an alias anchored at the start counts.
    func testAKnownVendorOpeningSysDescrNamesTheVendor() throws {
        let identifier = try Self.identifier.get()
        func vendor(_ text: String) -> (String?, [String]) {
            let result = identifier.identify(Evidence(sysDescr: text))
            return (result.vendor, result.matches.filter { $0.fields.contains("vendor") }.map(\.rule))
        }
        XCTAssertEqual(vendor("Lantronix EPS1 Version V3.3/2(941216)").0, "Lantronix")
        XCTAssertEqual(vendor("Lantronix EPS1 Version V3.3/2(941216)").1, [Identifier.sysDescrVendorRule])
        XCTAssertEqual(vendor("NORTEL, Succession 1000/M Call Server").0, "Nortel")
        XCTAssertEqual(vendor("HPE OfficeConnect 1820 24G").0, "HPE", "the longer name, not HP")
        XCTAssertEqual(vendor("Hewlett-Packard Company, some device").0, "HP", "an alias anchored at the start")
        XCTAssertNil(vendor("Digital Signage Player V4.0").0, "Digi only as a whole word")
        XCTAssertNil(vendor("Hardware: x86 Family 6 Model 8 - Software: Windows").0)
        let entity = identifier.identify(Evidence(sysDescr: "Lantronix box", entityManufacturer: "Acme Widgets"))
        XCTAssertEqual(entity.vendor, "Acme Widgets", "the chassis row's manufacturer comes first")
    }

    /// A maker no catalog file names still gets its vendor from its sysObjectID's arc, spelled
    /// as 00-vendors.yaml spells it when it lists the maker.
    func testAnyMakersArcNamesItsVendor() throws {
        let identifier = try Self.identifier.get()
        func vendor(_ oid: OID) -> (String?, [String]) {
            let result = identifier.identify(Evidence(sysObjectID: oid))
            return (result.vendor, result.matches.map(\.rule))
        }
        XCTAssertEqual(vendor("1.3.6.1.4.1.13858.1.1").0, "Eltek Valere")                  // in no catalog file
        XCTAssertEqual(vendor("1.3.6.1.4.1.13858.1.1").1, [Identifier.enterpriseRegistryRule])
        XCTAssertEqual(vendor("1.3.6.1.4.1.5771.1.2").0, "Cisco")                           // "Cisco Systems, Inc.", via the alias
        XCTAssertNil(vendor("1.3.6.1.4.1.8072.3.2.10").0, "net-snmp's own arc names no maker")
        XCTAssertNil(vendor("1.3.6.1.4.1.4413.1.1").0, "Broadcom's reference agent names no maker")
        XCTAssertNil(vendor("1.3.6.1.4.1.12325.1.1.2.1.1").0, "FreeBSD bsnmpd (pfSense, OPNsense) names no maker")
        XCTAssertNil(vendor("1.3.6.1.4.1.16972").0, "an alliance's arc that many makers' DSL routers share names no maker")
        XCTAssertNil(vendor("1.2.3.999").0, "outside the enterprise arc")
        XCTAssertNil(vendor("1.3.6.1.4.1.1.99").0, "number 1 is a placeholder more often than not")
        XCTAssertNil(vendor("1.3.6.1.4.1.4000000000.1").0, "an unassigned number")
    }

    /// A product on an arc it borrows (an agent toolkit's, a standards body's) is its maker's when
    /// sysDescr opens with a maker the catalog lists; a registrant the catalog lists keeps the
    /// device (it may be the OEM whose agent another brand ships).
    func testAListedMakerOpeningSysDescrBeatsABorrowedArcsRegistrant() throws {
        let identifier = try Self.identifier.get()
        func vendor(_ oid: OID, _ descr: String) -> (String?, [String]) {
            let result = identifier.identify(Evidence(sysDescr: descr, sysObjectID: oid))
            return (result.vendor, result.matches.map(\.rule))
        }
        let zyxel = vendor("1.3.6.1.4.1.20408", "Zyxel XGS1210-12 (FW V1.00(ABTY.6)C0) at 192.0.2.3/255.255.255.0")
        XCTAssertEqual(zyxel.0, "Zyxel", "SNMP Laboratories (pysnmp) made the agent, not the switch")
        let lantronix = vendor("1.3.6.1.4.1.20408", "Lantronix EPS1 Version V3.3/2(941216)")
        XCTAssertEqual(lantronix.0, "Lantronix")
        XCTAssertTrue(lantronix.1.contains(Identifier.sysDescrVendorRule), "no rule names the maker: the words opening sysDescr do")
        XCTAssertFalse(lantronix.1.contains(Identifier.enterpriseRegistryRule), "not the registry")
        XCTAssertEqual(vendor("1.3.6.1.4.1.20408", "some agent 1.0").0, "SNMP Laboratories", "nothing better: the registrant")
        XCTAssertEqual(vendor("1.3.6.1.4.1.13858.1.1", "Eltek controller").0, "Eltek Valere", "a maker nobody lists opening sysDescr changes nothing")
    }

    /// A DOCSIS device names its maker in its sysDescr's VENDOR field, spelled as the catalog spells
    /// makers; the brand opening sysDescr comes first.
    func testADOCSISVendorFieldNamesTheMaker() throws {
        let identifier = try Self.identifier.get()
        func vendor(_ descr: String) -> String? { identifier.identify(Evidence(sysDescr: descr)).vendor }
        XCTAssertEqual(vendor("FAST3890V2 Wireless Voice Gateway <<HW_REV: V1.0; VENDOR: SAGEMCOM; BOOTR: 2.7.0; SW_REV: 50.7.6; MODEL: FAST3890V2>>"), "Sagemcom")
        XCTAssertEqual(vendor("DOCSIS 3.1 Gateway <<HW_REV: 3; VENDOR: ARRIS Group, Inc.; BOOTR: 1.2; SW_REV: 9.1.103; MODEL: TG3482G>>"), "Arris")
        XCTAssertEqual(vendor("DOCSIS EMTA <<HW_REV: 2.0; VENDOR: Widgetco, Inc.; BOOTR: NONE; SW_REV: 1.2.3; MODEL: W100>>"), "Widgetco", "a maker nobody lists, its legal form dropped")
        XCTAssertEqual(vendor("Cisco DPC3928SL DOCSIS 3.0 1-PORT Voice Gateway <<HW_REV: 1.0; VENDOR: Technicolor; BOOTR: 2.4.0; SW_REV: dpc3928sl-v1; MODEL: DPC3928SL>>"), "Cisco", "the brand on the box first")
        XCTAssertNil(vendor("DOCSIS modem <<HW_REV: 1.0; VENDOR: ; SW_REV: 1.0; MODEL: X>>"))
    }

    /// Where the registry's organisation is not the name an MSP knows the maker by (a founding
    /// company, an acquired brand), 00-vendors.yaml maps it to the trade name; MAC-registry
    /// names go through the same aliases.
    func testRegistryNamesMapToTradeNames() throws {
        let identifier = try Self.identifier.get()
        func vendor(_ oid: OID) -> String? { identifier.identify(Evidence(sysObjectID: oid)).vendor }
        XCTAssertEqual(vendor("1.3.6.1.4.1.12383.3.1.1"), "Thales")            // Chrysalis-ITS: Luna HSMs
        XCTAssertEqual(vendor("1.3.6.1.4.1.14941.1.1"), "ExaGrid")             // Inflection Systems
        XCTAssertEqual(vendor("1.3.6.1.4.1.21239.42.1.31"), "Vertiv")          // Geist
        XCTAssertEqual(vendor("1.3.6.1.4.1.26928.1.1.1"), "Extreme Networks")  // Aerohive Networks
        XCTAssertEqual(vendor("1.3.6.1.4.1.12740.17.1"), "Dell")               // EqualLogic
        XCTAssertEqual(vendor("1.3.6.1.4.1.562.1"), "Nortel")                  // Northern Telecom
        XCTAssertEqual(vendor("1.3.6.1.4.1.266.1.1"), "Nexans")                // Nexans Deutschland Industries
        XCTAssertEqual(identifier.identify(Evidence(ouiVendor: "Xirrus, Inc.")).vendor, "Cambium")
        XCTAssertEqual(identifier.catalog.canonicalVendor("Meru Networks"), "Fortinet")
    }

    /// Vendor objects a rule fetches are kept from a recording and read: FortiSwitch's
    /// fsSysVersion gives model and version, an Eaton ePDU's unit row model, serial and firmware.
    func testVendorObjectsOfSmallBusinessFamiliesAreRead() throws {
        let fortiSwitch = try identify("""
            1.3.6.1.2.1.1.1.0|4|FS148FFTF21000123
            1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.12356.106.1.1486
            1.3.6.1.4.1.12356.100.1.1.1.0|4|S148FFTF21000123
            1.3.6.1.4.1.12356.106.4.1.1.0|4|FortiSwitch-148F-FPOE v7.2.3,build0488,221108 (GA)
            """)
        XCTAssertEqual(fortiSwitch.vendor, "Fortinet")
        XCTAssertEqual(fortiSwitch.model, "FortiSwitch-148F-FPOE")
        XCTAssertEqual(fortiSwitch.version, "7.2.3")
        XCTAssertEqual(fortiSwitch.serial, "S148FFTF21000123")
        let epdu = try identify("""
            1.3.6.1.2.1.1.1.0|4|Eaton ePDU
            1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.534.6.6.7
            1.3.6.1.4.1.534.6.6.7.1.2.1.3.0|4|EMAB03
            1.3.6.1.4.1.534.6.6.7.1.2.1.4.0|4|G614M47012
            1.3.6.1.4.1.534.6.6.7.1.2.1.5.0|4|02.00.0051
            """)
        XCTAssertEqual([epdu.vendor, epdu.model, epdu.serial, epdu.version], ["Eaton", "EMAB03", "G614M47012", "02.00.0051"])
        XCTAssertEqual(epdu.class, .pdu)
    }

    /// A rule that names the vendor wins over all; the chassis row's manufacturer over the
    /// registry (an arc may be an agent maker's that an OEM ships); the registry over the MAC's.
    func testTheRegistryRanksBelowRulesAndEntityAndAboveTheMAC() throws {
        let identifier = try Self.identifier.get()
        XCTAssertEqual(identifier.identify(Evidence(sysObjectID: "1.3.6.1.4.1.9.1.617", entityManufacturer: "Acme")).vendor, "Cisco")
        XCTAssertEqual(identifier.identify(Evidence(sysObjectID: "1.3.6.1.4.1.13858.1", entityManufacturer: "Acme", ouiVendor: "Other")).vendor,
                       "Acme")
        XCTAssertEqual(identifier.identify(Evidence(sysObjectID: "1.3.6.1.4.1.13858.1", entityManufacturer: "unknown", ouiVendor: "Other")).vendor,
                       "Eltek Valere")
        XCTAssertEqual(identifier.identify(Evidence(sysObjectID: "1.3.6.1.4.1.8072.3.2.10", entityManufacturer: "Acme", ouiVendor: "Other")).vendor,
                       "Acme")
        XCTAssertEqual(identifier.identify(Evidence(sysObjectID: "1.3.6.1.4.1.8072.3.2.10", entityManufacturer: "Unknown", ouiVendor: "Other")).vendor,
                       "Other", "a placeholder manufacturer gives way to the MAC registry")
    }

    /// The MAC registry's vendor: of the MAC the device was seen with, else of its own interfaces.
    func testMACVendorFallsBackToTheDevicesOwnInterfaces() throws {
        let facts = try SNMPRecording.facts(fromText: """
        1.3.6.1.2.1.2.2.1.6.1|4x|000000000000
        1.3.6.1.2.1.2.2.1.6.2|4x|001b21aabbcc
        """, file: "t.snmprec")
        let registry: [String: String] = ["00:1b:21": "Intel Corporate", "aa:bb:cc": "Seen Ltd"]
        func lookup(_ mac: MACAddress) -> String? { registry[String(mac.description.lowercased().prefix(8))] }
        XCTAssertEqual(Evidence.macVendor(of: facts, seenWith: nil, lookup: lookup), "Intel Corporate")
        XCTAssertEqual(Evidence.macVendor(of: facts, seenWith: MACAddress("aa:bb:cc:00:00:01"), lookup: lookup), "Seen Ltd")
        XCTAssertNil(Evidence.macVendor(of: facts, seenWith: nil) { _ in nil })
    }

    // MARK: class from general evidence

    /// Each kind of general evidence, on a maker no rule names a class for (LANCOM's arc).
    func testGeneralEvidenceNamesTheClass() throws {
        let arc = "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2356.1"
        let cases: [(String, [String], DeviceClass)] = [
            ("many Ethernet ports", (1...24).map { "1.3.6.1.2.1.2.2.1.3.\($0)|2|6" }, .switch),
            ("a radio and few ports", ["1.3.6.1.2.1.2.2.1.3.1|2|6", "1.3.6.1.2.1.2.2.1.3.2|2|71", "1.3.6.1.2.1.2.2.1.3.3|2|71"], .wirelessAP),
            ("routing without bridging or host", ["1.3.6.1.2.1.1.7.0|2|4", "1.3.6.1.2.1.2.2.1.3.1|2|6"], .router),
            ("a print engine among few host devices", ["1.3.6.1.2.1.25.3.2.1.2.1|6|1.3.6.1.2.1.25.3.1.5",
                                                       "1.3.6.1.2.1.25.3.2.1.2.2|6|1.3.6.1.2.1.25.3.1.3"], .printer),
            ("many Fibre Channel ports", ["1.3.6.1.2.1.2.2.1.3.1|2|6"] + (2...17).map { "1.3.6.1.2.1.2.2.1.3.\($0)|2|56" }, .switch),
            ("a VDSL2 line", ["1.3.6.1.2.1.2.2.1.3.1|2|6", "1.3.6.1.2.1.2.2.1.3.2|2|251"], .router),
            ("a serial line", ["1.3.6.1.2.1.2.2.1.3.1|2|6", "1.3.6.1.2.1.2.2.1.3.2|2|22"], .router),
            ("analogue phone ports", ["1.3.6.1.2.1.2.2.1.3.1|2|6", "1.3.6.1.2.1.2.2.1.3.2|2|102", "1.3.6.1.2.1.2.2.1.3.3|2|102"], .phone),
            ("phone ports on a host (an adapter running Linux)", ["1.3.6.1.2.1.25.1.1.0|67|100", "1.3.6.1.2.1.2.2.1.3.1|2|6",
                                                                 "1.3.6.1.2.1.2.2.1.3.2|2|102"], .phone),
            ("phone ports beside an ISDN line: a router", ["1.3.6.1.2.1.2.2.1.3.1|2|6", "1.3.6.1.2.1.2.2.1.3.2|2|101",
                                                          "1.3.6.1.2.1.2.2.1.3.3|2|63"], .router),
        ]
        for (what, lines, expected) in cases {
            let result = try identify(([arc] + lines).joined(separator: "\n"))
            XCTAssertEqual(result.class, expected, what)
            XCTAssertTrue(result.matches.contains { $0.rule == Identifier.classEvidenceRule && $0.fields == ["class"] }, what)
        }
    }

    /// A computer lists its print queues as hrDevicePrinter rows, first on Windows: a queue's
    /// driver ("Send To Microsoft OneNote Driver") is not the computer's model, nor a printer's
    /// (a print server's). A print server that describes only itself keeps its printer's model.
    func testAComputersPrintQueueIsNotItsModel() throws {
        let queues = ["1.3.6.1.2.1.25.3.2.1.2.1|6|1.3.6.1.2.1.25.3.1.5", "1.3.6.1.2.1.25.3.2.1.3.1|4|Send To Microsoft OneNote Driver",
                      "1.3.6.1.2.1.25.3.2.1.2.2|6|1.3.6.1.2.1.25.3.1.5", "1.3.6.1.2.1.25.3.2.1.3.2|4|HP Universal Printing PCL 6",
                      "1.3.6.1.2.1.25.3.2.1.2.3|6|1.3.6.1.2.1.25.3.1.3", "1.3.6.1.2.1.25.3.2.1.3.3|4|Intel Xeon"]
        let computers = [
            "1.3.6.1.2.1.1.1.0|4|Hardware: x86 Family 6 Model 63 Stepping 2 AT/AT COMPATIBLE - Software: Windows Version 5.2 (Build 3790 Uniprocessor Free)\n1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.311.1.1.3.1.2",
            "1.3.6.1.2.1.1.1.0|4|Linux print01 5.15.0-91-generic #101-Ubuntu SMP x86_64\n1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10",
        ]
        for computer in computers {
            let result = try identify(([computer] + queues).joined(separator: "\n"))
            XCTAssertNil(result.model, computer)
            XCTAssertNotEqual(result.class, .printer, computer)
        }
        let printServer = try identify((["1.3.6.1.2.1.1.1.0|4|Acme Print Server 10/100"] + queues).joined(separator: "\n"))
        XCTAssertEqual(printServer.model, "Send To Microsoft OneNote Driver", "the rule still holds where the device describes only itself")
    }

    /// A host's Fibre Channel HBAs do not make it a switch, nor its serial line a router: it
    /// stays the server its host resources say.
    func testAHostsFibreChannelPortsAreNotASwitch() throws {
        var lines = ["1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2356.1", "1.3.6.1.2.1.25.1.1.0|67|100"]
        for i in 1...8 { lines.append("1.3.6.1.2.1.2.2.1.3.\(i)|2|56") }
        XCTAssertNotEqual(try identify(lines.joined(separator: "\n")).class, .switch)
        // Nor does a modem line make a host a router.
        lines.append("1.3.6.1.2.1.2.2.1.3.9|2|22")
        XCTAssertNotEqual(try identify(lines.joined(separator: "\n")).class, .router)
    }

    /// A toolkit agent's uname line is a server on a PC or server CPU, and names no class on a
    /// 32-bit ARM, MIPS, PowerPC or SuperH kernel (a camera, a UPS card, an AP, a BMC), with or
    /// without HOST-RESOURCES-MIB: the version is the kernel's either way, and the device's other
    /// evidence decides.
    func testAnEmbeddedKernelsUnameLineIsNotAServer() throws {
        let linux = "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10\n1.3.6.1.2.1.1.1.0|4|"
        for machine in ["x86_64", "i686", "aarch64", "ppc64le", "s390x"] {
            let result = try identify(linux + "Linux db1 5.15.0-91-generic #101 SMP Tue Nov 14 13:30:08 UTC 2023 \(machine)")
            XCTAssertEqual(result.class, .server, machine)
            XCTAssertEqual(result.version, "5.15.0-91-generic", machine)
        }
        for machine in ["armv5tejl", "armv7l", "mips", "mips64", "ppc", "sh4"] {
            let result = try identify(linux + "Linux cam1 3.10.14 #1 PREEMPT Tue Sep 30 18:43:24 CST 2014 \(machine)")
            XCTAssertEqual(result.class, .unknown, machine)
            XCTAssertEqual(result.os, "Linux", machine)
            XCTAssertEqual(result.version, "3.10.14", machine)
        }
        // No machine word (the text replaced) stays a server on net-snmp's Linux OID.
        XCTAssertEqual(try identify(linux + "Dummy System").class, .server)
        // Without net-snmp's OID, a bare embedded uname line says no class either.
        XCTAssertEqual(try identify("1.3.6.1.2.1.1.1.0|4|Linux 2.6.32.61 #1 Wed May 21 18:37:41 EEST 2014 mips").class, .unknown)
        // Nor does HOST-RESOURCES-MIB beside it (a BMC's or a NAS's agent answers it too); on a
        // server CPU it still says server.
        let hostResources = "\n1.3.6.1.2.1.25.1.1.0|67|100\n1.3.6.1.2.1.25.2.3.1.3.1|4|Physical memory"
        XCTAssertEqual(try identify(linux + "Linux (none) 2.6.28.9 #1 Thu Oct 5 03:06:51 UTC 2023 armv5tejl" + hostResources).class, .unknown)
        XCTAssertEqual(try identify(linux + "Linux nas1 4.4.59+ #25426 SMP PREEMPT armv7l" + hostResources).class, .unknown)
        XCTAssertEqual(try identify("1.3.6.1.2.1.1.1.0|4|Linux web01 5.15.0 #1 SMP x86_64" + hostResources).class, .server)
    }

    /// IEEE802dot11-MIB radios make an access point of any maker's device, even a Linux box
    /// answering with uname (which alone would be a server).
    func testTheDevicesOwnRadiosMakeAnAccessPoint() throws {
        let result = try identify("""
            1.3.6.1.2.1.1.1.0|4|Linux 2.6.32.61 #1 Wed May 21 18:37:41 EEST 2014 x86_64
            1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10
            1.3.6.1.2.1.25.1.1.0|67|100
            1.2.840.10036.1.1.1.1.5|4x|0418d62a0a92
            """)
        XCTAssertEqual(result.class, .wirelessAP)
        XCTAssertTrue(result.matches.contains { $0.rule == "ieee80211-mib" })
        // A Wi-Fi printer lists its radio too, and stays a printer.
        let printer = try identify("""
            1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2356.1
            1.3.6.1.2.1.43.5.1.1.17.1|4|CNB8K1Q0R4
            1.2.840.10036.1.1.1.1.2|4x|0418d62a0a92
            """)
        XCTAssertEqual(printer.class, .printer)
    }

    /// The generic product-code rule takes a maker's code, never an image name in brackets, a
    /// CPU, a MAC address, a serial, a host name in a uname line, a code inside a version, a
    /// maker's name, a labelled value, a VRP-style release, half of "IB-20/21" or a build label
    /// after a version.
    func testAProductCodeIsNotAnImageCPUMACOrHostName() throws {
        let notCodes = [
            "Acme IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version 15.2(2)E7",
            "Hardware: amd64 Intel(R) Xeon(R) CPU E5-1620 v3 @ 3.50GHz",
            "Linux NAS-01 4.4.180+ #42962 SMP Tue Oct 18 15:12:31 CST 2022 x86_64",
            "Acme AP 0A-1B-2C-3D-4E-5F",
            "Acme Gateway SN-01AB23456789",
            "TiMOS-C-14.0.R5 cpm/hops64 Acme 7750 SR",
            "HUAWEI-3COM WBR-204g",
            "AcmeServer90M , Network Access SW V2.3A , SW=BL47-60, LAT V5.1",
            "VENUS VSOS-V0700R0600",
            "ACME Printer I/F IB-20/21 Ver 1.1.1",
            "Acme SWITCH-01 managed",
            "AcmeServer 700-08 V1.1 BL44-11 ROM V3.4-9 LAT V5.1",
        ]
        for text in notCodes {
            let result = try identify("1.3.6.1.2.1.1.1.0|4|\(text)\n1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.1")
            XCTAssertFalse(result.matches.contains { $0.rule == "sysdescr-product-code" }, "\(text) → \(result.model ?? "-")")
        }
        let code = try identify("1.3.6.1.2.1.1.1.0|4|AcmeOS 7.1 on SW-24G-4X, Linux 5.10\n1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.1")
        XCTAssertEqual(code.model, "SW-24G-4X")
    }

    /// A sysDescr that opens with a product line's name and number, and no maker, names the model
    /// by them; an operating system's name (or the one a rule names), a version, a maker's legal
    /// form and a one-digit number do not.
    func testALinesNameAndNumberOpeningSysDescrIsTheModel() throws {
        let models = [
            "Zorbex Stack Switch 3812 Software": "Zorbex Stack Switch 3812",
            "DataZorb 558 version 1.2": "DataZorb 558",
            "Ethernet Switch 470-48T      HW:#05      FW:3.6.0.6": "Ethernet Switch 470-48T",
            "ZorbHub 1012 with SNMP agent and TELNET software v3.0.": "ZorbHub 1012",
        ]
        for (text, model) in models {
            let result = try identify("1.3.6.1.2.1.1.1.0|4|\(text)\n1.3.6.1.2.1.1.7.0|2|2")
            XCTAssertEqual(result.model, model, text)
        }
        let notModels = [
            "Windows 2000 Version 5.0", "Peakflow TMS 8.2  Build 7", "Zorbex Systems 1900 Switch",
            "Fabric Switch 6", "FreeBSD 10.0-RELEASE", "Release 2208 of something", "Linux zorb01 5.10.0",
            "ZorbStream 24-Port Gigabit L2+ Managed Switch", "Zorb Hub 8port",
        ]
        for text in notModels {
            XCTAssertNil(Identifier.openingLineAndNumber(text), text)
        }
        // Nor the operating system a rule names, with its release (Tripp Lite's PowerAlert).
        let card = try identify("1.3.6.1.2.1.1.1.0|4|POWERALERT 15")
        XCTAssertEqual(card.os, "PowerAlert")
        XCTAssertEqual(card.version, "15")
        XCTAssertNil(card.model)
    }

    /// A version right after the product name opening sysDescr is read, never a kernel's, an
    /// operating system's name-number or a hardware revision.
    func testAVersionAfterTheOpeningNameIsNotAKernelsOrHardwares() throws {
        for text in ["Linux host 4.14.0", "Windows 2000 Version 5.0", "Hardware 1.0 Software 2.3", "FreeBSD 13.2-RELEASE"] {
            let result = try identify("1.3.6.1.2.1.1.1.0|4|\(text)")
            XCTAssertFalse(result.matches.contains { $0.rule == "sysdescr-version-after-opening-name" }, "\(text) → \(result.version ?? "-")")
        }
        XCTAssertEqual(try identify("1.3.6.1.2.1.1.1.0|4|Zorbflow TMS 8.2  Model: TMS-2800-40G").version, "8.2")
    }

    /// Cisco's "IOS (tm) C1700 Software" names the image's platform family, not the model: the
    /// product OID's name does (cisco1721); another maker's "(tm) S5612 Software" is its model.
    func testCiscosImageFamilyIsNotTheModel() throws {
        let cisco = try identify("""
            1.3.6.1.2.1.1.1.0|4|Cisco Internetwork Operating System Software IOS (tm) C1700 Software (C1700-NY-M), Version 12.2(8)YM, EARLY DEPLOYMENT RELEASE SOFTWARE (fc1)
            1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9.1.444
            """)
        XCTAssertEqual(cisco.model, "1721")
        XCTAssertEqual(cisco.version, "12.2(8)YM")
        let other = try identify("1.3.6.1.2.1.1.1.0|4|Zorbex(tm) S5612 Software, Version 2.1.1B Build 31318")
        XCTAssertEqual(other.model, "S5612")
    }

    /// A device's LLDP-MED inventory names its model, serial, maker and software where ENTITY-MIB
    /// says nothing (lldpd on a server fills it from DMI); the chassis row wins where it speaks.
    func testTheLLDPMEDInventoryNamesModelSerialMakerAndVersion() throws {
        let med = """
            1.3.6.1.2.1.1.1.0|4|Linux web01 5.15.0-91-generic #101-Ubuntu SMP x86_64
            1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10
            1.0.8802.1.1.2.1.5.4795.1.2.4.0|4|5.15.0-91-generic
            1.0.8802.1.1.2.1.5.4795.1.2.5.0|4|7X2KQ53
            1.0.8802.1.1.2.1.5.4795.1.2.6.0|4|Dell Inc.
            1.0.8802.1.1.2.1.5.4795.1.2.7.0|4|PowerEdge R650
            """
        let server = try identify(med)
        XCTAssertEqual(server.model, "PowerEdge R650")
        XCTAssertEqual(server.serial, "7X2KQ53")
        XCTAssertEqual(server.vendor, "Dell")
        XCTAssertEqual(server.class, .server)
        XCTAssertEqual(server.matches.first { $0.rule == Identifier.lldpMedRule }?.fields, ["vendor", "model", "serial"])

        let phone = try identify("""
            1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.1
            1.0.8802.1.1.2.1.5.4795.1.2.4.0|4|66.86.0.15
            1.0.8802.1.1.2.1.5.4795.1.2.5.0|4|N/A
            1.0.8802.1.1.2.1.5.4795.1.2.7.0|4|T54W
            """)
        XCTAssertEqual(phone.model, "T54W")
        XCTAssertNil(phone.serial, "a placeholder serial is none")
        XCTAssertEqual(phone.version, "66.86.0.15")

        let both = try identify(med + """

            1.3.6.1.2.1.47.1.1.1.1.5.1|2|3
            1.3.6.1.2.1.47.1.1.1.1.11.1|4|CHASSIS01
            1.3.6.1.2.1.47.1.1.1.1.13.1|4|R650-CHASSIS
            """)
        XCTAssertEqual(both.model, "R650-CHASSIS")
        XCTAssertEqual(both.serial, "CHASSIS01")
    }

    /// One weak hint names nothing, and a rule's class is never replaced.
    func testWeakEvidenceNamesNoClassAndRulesWin() throws {
        XCTAssertEqual(try identify("1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2356.1\n1.3.6.1.2.1.1.7.0|2|2").class, .unknown)
        var lines = ["1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.14988.1"]   // MikroTik: a router by its arc
        for i in 1...24 { lines.append("1.3.6.1.2.1.2.2.1.3.\(i)|2|6") }
        XCTAssertEqual(try identify(lines.joined(separator: "\n")).class, .router)
    }

    // MARK: versions

    func testAnyMakersSysDescrVersionIsKeptWhole() throws {
        let result = try identify("""
        1.3.6.1.2.1.1.1.0|4|LANCOM 1781VA (over ISDN) 10.42.0311RU5 / 22.12.2020, Firmware Version 10.42.0311RU5
        1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2356.11.1.1
        """)
        XCTAssertEqual(result.version, "10.42.0311RU5")
    }

    /// A serial the sysDescr states is read; a word that starts with SN is not one.
    func testASysDescrSerialNeedsItsOwnWord() throws {
        XCTAssertEqual(try identify("1.3.6.1.2.1.1.1.0|4|Acme Sensor, S/N: FX12345678").serial, "FX12345678")
        XCTAssertNil(try identify("1.3.6.1.2.1.1.1.0|4|Acme SNMP agent 5.7.3, SNR12345 inside").serial)
        XCTAssertNil(try identify("1.3.6.1.2.1.1.1.0|4|Acme serial console server").serial)
    }

    // MARK: partial ENTITY table

    /// A partial ENTITY table (no class column; chassis at 1001) still yields model and serial.
    func testAPartialEntityTableWithTheChassisAt1001() throws {
        let result = try identify("""
        1.3.6.1.2.1.1.1.0|4|Acme Managed Switch
        1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2356.1
        1.3.6.1.2.1.47.1.1.1.1.2.1001|4|Acme 24-port switch
        1.3.6.1.2.1.47.1.1.1.1.11.1001|4|SN1001ABC
        1.3.6.1.2.1.47.1.1.1.1.13.1001|4|ACME-24G
        1.3.6.1.2.1.47.1.1.1.1.2.1002|4|Power supply
        1.3.6.1.2.1.47.1.1.1.1.4.1002|2|1001
        1.3.6.1.2.1.47.1.1.1.1.11.1002|4|PSU998877
        """)
        XCTAssertEqual(result.model, "ACME-24G")
        XCTAssertEqual(result.serial, "SN1001ABC")
        XCTAssertEqual(result.class, .switch)
    }
}

/// The objects a rule's `values:` conditions test are read as well as those it feeds into fields.
final class ValueConditionObjectsTests: XCTestCase {
    func testAnObjectOnlyTestedIsReadAndDecides() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        let booted: OID = "1.3.6.1.4.1.1916.1.1.1.32.0", primary: OID = "1.3.6.1.4.1.1916.1.1.1.13.0", secondary: OID = "1.3.6.1.4.1.1916.1.1.1.14.0"
        let wanted = identifier.objectsToFetch(Evidence(sysObjectID: "1.3.6.1.4.1.1916.2.176"))
        XCTAssertTrue(wanted.contains(booted), "extremeImageBooted is only tested, never a field: still read")
        XCTAssertTrue(wanted.contains(primary) && wanted.contains(secondary))
        XCTAssertTrue(identifier.catalog.fetchedObjects.contains(booted), "kept when a recording is read")
        func version(booted image: Int64) -> String? {
            identifier.identify(Evidence(sysObjectID: "1.3.6.1.4.1.1916.2.176",
                                         values: [booted: .integer(image), primary: .octets(Array("22.7.1.2".utf8)), secondary: .octets(Array("16.2.5.4".utf8))])).version
        }
        XCTAssertEqual(version(booted: 1), "22.7.1.2")
        XCTAssertEqual(version(booted: 2), "16.2.5.4", "the secondary image runs")
        XCTAssertTrue(identifier.objectsToFetch(Evidence(sysObjectID: "1.3.6.1.4.1.9.1.617")).allSatisfy { !$0.description.hasPrefix("1.3.6.1.4.1.1916") },
                      "another maker's device is not asked")
    }
}

/// A rule may fetch objects under the device's own sysObjectID, for makers that root each
/// product's MIB at its product OID (Accton's switchInfoTable).
final class ObjectsUnderTheProductOIDTests: XCTestCase {
    func testObjectsUnderTheDevicesOwnObjectIDAreAskedForAndRead() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        let product: OID = "1.3.6.1.4.1.259.6.10.94"
        let version = product.appending([1, 1, 3, 1, 6, 1]), serial = product.appending([1, 1, 3, 1, 10, 1])
        let wanted = identifier.objectsToFetch(Evidence(sysObjectID: product))
        XCTAssertTrue(wanted.contains(version) && wanted.contains(serial), "\(wanted)")
        XCTAssertFalse(identifier.objectsToFetch(Evidence(sysObjectID: "1.3.6.1.4.1.9.1.617")).contains { $0.description.hasPrefix("1.3.6.1.4.1.9.1.617.1.1.3") },
                       "another maker's product OID is not read under")
        let result = identifier.identify(Evidence(sysObjectID: product, values: [version: .octets(Array("1.4.20.5".utf8)),
                                                                                serial: .octets(Array("EC0123456789".utf8))]))
        XCTAssertEqual(result.version, "1.4.20.5")
        XCTAssertEqual(result.serial, "EC0123456789")
        // Another product's objects say nothing about this one.
        let other = identifier.identify(Evidence(sysObjectID: "1.3.6.1.4.1.259.6.10.57", values: [version: .octets(Array("1.4.20.5".utf8))]))
        XCTAssertNil(other.version)
        XCTAssertTrue(identifier.catalog.fetchedUnderProduct.contains("1.1.3.1.6.1"))
    }

    func testAFetchUnderTheObjectIDNeedsAnObjectIDCondition() {
        var catalog = Catalog()
        XCTAssertThrowsError(try catalog.add(file: DataFile.parse("""
            rules:
              - id: x
                when: { sysDescr: 'Acme' }
                fetch: { version: '{sysObjectID}.1.2.0' }
                examples: [{ sysDescr: Acme, expect: {} }]
            """, file: "bad.yaml"))) { error in
            XCTAssertTrue("\(error)".contains("needs a sysObjectID condition"), "\(error)")
        }
    }
}

/// A rule may read the first row of a column (`<column>.*`, one GETNEXT): a maker's identity
/// table indexed by the unit's MAC address (Cambium cnPilot), which no fixed GET reaches.
final class FirstRowOfAColumnTests: XCTestCase {
    let serialColumn: OID = "1.3.6.1.4.1.17713.22.1.1.1.4"

    func testTheColumnIsAskedForByGetNextOnlyOfTheMakersDevicesAndOnce() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        let cnPilot: OID = "1.3.6.1.4.1.17713.22.3.6"
        let wanted = identifier.vendorObjects(Evidence(sysObjectID: cnPilot))
        XCTAssertTrue(wanted.firstRowOf.contains(serialColumn), "\(wanted)")
        XCTAssertFalse(wanted.objects.contains(serialColumn), "not a GET of the column itself")
        XCTAssertTrue(identifier.catalog.fetchedFirstRows.contains(serialColumn), "kept when a recording is read")
        XCTAssertFalse(identifier.vendorObjects(Evidence(sysObjectID: "1.3.6.1.4.1.9.1.617")).firstRowOf.contains(serialColumn),
                       "another maker's device is not asked")
        let answered = Evidence(sysObjectID: cnPilot, values: [serialColumn.appending([0, 4, 86, 18, 52, 86]): .octets(Array("W8VC0A1B2C3D".utf8))])
        XCTAssertFalse(identifier.columnsToFetch(answered).contains(serialColumn), "a column already answered is not asked again")
    }

    func testTheLowestRowFeedsTheField() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        let result = identifier.identify(Evidence(sysObjectID: "1.3.6.1.4.1.17713.22.3.6", values: [
            serialColumn.appending([0, 4, 86, 18, 52, 87]): .octets(Array("SECOND".utf8)),
            serialColumn.appending([0, 4, 86, 18, 52, 86]): .octets(Array("W8VC0A1B2C3D".utf8)),
            "1.3.6.1.4.1.17713.22.1.1.1.5": .octets(Array("NOT-A-ROW".utf8)),   // the column's own OID is no row of it
        ]))
        XCTAssertEqual(result.serial, "W8VC0A1B2C3D")
        XCTAssertEqual(result.model, "cnPilot E410", "the product row's model, above the table's")
    }

    func testACatalogRuleReadsAColumnsFirstRow() throws {
        var catalog = Catalog()
        try catalog.add(file: DataFile.parse("""
        rules:
          - id: acme-ap-table
            when: { sysObjectID: [1.3.6.1.4.1.99999.1 and below] }
            fetch: { serial: 1.3.6.1.4.1.99999.2.1.4.* }
            examples:
              - sysObjectID: 1.3.6.1.4.1.99999.1
                values: { 1.3.6.1.4.1.99999.2.1.4.0.4.86.1.2.3: 'AC1234' }
                expect: { serial: AC1234 }
        """, file: "first-row.yaml"))
        let rule = try XCTUnwrap(catalog.rules.first { $0.id == "acme-ap-table" })
        XCTAssertEqual(Identifier(catalog: catalog).checkExamples().count, 0, "its example reads the row")
        XCTAssertEqual(rule.fetchFirstRow[.serial], "1.3.6.1.4.1.99999.2.1.4")
        XCTAssertTrue(rule.fetch.isEmpty, "not a GET")
        var bad = Catalog()
        XCTAssertThrowsError(try bad.add(file: DataFile.parse("""
        rules:
          - id: acme-bad
            when: { sysObjectID: [1.3.6.1.4.1.99999.1] }
            fetch: { serial: 1.3.6.1.4.1.99999.x.* }
            examples:
              - { sysObjectID: 1.3.6.1.4.1.99999.1, expect: { serial: X } }
        """, file: "bad.yaml")), "a column that is no OID")
    }
}


/// A rule may read the device's own row of a table every member of a cluster answers whole
/// (`row-by-address:`, an Instant cluster's access points): the row whose address column holds
/// the address the device was asked at.
final class OwnRowByAddressTests: XCTestCase {
    let addressColumn: OID = "1.3.6.1.4.1.14823.2.3.3.1.2.1.1.3"
    let serialColumn: OID = "1.3.6.1.4.1.14823.2.3.3.1.2.1.1.4"
    let instantAP: OID = "1.3.6.1.4.1.14823.1.2.111"

    /// Two members' rows (MAC-address indexes), as the cluster answers them.
    func cluster(_ values: [(index: [UInt32], address: SNMPValue, serial: String)]) -> [OID: SNMPValue] {
        var table: [OID: SNMPValue] = [:]
        for row in values {
            table[addressColumn.appending(row.index)] = row.address
            table[serialColumn.appending(row.index)] = .octets(Array(row.serial.utf8))
        }
        return table
    }

    func testTheRowHoldingTheDevicesAddressFeedsTheField() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        let values = cluster([([0, 11, 134, 1, 2, 3], .ipAddress(IPv4Address(198, 18, 0, 9)), "CNFIRST001"),
                              ([0, 11, 134, 1, 2, 4], .ipAddress(IPv4Address(198, 18, 0, 4)), "CNOWN00002")])
        let own = identifier.identify(Evidence(sysObjectID: instantAP, values: values, address: IPv4Address(198, 18, 0, 4)))
        XCTAssertEqual(own.serial, "CNOWN00002", "its own row, not the first")
        XCTAssertNil(identifier.identify(Evidence(sysObjectID: instantAP, values: values)).serial,
                     "no address (a recording read offline): no row is the device's")
        XCTAssertNil(identifier.identify(Evidence(sysObjectID: instantAP, values: values, address: IPv4Address(198, 18, 0, 100))).serial,
                     "asked at an address no member has (the virtual controller's): no serial rather than another member's")
        let twice = cluster([([0, 11, 134, 1, 2, 3], .ipAddress(IPv4Address(198, 18, 0, 4)), "CNFIRST001"),
                             ([0, 11, 134, 1, 2, 4], .octets(Array("198.18.0.4".utf8)), "CNOWN00002")])
        XCTAssertNil(identifier.identify(Evidence(sysObjectID: instantAP, values: twice, address: IPv4Address(198, 18, 0, 4))).serial,
                     "two rows hold the address (the second as text): neither is taken")
    }

    func testTheAddressColumnIsWalkedOnlyForTheMakersDevicesUntilAnswered() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        let asked = identifier.vendorObjects(Evidence(sysObjectID: instantAP, address: IPv4Address(198, 18, 0, 4)))
        XCTAssertEqual(asked.ownRows, [.init(addressColumn: addressColumn, columns: [serialColumn])])
        XCTAssertFalse(asked.firstRowOf.contains(serialColumn), "not the first row")
        XCTAssertTrue(identifier.vendorObjects(Evidence(sysObjectID: "1.3.6.1.4.1.9.1.617")).ownRows.isEmpty, "another maker's device")
        let values = cluster([([0, 11, 134, 1, 2, 4], .ipAddress(IPv4Address(198, 18, 0, 4)), "CNOWN00002")])
        XCTAssertTrue(identifier.vendorObjects(Evidence(sysObjectID: instantAP, values: values, address: IPv4Address(198, 18, 0, 4))).ownRows.isEmpty,
                      "the row already read is not asked again")
    }

    func testACatalogRuleNeedsAColumnsRowToReadByAddress() throws {
        var bad = Catalog()
        XCTAssertThrowsError(try bad.add(file: DataFile.parse("""
        rules:
          - id: acme-by-address
            when: { sysObjectID: [1.3.6.1.4.1.99999.1] }
            row-by-address: 1.3.6.1.4.1.99999.2.1.3
            fetch: { serial: 1.3.6.1.4.1.99999.2.1.4.0 }
            examples:
              - { sysObjectID: 1.3.6.1.4.1.99999.1, expect: { serial: X } }
        """, file: "bad.yaml"))) { error in
            XCTAssertTrue("\(error)".contains("row-by-address needs a fetch of a column's row"), "\(error)")
        }
    }
}
