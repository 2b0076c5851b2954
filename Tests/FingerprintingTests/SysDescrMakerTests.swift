import CensusCore
import DataFiles
@testable import Fingerprinting
import XCTest

/// The maker a sysDescr names by an organization of the IANA registry, and the product that
/// follows the maker's name (Catalog.leadingMaker, Identifier.modelAfterMaker).
final class SysDescrMakerTests: XCTestCase {
    static func identifier() throws -> Identifier {
        var catalog = Catalog()
        try catalog.addEnterpriseRegistry("""
            # test registry
            4\tUnix
            100\tAcme Widgets, Inc.
            101\tZorblatt Technologies Corp.
            102\tQuuxco Coporation
            103\tLinux Systems GmbH
            104\tGlorp Networks Inc. (formerly 'Glorp')
            105\tBlip Systems
            106\tBigco AB (formerly 'Frobnic Networks, Inc.')
            107\tSilent Systems
            108\tDigital Video
            109\tSilex Technology America, Inc.
            """, file: "test.tsv")
        return Identifier(catalog: catalog)
    }

    func testARegisteredOrganizationOpeningSysDescrNamesTheVendor() throws {
        let identifier = try Self.identifier()
        func vendor(_ text: String) -> String? { identifier.identify(Evidence(sysDescr: text)).vendor }
        XCTAssertEqual(vendor("Acme Widgets WX-200 v1.2"), "Acme Widgets", "the registered name, legal form aside")
        XCTAssertEqual(vendor("ACME WIDGETS WX-200"), "Acme Widgets", "case aside, spelled as registered")
        XCTAssertEqual(vendor("Zorblatt PM43;P10.14"), "Zorblatt", "one word before a company word of the registered name")
        XCTAssertEqual(vendor("Quuxco Corporation I-Class 4208 Ver:08.01"), "Quuxco")
        XCTAssertEqual(vendor("SSR 2000 - Glorp Networks, Inc. Firmware Version: 2.2"), "Glorp Networks", "a company before its legal form")
        XCTAssertEqual(vendor("Box Release 2 (C) Copyright 2003 by Acme Widgets Inc."), "Acme Widgets", "after a copyright mark")
        XCTAssertEqual(vendor("Frobnic Networks AOS Release 5.0.6.10"), "Frobnic Networks", "a maker by the name it had before the registry renamed it")
        XCTAssertEqual(vendor("Edge Router - Copyright (c) 1997-2002 by Frobnic Networks, Inc."), "Frobnic Networks")
        XCTAssertEqual(vendor("\"Acme Widgets WX-200 v1.2"), "Acme Widgets", "a stray quote opening the text is not the maker's word")
        XCTAssertEqual(vendor("Bigco S-100"), "Bigco", "the current name still names it")
        XCTAssertEqual(vendor("Frobnic AP: 01.03.04"), "Frobnic", "one word of a former name before a company word")
        XCTAssertNil(vendor("Linux host 5.10.0 #1 SMP x86_64"), "an OS word is no maker")
        // Words of a sentence are no company, whatever the registry holds under them.
        XCTAssertNil(vendor("silent subtree agent"))
        XCTAssertNil(vendor("Digital video recorder"))
        XCTAssertEqual(vendor("Digital Video DV-400"), "Digital Video", "written as a name, it is one")
        XCTAssertEqual(vendor("silex PocketPro 100s"), "Silex", "a brand written in lower case, before a product token")
        XCTAssertNil(vendor("UNIX System Machine Type"), "an OS word is no maker, even where one is registered so")
        XCTAssertNil(vendor("Acme box"), "no registered organization is called Acme alone")
        XCTAssertNil(vendor("Blip box"), "a one-word prefix counts only from five letters")
        let result = identifier.identify(Evidence(sysDescr: "Acme Widgets WX-200 v1.2"))
        XCTAssertEqual(result.matches.filter { $0.fields.contains("vendor") }.map(\.rule), [Identifier.sysDescrVendorRule])
    }

    /// A maker of the catalog's vendor tables (no registry entry) named after a copyright mark or
    /// before a legal form; the mark ignores case, the maker's name after it keeps its capital C.
    func testACatalogVendorAfterACopyrightMarkOrBeforeALegalForm() throws {
        var catalog = Catalog()
        try catalog.add(file: DataFile.parse("""
            vendors:
              - name: Crumbco
                aliases: ['(?i)^Crumbco\\b']
              - name: Cisco
                aliases: ['(?i)^Cisco\\b']
            """, file: "vendors.yaml"))
        let identifier = Identifier(catalog: catalog)
        func vendor(_ text: String) -> String? { identifier.identify(Evidence(sysDescr: text)).vendor }
        XCTAssertEqual(vendor("SmartSwitch Router 245 v3.7.1 Copyright (c) 1996-1999 Crumbco Systems, Inc. All Rights Reserved"), "Crumbco")
        XCTAssertEqual(vendor("Router 245 (C) Crumbco"), "Crumbco")
        XCTAssertEqual(vendor("WLSE 1030 Release 2.13 (C) Copyright 2006 by Cisco Systems Inc."), "Cisco")
        XCTAssertEqual(vendor("Box © 2019 Cisco"), "Cisco")
        XCTAssertEqual(vendor("SSR 2000 - Crumbco Systems, Inc. Firmware Version: 2.2.0.1"), "Crumbco", "a catalog vendor before a legal form")
        XCTAssertNil(vendor("Router 245 Copyright (c) 1999 rumbco"), "the C of the mark is not the maker's")
    }

    /// The real registry and vendor tables: a former name a device writes in part ("Foundry" of
    /// "Brocade … (formerly 'Foundry Networks, Inc.')") is the trade name the catalog gives it.
    func testAFormerNameTakesTheCatalogsTradeName() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        XCTAssertEqual(identifier.identify(Evidence(sysDescr: "Foundry AP: 01.03.04Tw8 v2.0.0")).vendor, "Brocade")
        XCTAssertEqual(identifier.identify(Evidence(sysDescr: "Redback Networks AOS Release 6.0.8.0 PRODUCTION RELEASE")).vendor, "RedBack Networks")
    }

    func testTheProductAfterTheMakerIsTheModel() throws {
        let identifier = try Self.identifier()
        func model(_ text: String) -> String? { identifier.identify(Evidence(sysDescr: text)).model }
        XCTAssertEqual(model("Acme Widgets Gateway Security 360"), "Gateway Security 360")
        XCTAssertEqual(model("ACME WIDGETS BitStorm 2600; S/W Release: 02.05.07;"), "BitStorm 2600")
        XCTAssertEqual(model("Acme Widgets 3347NWG v7.5.1r8"), "3347NWG")
        XCTAssertEqual(model("Acme Widgets, Inc. 2E42-27R Rev 04.07.07"), "2E42-27R", "the legal form left over is no model")
        XCTAssertEqual(model("Acme Widgets AP-3v2.4.5(758) SN-01UT47560491"), "AP-3")
        XCTAssertEqual(model("Zorblatt TransPort WR21-HX1B Ser#:211555 Software Build"), "TransPort WR21-HX1B")
        XCTAssertEqual(model("Acme Widgets Model WX-600V, Acme OS Version: 16.0.1"), "WX-600V", "the label before the product is not part of it")
        XCTAssertEqual(model("Acme Widgets Model No.: WX-7"), "WX-7")
        XCTAssertNil(model("Acme Widgets IOS Software, Version 12.2"), "no digit before the software word")
        XCTAssertNil(model("Acme Widgets Networking OS10 Enterprise"), "an OS name is no model")
        XCTAssertNil(model("Acme Widgets fw1 87112 FreeBSD 13.2-RELEASE amd64"), "nor a BSD's name, after a host name")
        XCTAssertNil(model("Acme Widgets Adaptive Security Appliance Version 8.0(2)"), "no digit: not a model token")
        XCTAssertNil(model("Acme Widgets one two three four five 6"), "more than four words")
        XCTAssertNil(model("Acme Widgets 10G Routi"), "a port speed is the only digit: a kind of product, cut short")
        XCTAssertNil(model("Acme Widgets 10/100/1000 Switch"), "a speed range is no product code")
        XCTAssertNil(model("Acme Widgets 24-Port Gigabit Switch"), "nor is a port count")
        XCTAssertNil(model("Acme Widgets Built-in 11b/g/n Print Server"), "the network part inside a printer is not its model")
        XCTAssertEqual(model("Acme Widgets 10G Switch XS708T"), "10G Switch XS708T", "a product code beside the speed still counts")
        XCTAssertEqual(model("Acme Widgets 1810G-24 v1.0"), "1810G-24", "a code ending in G is no speed")
        XCTAssertEqual(model("Acme Widgets EdgeIron 24G"), "EdgeIron 24G", "nor is a port count with G")
        XCTAssertEqual(model("Acme Widgets 540/542 Print Server"), "540/542 Print Server", "nor a list of models")
        let result = identifier.identify(Evidence(sysDescr: "Acme Widgets 3347NWG v7.5.1r8"))
        XCTAssertEqual(result.matches.filter { $0.fields.contains("model") }.map(\.rule), [Identifier.sysDescrModelRule])
    }

    /// A maker the catalog lists by a short name but the registry by its whole name: the whole
    /// name, where the device writes it, is not part of the product.
    func testTheMakersWholeRegisteredNameIsNotPartOfTheModel() throws {
        var catalog = Catalog()
        try catalog.addEnterpriseRegistry("""
            # test registry
            100\tFrobozz Wireless, Inc.
            """, file: "test.tsv")
        try catalog.add(file: DataFile.parse("""
            vendors:
              - name: Frobozz
                aliases: ['(?i)^Frobozz']
            """, file: "vendors.yaml"))
        let identifier = Identifier(catalog: catalog)
        func identified(_ text: String) -> Identification { identifier.identify(Evidence(sysDescr: text)) }
        XCTAssertEqual(identified("Frobozz Wireless ZoneKeeper 1200").model, "ZoneKeeper 1200")
        XCTAssertEqual(identified("Frobozz Wireless ZoneKeeper 1200").vendor, "Frobozz")
        XCTAssertEqual(identified("Frobozz ZK-1200 v1.2").model, "ZK-1200", "the short name alone still opens it")
        XCTAssertEqual(identified("Frobozz Wireless-AC 1200 Bridge").model, "Wireless-AC 1200 Bridge", "a word only starting like the name stays")
    }

    func testASysDescrThatIsOnlyAProductCodeIsTheModel() throws {
        let identifier = try Self.identifier()
        func model(_ text: String, name: String? = nil) -> String? { identifier.identify(Evidence(sysDescr: text, sysName: name)).model }
        XCTAssertEqual(model("FNS-SFP-24"), "FNS-SFP-24")
        XCTAssertEqual(model("SP40       "), "SP40", "padding aside")
        XCTAssertEqual(model("DS_4100B", name: "san-edge-1"), "DS_4100B")
        XCTAssertNil(model("FAP-ABC-01D", name: "FAP-ABC-01D"), "an agent that answers its host name")
        XCTAssertNil(model("ap7", name: "AP7.example.net"), "its host name, domain aside")
        XCTAssertNil(model("Firewall"), "no digit")
        XCTAssertNil(model("v2.1.0"), "a version")
        XCTAssertNil(model("ACMEOS5-VOIP_SIP-V4.3R4E18"), "a software image with its version")
        XCTAssertNil(model("198.18.0.7"), "an address")
        XCTAssertNil(model("00:11:22:33:44:55"), "a MAC")
        XCTAssertNil(model("Lynx 4.32 primary"), "more than one token")
        let result = identifier.identify(Evidence(sysDescr: "FNS-SFP-24"))
        XCTAssertEqual(result.matches.filter { $0.fields.contains("model") }.map(\.rule), [Identifier.sysDescrModelRule])
    }
}

/// A maker whose products are nearly all one class names the class nothing else names.
final class MakerClassTests: XCTestCase {
    func testAPrinterMakersDeviceIsAPrinterWhenNothingElseSays() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        let plain = identifier.identify(Evidence(sysDescr: "Lexmark Acme 1234 box"))
        XCTAssertEqual(plain.vendor, "Lexmark")
        XCTAssertEqual(plain.class, .printer)
        XCTAssertEqual(plain.matches.filter { $0.fields.contains("class") }.map(\.rule), [Identifier.makerClassRule])
        // A rule's class comes first.
        XCTAssertEqual(identifier.identify(Evidence(sysDescr: "Lexmark Acme Managed Switch")).class, .switch)
        // A vendor no maker class is given for stays unknown.
        XCTAssertEqual(identifier.identify(Evidence(sysDescr: "Cisco Acme thing")).class, .unknown)
    }

    func testAHostThatAnswersNothingButItsMACGetsItsMakersClass() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        func named(_ oui: String) -> (String?, DeviceClass) {
            let result = identifier.identify(Evidence(ouiVendor: oui))
            return (result.vendor, result.class)
        }
        XCTAssertEqual(named("Espressif Inc.").1, .iot, "a Wi-Fi module maker's gadget")
        XCTAssertEqual(named("Sonos, Inc.").1, .iot)
        XCTAssertEqual(named("Hangzhou Ezviz Software Co.,Ltd.").1, .camera)
        XCTAssertEqual(named("Edgecore Networks Corporation").1, .switch)
        XCTAssertEqual(named("Accton Technology Corp").0, "Edgecore", "Accton's registry entries name its switch arm")
        let console = named("Sony Interactive Entertainment Inc.")
        XCTAssertEqual(console.0, "Sony Interactive Entertainment", "a more specific name than Sony's")
        XCTAssertEqual(console.1, .iot)
        XCTAssertEqual(named("Sony Corporation").1, .unknown, "Sony makes too many kinds of things")
        XCTAssertEqual(named("QSC AG").1, .unknown, "not the audio maker")
    }

    func testSingleClassNetworkMakersNameTheClassOfAProductNoRuleKnows() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        func named(_ oui: String) -> DeviceClass { identifier.identify(Evidence(ouiVendor: oui)).class }
        XCTAssertEqual(named("Arista Networks"), .switch)
        XCTAssertEqual(named("DrayTek Corp."), .router)
        XCTAssertEqual(named("Sagemcom Broadband SAS"), .router, "a cable or DSL gateway")
        XCTAssertEqual(named("ARRIS Group, Inc."), .router)
        XCTAssertEqual(named("AVM Audiovisuelles Marketing und Computersysteme GmbH"), .router)
        XCTAssertEqual(named("F5 Networks, Inc."), .appliance)
        XCTAssertEqual(named("Cambium Networks Limited"), .wirelessAP)
        XCTAssertEqual(named("Allied Telesis, Inc."), .switch)
        XCTAssertEqual(named("TP-LINK TECHNOLOGIES CO.,LTD."), .unknown, "routers, access points and switches alike")
        XCTAssertEqual(named("iXsystems Inc."), .storage)
    }

    func testAMakersClassOutranksTheClassOfTheAgentsPlatform() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        let linux = "Linux nas01 4.4.180+ #42962 SMP Mon May 29 14:37:43 CST 2023 x86_64"
        func identify(_ oui: String?) -> Identification {
            identifier.identify(Evidence(sysDescr: linux, sysObjectID: "1.3.6.1.4.1.8072.3.2.10", ouiVendor: oui))
        }
        // net-snmp on Linux alone says server.
        XCTAssertEqual(identify(nil).class, .server)
        XCTAssertEqual(identify("Intel Corporate").class, .server, "a maker of many kinds of things leaves it")
        // A NAS maker's Linux box is storage, whatever runs inside.
        let nas = identify("Synology Incorporated")
        XCTAssertEqual(nas.vendor, "Synology")
        XCTAssertEqual(nas.class, .storage)
        XCTAssertEqual(nas.os, "Linux", "the platform still names the operating system")
        XCTAssertEqual(nas.matches.filter { $0.fields.contains("class") }.map(\.rule), [Identifier.makerClassRule])
        // A rule that knows the product still comes first.
        let printer = identifier.identify(Evidence(sysDescr: "Lexmark Acme Managed Switch", ouiVendor: "Lexmark International, Inc."))
        XCTAssertEqual(printer.class, .switch)
    }
}

/// An operating system's maker is the vendor of a host whose hardware maker nothing names.
final class OSVendorTests: XCTestCase {
    static let windowsServer = "Hardware: Intel64 Family 6 Model 85 Stepping 7 AT/AT COMPATIBLE - Software: Windows Version 6.3 (Build 17763 Multiprocessor Free)"

    func testAWindowsHostIsMicrosoftsUntilItsHardwareSaysMore() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        let bare = identifier.identify(Evidence(sysDescr: Self.windowsServer, sysObjectID: "1.3.6.1.4.1.311.1.1.3.1.2"))
        XCTAssertEqual(bare.os, "Windows Server")
        XCTAssertEqual(bare.vendor, "Microsoft")
        XCTAssertEqual(bare.matches.filter { $0.fields.contains("vendor") }.map(\.rule), [Identifier.osVendorRule])
        // The MAC registry's maker (the hardware's) comes first.
        let dell = identifier.identify(Evidence(sysDescr: Self.windowsServer, sysObjectID: "1.3.6.1.4.1.311.1.1.3.1.2", ouiVendor: "Dell Inc."))
        XCTAssertEqual(dell.vendor, "Dell")
        XCTAssertEqual(dell.os, "Windows Server", "the OS stays")
        // So does the chassis row's manufacturer.
        let hpe = identifier.identify(Evidence(sysDescr: Self.windowsServer, sysObjectID: "1.3.6.1.4.1.311.1.1.3.1.2",
                                               entityManufacturer: "Hewlett Packard Enterprise"))
        XCTAssertEqual(hpe.vendor, "HPE")
        // A bare Linux kernel names no OS maker.
        XCTAssertNil(identifier.identify(Evidence(sysDescr: "Linux web1 5.10.0-21 #1 SMP x86_64",
                                                  sysObjectID: "1.3.6.1.4.1.8072.3.2.10")).vendor)
    }

    /// A Linux host whose kernel names its distribution is the distribution's maker's, the same way.
    func testALinuxHostIsItsDistributionsMakersUntilItsHardwareSaysMore() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        let cases = [("Linux web1 5.10.0-21-amd64 #1 SMP Debian 5.10.162-1 x86_64", "Debian"),
                     ("Linux web2 5.15.0-91-generic #101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023 x86_64", "Canonical"),
                     ("Linux db1 3.10.0-1160.el7.x86_64 #1 SMP Mon Oct 19 16:18:59 UTC 2020 x86_64", "Red Hat"),
                     ("Linux db2 4.14.35-1902.300.11.el7uek.x86_64 #2 SMP Tue Mar 17 17:11:47 PDT 2020 x86_64", "Oracle"),
                     ("Linux ha 6.12.51-haos #1 SMP PREEMPT_DYNAMIC Tue Nov  4 13:52:04 UTC 2025 x86_64", "Nabu Casa"),
                     ("Linux Tower 6.1.106-Unraid #1 SMP PREEMPT_DYNAMIC Wed Aug 21 10:04:28 PDT 2024 x86_64", "Lime Technology"),
                     ("Linux nas 6.6.44-production+truenas #1 SMP PREEMPT_DYNAMIC Mon Oct 14 18:02:25 UTC 2024 x86_64", "iXsystems")]
        for (descr, maker) in cases {
            let host = identifier.identify(Evidence(sysDescr: descr, sysObjectID: "1.3.6.1.4.1.8072.3.2.10"))
            XCTAssertEqual(host.vendor, maker, descr)
            XCTAssertEqual(host.os, "Linux", "the OS stays Linux; the distribution is the family")
            XCTAssertEqual(host.matches.filter { $0.fields.contains("vendor") }.map(\.rule), [Identifier.osVendorRule], descr)
            // The hardware's maker, from the MAC registry, comes first.
            XCTAssertEqual(identifier.identify(Evidence(sysDescr: descr, sysObjectID: "1.3.6.1.4.1.8072.3.2.10", ouiVendor: "Dell Inc.")).vendor, "Dell")
        }
        // A family only opening with a maker's OS name is not that OS ("Debianish 2" is no Debian).
        let catalog = try Catalog.builtIn()
        XCTAssertNil(catalog.distributionMaker("Debianish 2"))
        XCTAssertEqual(catalog.distributionMaker("RHEL/CentOS 7"), "Red Hat")
        XCTAssertEqual(catalog.distributionMaker("Red Hat Enterprise Linux Server"), "Red Hat")
    }
}

extension SysDescrMakerTests {
    /// uname's first word is the operating system, not a maker, even when an organization of the
    /// registry has that name ("DragonFly HOST 6.4-RELEASE …" runs DragonFly BSD, made by no Dragonfly).
    func testAnOperatingSystemOpeningItsUnameLineIsNoMaker() throws {
        var catalog = Catalog()
        try catalog.addEnterpriseRegistry("""
            # test registry
            100\tZorblatt Technologies Corp.
            """, file: "test.tsv")
        try catalog.add(file: DataFile.parse("""
            rules:
              - id: zorblatt-os
                when: { sysDescr: '^Zorblatt \\S+ (?<version>\\d+\\.\\d+)' }
                set: { os: Zorblatt OS, version: '{version}' }
                examples:
                  - sysDescr: 'Zorblatt h 1.0'
                    expect: { os: Zorblatt OS }
            """, file: "rules.yaml"))
        let identifier = Identifier(catalog: catalog)
        let host = identifier.identify(Evidence(sysDescr: "Zorblatt host1 6.4 x86_64"))
        XCTAssertEqual(host.os, "Zorblatt OS")
        XCTAssertEqual(host.version, "6.4")
        XCTAssertNil(host.vendor, "the OS's own name opens the line: no maker is named")
        XCTAssertEqual(identifier.identify(Evidence(sysDescr: "Zorblatt PM43 v1.2")).vendor, "Zorblatt",
                       "without the OS rule the same word still names the maker")
    }

    /// A Mac's uname line opens with Darwin, its kernel, while the OS is named macOS, and the
    /// registry holds a Darwin Solutions: the word after the kernel's is the host's name, never a
    /// model ("site7-dev42" was read as one when the host was renamed).
    func testTheHostAfterAKernelNameIsNoModelWhateverTheOSIsCalled() throws {
        var catalog = Catalog()
        try catalog.addEnterpriseRegistry("""
            # test registry
            100\tDarwin Solutions LLC
            """, file: "test.tsv")
        try catalog.add(file: DataFile.parse("""
            rules:
              - id: macos
                when: { sysDescr: '^Darwin \\S+ \\d+\\.\\d+' }
                set: { os: macOS, vendor: Apple }
                examples:
                  - sysDescr: 'Darwin h 21.6.0'
                    expect: { os: macOS }
            """, file: "rules.yaml"))
        let mac = Identifier(catalog: catalog).identify(Evidence(sysDescr: "Darwin site7-dev42 21.6.0 Darwin Kernel Version 21.6.0",
                                                                 sysName: "site7-dev42"))
        XCTAssertEqual(mac.vendor, "Apple")
        XCTAssertNil(mac.model, "a host name is no model")
    }
}

/// QTS names a firmware by its platform family, the bay count written as X ("TS-X82S"), with a
/// four-part release: that is a QNAP; a three-part kernel release under such a name is not said to be.
final class QNAPFirmwareFamilyTests: XCTestCase {
    func testAFirmwareFamilyAndAFourPartReleaseAreAQNAPs() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        let nas = identifier.identify(Evidence(sysDescr: "Linux TS-X82S 5.2.1.2930"))
        XCTAssertEqual(nas.vendor, "QNAP")
        XCTAssertEqual(nas.class, .storage)
        XCTAssertEqual(nas.version, "5.2.1.2930")
        XCTAssertNil(nas.model, "a family with X for the bay count is no model")
        let hero = identifier.identify(Evidence(sysDescr: "Linux TS-X73A h5.1.2.2534"))
        XCTAssertEqual(hero.vendor, "QNAP")
        XCTAssertEqual(hero.version, "h5.1.2.2534")
        let kernel = identifier.identify(Evidence(sysDescr: "Linux TS-X53 4.14.24", sysObjectID: "1.3.6.1.4.1.8072.3.2.10"))
        XCTAssertNotEqual(kernel.vendor, "QNAP", "a kernel release names no QNAP")
        XCTAssertEqual(kernel.version, "4.14.24")
    }
}
