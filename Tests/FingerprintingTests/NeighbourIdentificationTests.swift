import CensusCore
@testable import Fingerprinting
import SNMPModel
import XCTest

/// Devices that do not answer SNMP, named from what an answering switch's LLDP table says of them.
final class NeighbourIdentificationTests: XCTestCase {
    static let phoneMAC = MACAddress("00:14:22:01:00:03")!
    static let apMAC = MACAddress("3c:d9:2b:01:00:02")!

    /// A switch with four neighbours: a phone by its chassis MAC (subtype 4), an access point by
    /// its port MAC (port subtype 3, chassis a local name), a camera by its management address
    /// (chassis subtype 5: IPv4), and a row that says nothing a rule can use.
    static let switchRecording = """
        1.0.8802.1.1.2.1.4.1.1.4.0.3.1|2|4
        1.0.8802.1.1.2.1.4.1.1.4.0.7.1|2|7
        1.0.8802.1.1.2.1.4.1.1.4.0.9.1|2|5
        1.0.8802.1.1.2.1.4.1.1.4.0.11.1|2|4
        1.0.8802.1.1.2.1.4.1.1.5.0.3.1|4x|001422010003
        1.0.8802.1.1.2.1.4.1.1.5.0.7.1|4|ap-lobby
        1.0.8802.1.1.2.1.4.1.1.5.0.9.1|4x|01c6120009
        1.0.8802.1.1.2.1.4.1.1.5.0.11.1|4x|020000000011
        1.0.8802.1.1.2.1.4.1.1.6.0.7.1|2|3
        1.0.8802.1.1.2.1.4.1.1.7.0.7.1|4x|3cd92b010002
        1.0.8802.1.1.2.1.4.1.1.9.0.3.1|4|reception-phone
        1.0.8802.1.1.2.1.4.1.1.10.0.3.1|4|Yealink SIP-T46S 66.86.0.15
        1.0.8802.1.1.2.1.4.1.1.10.0.7.1|4|ArubaOS (MODEL: 515), Version 8.10.0.2 SSR
        1.0.8802.1.1.2.1.4.1.1.10.0.9.1|4|AXIS P3245-LV Network Camera 10.12.165
        1.0.8802.1.1.2.1.4.1.1.10.0.11.1|4|x
        1.0.8802.1.1.2.1.4.1.1.12.0.3.1|4x|2400
        1.3.6.1.2.1.1.1.0|4|Acme Switch
        1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.1

        """

    func testSilentNeighboursAreNamedFromTheirSwitchsLLDPRows() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        let switchFacts = try SNMPRecording.facts(fromText: Self.switchRecording, file: "switch.snmprec", ip: IPv4Address(198, 18, 0, 1))
        let now = Date()
        let hosts = [
            HostObservation(ip: IPv4Address(198, 18, 0, 3), mac: Self.phoneMAC, vendor: "Dell Inc.", seenBy: [.arpSweep], firstSeen: now),
            HostObservation(ip: IPv4Address(198, 18, 0, 2), mac: Self.apMAC, seenBy: [.arpSweep], firstSeen: now),
            HostObservation(ip: IPv4Address(198, 18, 0, 9), mac: MACAddress("00:40:8c:00:00:09")!, seenBy: [.arpSweep], firstSeen: now),
            HostObservation(ip: IPv4Address(198, 18, 0, 11), mac: MACAddress("02:00:00:00:00:11")!, seenBy: [.arpSweep], firstSeen: now),
            HostObservation(ip: IPv4Address(198, 18, 0, 20), mac: MACAddress("02:00:00:00:00:20")!, seenBy: [.arpSweep], firstSeen: now),
        ]
        let named = identifier.identifyNeighbours(of: [switchFacts], silent: hosts)

        let phone = try XCTUnwrap(named[IPv4Address(198, 18, 0, 3)])
        XCTAssertEqual(phone.vendor, "Yealink", "the device's own words outrank its MAC block's owner")
        XCTAssertEqual(phone.model, "SIP-T46S")
        XCTAssertEqual(phone.class, .phone)
        XCTAssertEqual(phone.version, "66.86.0.15")
        XCTAssertEqual(phone.matches.first?.rule, "lldp-neighbour 198.18.0.1 port 3")

        let ap = try XCTUnwrap(named[IPv4Address(198, 18, 0, 2)], "found by the MAC in its port identifier")
        XCTAssertEqual(ap.class, .wirelessAP)
        XCTAssertEqual(ap.model, "AP-515")
        let camera = try XCTUnwrap(named[IPv4Address(198, 18, 0, 9)], "found by its management address")
        XCTAssertEqual(camera.class, .camera)
        XCTAssertNil(named[IPv4Address(198, 18, 0, 11)], "a row no rule can read names nothing")
        XCTAssertNil(named[IPv4Address(198, 18, 0, 20)], "a host no row names")
        // A host known only from a router's ARP cache is not named from a table row.
        var learnt = hosts[0]
        learnt.seenBy = [.routerARP]
        XCTAssertNil(identifier.identifyNeighbours(of: [switchFacts], silent: [learnt])[learnt.ip])

        // A host that answered SNMP itself keeps its own identification: the neighbour's row is not used.
        let answeringPhone = try SNMPRecording.facts(fromText: "1.3.6.1.2.1.1.1.0|4|Acme Phone 1\n", file: "p.snmprec", ip: IPv4Address(198, 18, 0, 3))
        XCTAssertNil(identifier.identifyNeighbours(of: [switchFacts, answeringPhone], silent: hosts)[IPv4Address(198, 18, 0, 3)])
    }

    /// Some agents (MikroTik's, among others) send a MAC-subtype chassis ID as its text rather
    /// than six octets: the neighbour is still found by that MAC.
    func testAChassisMACWrittenAsTextStillFindsTheNeighbour() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        let router = try SNMPRecording.facts(fromText: """
            1.0.8802.1.1.2.1.4.1.1.4.0.1.1|2|4
            1.0.8802.1.1.2.1.4.1.1.5.0.1.1|4|2C:C8:1B:A6:1D:39
            1.0.8802.1.1.2.1.4.1.1.10.0.1.1|4|AXIS P3245-LV Network Camera 10.12.165
            1.3.6.1.2.1.1.1.0|4|RouterOS RB3011UiAS

            """, file: "router.snmprec", ip: IPv4Address(198, 18, 0, 1))
        let camera = HostObservation(ip: IPv4Address(198, 18, 0, 7), mac: MACAddress("2c:c8:1b:a6:1d:39")!, seenBy: [.arpSweep], firstSeen: Date())
        let named = try XCTUnwrap(identifier.identifyNeighbours(of: [router], silent: [camera])[camera.ip])
        XCTAssertEqual(named.class, .camera)
        XCTAssertEqual(named.model, "P3245-LV")
    }

    /// Cisco's CDP cache names neighbours too: a phone by the MAC its device ID spells, an access
    /// point by its address, with the platform as its model.
    func testCDPNeighboursAreNamedFromPlatformAndVersion() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        let facts = try SNMPRecording.facts(fromText: """
            1.3.6.1.2.1.1.1.0|4|Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version 15.2(2)E7, RELEASE SOFTWARE (fc3)
            1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9.1.1208
            1.3.6.1.4.1.9.9.23.1.2.1.1.3.10001.1|2|1
            1.3.6.1.4.1.9.9.23.1.2.1.1.3.10002.2|2|1
            1.3.6.1.4.1.9.9.23.1.2.1.1.4.10001.1|4x|0a000001
            1.3.6.1.4.1.9.9.23.1.2.1.1.4.10002.2|4x|c612000c
            1.3.6.1.4.1.9.9.23.1.2.1.1.5.10001.1|4|sip88xx.14-1-1-0001-125
            1.3.6.1.4.1.9.9.23.1.2.1.1.5.10002.2|4|Cisco AP Software, ap3g3-k9w8 Version: 8.10.151.0
            1.3.6.1.4.1.9.9.23.1.2.1.1.6.10001.1|4|SEP00142201000A
            1.3.6.1.4.1.9.9.23.1.2.1.1.6.10002.2|4|ap-floor2
            1.3.6.1.4.1.9.9.23.1.2.1.1.8.10001.1|4|Cisco IP Phone 8851
            1.3.6.1.4.1.9.9.23.1.2.1.1.8.10002.2|4|cisco AIR-AP2802I-E-K9
            1.3.6.1.4.1.9.9.23.1.2.1.1.9.10001.1|4x|00000490
            1.3.6.1.4.1.9.9.23.1.2.1.1.9.10002.2|4x|00000023

            """, file: "c2960.snmprec", ip: IPv4Address(198, 18, 0, 1))
        let sightings = NeighbourSighting.all(in: facts)
        XCTAssertEqual(sightings.map(\.protocolName), ["cdp", "cdp"])
        XCTAssertEqual(sightings[0].macs, [MACAddress("00:14:22:01:00:0a")!], "SEP and the phone's MAC")
        XCTAssertEqual(sightings[0].capabilities, [0x04, 0], "phone")
        XCTAssertEqual(sightings[1].addresses, [IPv4Address(198, 18, 0, 12)])
        XCTAssertEqual(sightings[1].capabilities, [0x28, 0], "bridge and router")
        let now = Date()
        let named = identifier.identifyNeighbours(of: [facts], silent: [
            HostObservation(ip: IPv4Address(198, 18, 0, 10), mac: MACAddress("00:14:22:01:00:0a")!, seenBy: [.arpSweep], firstSeen: now),
            HostObservation(ip: IPv4Address(198, 18, 0, 12), mac: MACAddress("02:00:00:00:00:12")!, seenBy: [.arpSweep], firstSeen: now),
        ])
        let phone = try XCTUnwrap(named[IPv4Address(198, 18, 0, 10)])
        XCTAssertEqual(phone.class, .phone)
        XCTAssertEqual(phone.vendor, "Cisco")
        XCTAssertEqual(phone.matches.first?.rule, "cdp-neighbour 198.18.0.1 port 10001")
        let ap = try XCTUnwrap(named[IPv4Address(198, 18, 0, 12)])
        XCTAssertEqual(ap.model, "AIR-AP2802I-E-K9", "the platform is the product code")
        XCTAssertEqual(ap.vendor, "Cisco")
        XCTAssertEqual(ap.class, .wirelessAP)
    }

    /// The capabilities a neighbour announces name its class where its description does not.
    func testAnnouncedCapabilitiesNameTheClass() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        let sightings = NeighbourSighting.all(in: try SNMPRecording.facts(fromText: Self.switchRecording, file: "s.snmprec"))
        XCTAssertEqual(sightings.count, 4)
        XCTAssertEqual(sightings[0].macs, [Self.phoneMAC])
        XCTAssertEqual(sightings[0].capabilities, [0x24, 0x00], "bridge and telephone")
        XCTAssertEqual(sightings[1].macs, [Self.apMAC])
        XCTAssertEqual(sightings[2].addresses, [IPv4Address(198, 18, 0, 9)])
        var silentPhone = sightings[0]
        silentPhone.systemDescription = "Acme Handset"
        XCTAssertEqual(identifier.identify(silentPhone.evidence(ouiVendor: nil)).class, .phone)
        // A neighbour announcing bridge and router, its description cut short: a layer-3 switch.
        var uplink = sightings[2]
        uplink.systemDescription = "Acme 10G Routi"
        uplink.capabilities = [0x28, 0x00]
        XCTAssertEqual(identifier.identify(uplink.evidence(ouiVendor: nil)).class, .switch)
    }

    /// A phone whose chassis identifier is a local name, known to its switch only by the
    /// management address it announces, and whose LLDP-MED inventory carries its model, serial,
    /// maker and software (what an MSP's contract lists a handset by).
    func testAManagementAddressAndLLDPMEDInventoryNameAPhoneAndItsSerial() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        let facts = try SNMPRecording.facts(fromText: """
            1.0.8802.1.1.2.1.4.1.1.4.0.13.4|2|7
            1.0.8802.1.1.2.1.4.1.1.5.0.13.4|4|desk-13
            1.0.8802.1.1.2.1.4.1.1.9.7.13.4|4|desk-13
            1.0.8802.1.1.2.1.4.1.1.12.0.13.4|4x|0400
            1.0.8802.1.1.2.1.4.2.1.3.5210.13.4.1.4.198.18.0.13|2|2
            1.0.8802.1.1.2.1.4.2.1.3.5210.13.4.2.16.254.128.0.0.0.0.0.0.2.4.242.255.254.0.0.13|2|2
            1.0.8802.1.1.2.1.5.4795.1.3.3.1.3.0.13.4|4|8.1.3.1301
            1.0.8802.1.1.2.1.5.4795.1.3.3.1.4.0.13.4|4|64167F0D0013
            1.0.8802.1.1.2.1.5.4795.1.3.3.1.5.0.13.4|4|Poly
            1.0.8802.1.1.2.1.5.4795.1.3.3.1.6.0.13.4|4|CCX 500
            1.0.8802.1.1.2.1.5.4795.1.3.3.1.6.0.14.5|4|VVX 250
            1.3.6.1.2.1.1.1.0|4|Acme Switch
            1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.1

            """, file: "switch.snmprec", ip: IPv4Address(198, 18, 0, 1))
        let sightings = NeighbourSighting.all(in: facts)
        XCTAssertEqual(sightings.count, 2, "a row known only by its inventory is still a row")
        XCTAssertEqual(sightings[0].addresses, [IPv4Address(198, 18, 0, 13)],
                       "the IPv4 management address, listed under another time mark; the IPv6 one is not an IPv4 address")
        XCTAssertEqual(sightings[0].macs, [], "a local chassis name is not a MAC")
        XCTAssertEqual(sightings[0].systemName, "desk-13", "one neighbour, its columns under two time marks")
        XCTAssertEqual(sightings[0].inventory, .init(model: "CCX 500", serial: "64167F0D0013", manufacturer: "Poly", software: "8.1.3.1301"))
        XCTAssertEqual(sightings[1].inventory?.model, "VVX 250")
        XCTAssertEqual(sightings[1].localPort, 14)

        let named = identifier.identifyNeighbours(of: [facts], silent: [
            HostObservation(ip: IPv4Address(198, 18, 0, 13), mac: MACAddress("00:04:f2:00:00:13")!, seenBy: [.arpSweep], firstSeen: Date()),
        ])
        let phone = try XCTUnwrap(named[IPv4Address(198, 18, 0, 13)], "found by its management address")
        XCTAssertEqual(phone.model, "CCX 500")
        XCTAssertEqual(phone.serial, "64167F0D0013", "the serial a contract line matches on")
        XCTAssertEqual(phone.class, .phone)
        XCTAssertNotNil(phone.vendor)
        XCTAssertEqual(phone.matches.first?.rule, "lldp-neighbour 198.18.0.1 port 13")
        XCTAssertTrue(phone.matches.first?.fields.contains("serial") == true, "\(phone.matches)")
    }

    /// An access point that answers SNMP with a generic Linux agent looks like a server; what it
    /// announces on the wire (its switch's LLDP row) says what it is and fills what its own
    /// answer left empty. A device whose own answer names its class and model keeps them.
    func testNeighbourRowsFillWhatAnAnsweringDevicesOwnAnswerLeftUnsaid() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        let switchFacts = try SNMPRecording.facts(fromText: """
            1.0.8802.1.1.2.1.4.1.1.4.0.5.1|2|4
            1.0.8802.1.1.2.1.4.1.1.4.0.6.1|2|4
            1.0.8802.1.1.2.1.4.1.1.5.0.5.1|4x|245a4c010005
            1.0.8802.1.1.2.1.4.1.1.5.0.6.1|4x|00000c010006
            1.0.8802.1.1.2.1.4.1.1.10.0.5.1|4|UAP-AC-Pro-Gen2 6.5.28.14491
            1.0.8802.1.1.2.1.4.1.1.10.0.6.1|4|Acme Router 7
            1.0.8802.1.1.2.1.4.1.1.12.0.5.1|4x|1000
            1.0.8802.1.1.2.1.4.1.1.12.0.6.1|4x|0800
            1.3.6.1.2.1.1.1.0|4|Acme Switch
            1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.1

            """, file: "switch.snmprec", ip: IPv4Address(198, 18, 0, 1))
        let linuxAP = try SNMPRecording.facts(fromText: """
            1.3.6.1.2.1.1.1.0|4|Linux ap-lobby 4.4.60 #1 SMP Mon Jan 1 00:00:00 UTC 2024 x86_64
            1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10
            1.3.6.1.2.1.25.1.1.0|67|12345

            """, file: "ap.snmprec", ip: IPv4Address(198, 18, 0, 5))
        let ciscoSwitch = try SNMPRecording.facts(fromText: """
            1.3.6.1.2.1.1.1.0|4|Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version 15.2(7)E4, RELEASE SOFTWARE (fc2)
            1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9.1.1208

            """, file: "sw.snmprec", ip: IPv4Address(198, 18, 0, 6))
        let answered = [switchFacts, linuxAP, ciscoSwitch]
        let own = Dictionary(uniqueKeysWithValues: answered.map { ($0.ip, identifier.identify(Evidence(facts: $0))) })
        XCTAssertEqual(own[linuxAP.ip]?.class, .server, "a generic Linux agent alone says server")
        let now = Date()
        let hosts = [
            HostObservation(ip: linuxAP.ip, mac: MACAddress("24:5a:4c:01:00:05")!, seenBy: [.arpSweep], firstSeen: now),
            HostObservation(ip: ciscoSwitch.ip, mac: MACAddress("00:00:0c:01:00:06")!, seenBy: [.arpSweep], firstSeen: now),
        ]
        let completed = identifier.completeFromNeighbours(own, answered: answered, hosts: hosts)
        let ap = try XCTUnwrap(completed[linuxAP.ip])
        XCTAssertEqual(ap.class, .wirelessAP, "the row's rule outranks a generic agent's guess")
        XCTAssertEqual(ap.model, "UAP-AC-Pro-Gen2")
        XCTAssertEqual(ap.vendor, "Ubiquiti")
        XCTAssertEqual(ap.os, own[linuxAP.ip]?.os, "the device's own word stands")
        XCTAssertEqual(ap.version, own[linuxAP.ip]?.version)
        XCTAssertEqual(ap.matches.last?.rule, "lldp-neighbour 198.18.0.1 port 5")
        XCTAssertEqual(Set(ap.matches.last?.fields ?? []), ["vendor", "model", "class", "family"])
        let switchOwn = try XCTUnwrap(own[ciscoSwitch.ip])
        XCTAssertEqual(switchOwn.class, .switch)
        let switchNow = completed[ciscoSwitch.ip] ?? switchOwn
        XCTAssertEqual(switchNow.class, .switch, "a device whose own answer names its class keeps it (the row says router)")
        XCTAssertEqual(switchNow.model, switchOwn.model)
        XCTAssertEqual(switchNow.version, "15.2(7)E4")

        // A row that names nothing but capabilities decides a class only when the device's own
        // answer named none; a telephone's announcement outranks a generic agent's guess.
        XCTAssertNil(completing(own[linuxAP.ip]!, rowClass: .switch, byEvidenceOnly: true))
        XCTAssertEqual(completing(own[linuxAP.ip]!, rowClass: .phone, byEvidenceOnly: true)?.class, .phone)
        XCTAssertEqual(completing(own[linuxAP.ip]!, rowClass: .switch, byEvidenceOnly: false)?.class, .switch, "a rule read the row")
        XCTAssertEqual(completing(Identification(), rowClass: .switch, byEvidenceOnly: true)?.class, .switch)
        // The maker's usual class is a guess too: a rule that read the row outranks it.
        let makersGuess = Identification(vendor: "Hikvision", class: .camera,
                                         matches: [.init(rule: Identifier.makerClassRule, fields: ["class"])])
        XCTAssertEqual(completing(makersGuess, rowClass: .wirelessAP, byEvidenceOnly: false)?.class, .wirelessAP)
        XCTAssertNil(completing(makersGuess, rowClass: .wirelessAP, byEvidenceOnly: true), "capabilities alone do not")
    }

    /// A wireless controller's access-point table names the APs it manages, silent ones too, with
    /// the model, serial and software it keeps of each: Cisco's bsnAPTable (by the AP's MAC in
    /// the index, its Ethernet MAC or its address) and Aruba's wlsxWlanAPTable.
    func testAWirelessControllersAccessPointTableNamesTheAccessPointsItManages() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        // Two Cisco APs (index 00:3a:98:b0:2e:70, Ethernet MAC c8:4c:75:0b:a3:a4; index
        // 00:3a:98:00:00:02 with no address yet) and one Aruba AP.
        let controller = try SNMPRecording.facts(fromText: """
            1.3.6.1.2.1.1.1.0|4|Cisco Controller
            1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9.1.1069
            1.3.6.1.4.1.14179.2.2.1.1.3.0.58.152.0.0.2|4|ap-store
            1.3.6.1.4.1.14179.2.2.1.1.3.0.58.152.176.46.112|4|ap-lobby
            1.3.6.1.4.1.14179.2.2.1.1.8.0.58.152.176.46.112|4|8.10.185.0
            1.3.6.1.4.1.14179.2.2.1.1.16.0.58.152.0.0.2|4|AIR-AP2802I-E-K9
            1.3.6.1.4.1.14179.2.2.1.1.16.0.58.152.176.46.112|4|AIR-CAP3702I-E-K9
            1.3.6.1.4.1.14179.2.2.1.1.17.0.58.152.0.0.2|4|FGL2231A0XY
            1.3.6.1.4.1.14179.2.2.1.1.17.0.58.152.176.46.112|4|FCW1424U0HZ
            1.3.6.1.4.1.14179.2.2.1.1.19.0.58.152.0.0.2|64x|00000000
            1.3.6.1.4.1.14179.2.2.1.1.19.0.58.152.176.46.112|64x|c612000c
            1.3.6.1.4.1.14179.2.2.1.1.33.0.58.152.0.0.2|4x|000000000000
            1.3.6.1.4.1.14179.2.2.1.1.33.0.58.152.176.46.112|4x|c84c750ba3a4
            1.3.6.1.4.1.14823.2.2.1.5.2.1.4.1.2.24.100.114.200.50.14|64x|c612000e
            1.3.6.1.4.1.14823.2.2.1.5.2.1.4.1.3.24.100.114.200.50.14|4|ap-yard
            1.3.6.1.4.1.14823.2.2.1.5.2.1.4.1.6.24.100.114.200.50.14|4|CT0028940
            1.3.6.1.4.1.14823.2.2.1.5.2.1.4.1.13.24.100.114.200.50.14|4|225

            """, file: "wlc.snmprec", ip: IPv4Address(198, 18, 0, 1))
        let rows = NeighbourSighting.all(in: controller)
        XCTAssertEqual(rows.count, 3)
        XCTAssertEqual(rows.map(\.protocolName), Array(repeating: NeighbourSighting.controllerTable, count: 3))
        XCTAssertEqual(rows[0].macs, [MACAddress("00:3a:98:00:00:02")!], "an all-zero Ethernet MAC is none")
        XCTAssertEqual(rows[0].addresses, [], "0.0.0.0 is no address")
        XCTAssertEqual(rows[1].macs, [MACAddress("00:3a:98:b0:2e:70")!, MACAddress("c8:4c:75:0b:a3:a4")!])
        XCTAssertEqual(rows[1].addresses, [IPv4Address(198, 18, 0, 12)])
        XCTAssertEqual(rows[1].systemName, "ap-lobby")
        XCTAssertEqual(rows[1].inventory, .init(model: "AIR-CAP3702I-E-K9", serial: "FCW1424U0HZ", manufacturer: "Cisco", software: "8.10.185.0"))
        XCTAssertEqual(rows[2].inventory, .init(model: "225", serial: "CT0028940", manufacturer: "Aruba"))
        XCTAssertEqual(rows[2].addresses, [IPv4Address(198, 18, 0, 14)])

        let now = Date()
        let named = identifier.identifyNeighbours(of: [controller], silent: [
            HostObservation(ip: IPv4Address(198, 18, 0, 12), mac: MACAddress("c8:4c:75:0b:a3:a4")!, seenBy: [.arpSweep], firstSeen: now),
            HostObservation(ip: IPv4Address(198, 18, 0, 14), mac: MACAddress("02:00:00:00:00:14")!, seenBy: [.arpSweep], firstSeen: now),
            HostObservation(ip: IPv4Address(198, 18, 0, 15), mac: MACAddress("02:00:00:00:00:15")!, seenBy: [.arpSweep], firstSeen: now),
        ])
        XCTAssertEqual(Set(named.keys), [IPv4Address(198, 18, 0, 12), IPv4Address(198, 18, 0, 14)], "a host no row names stays unnamed")
        let lobby = try XCTUnwrap(named[IPv4Address(198, 18, 0, 12)], "found by its Ethernet MAC")
        XCTAssertEqual(lobby.vendor, "Cisco")
        XCTAssertEqual(lobby.model, "AIR-CAP3702I-E-K9")
        XCTAssertEqual(lobby.serial, "FCW1424U0HZ", "the serial a contract line matches on")
        XCTAssertEqual(lobby.class, .wirelessAP)
        XCTAssertEqual(lobby.version, "8.10.185.0")
        XCTAssertEqual(lobby.matches.first?.rule, "controller-table 198.18.0.1")
        let yard = try XCTUnwrap(named[IPv4Address(198, 18, 0, 14)], "found by its address")
        XCTAssertEqual(yard.serial, "CT0028940")
        XCTAssertEqual(yard.class, .wirelessAP)
        XCTAssertEqual(yard.vendor, "HPE", "Aruba's access points are HPE's, as the catalog names the maker")

        // An AP that answers SNMP as a generic Linux agent is a server by its own word; the
        // controller that manages it knows better, where LLDP capabilities alone would not.
        let linuxAP = try SNMPRecording.facts(fromText: """
            1.3.6.1.2.1.1.1.0|4|Linux ap-lobby 4.4.60 #1 SMP Mon Jan 1 00:00:00 UTC 2024 x86_64
            1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10
            1.3.6.1.2.1.25.1.1.0|67|12345

            """, file: "ap.snmprec", ip: IPv4Address(198, 18, 0, 12))
        let own = [linuxAP.ip: identifier.identify(Evidence(facts: linuxAP))]
        XCTAssertEqual(own[linuxAP.ip]?.class, .server)
        let completed = identifier.completeFromNeighbours(own, answered: [controller, linuxAP], hosts: [
            HostObservation(ip: linuxAP.ip, mac: MACAddress("c8:4c:75:0b:a3:a4")!, seenBy: [.arpSweep], firstSeen: now),
        ])
        let ap = try XCTUnwrap(completed[linuxAP.ip])
        XCTAssertEqual(ap.class, .wirelessAP)
        XCTAssertEqual(ap.serial, "FCW1424U0HZ")
        XCTAssertEqual(ap.os, own[linuxAP.ip]?.os, "the device's own word stands")
        XCTAssertEqual(ap.matches.last?.rule, "controller-table 198.18.0.1")
    }

    /// The Meraki dashboard answers SNMP with every device of the organization (devTable): its
    /// rows name the silent Meraki devices on the LAN, each class from its product description.
    func testTheMerakiDashboardsDeviceTableNamesTheOrganizationsDevices() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        let dashboard = try SNMPRecording.facts(fromText: """
            1.3.6.1.2.1.1.1.0|4|Cisco Meraki Cloud Controller
            1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.29671.1
            1.3.6.1.4.1.29671.1.1.4.1.2.2.2.0.102.245.127|4|Gymnasium
            1.3.6.1.4.1.29671.1.1.4.1.2.2.2.0.102.245.128|4|Core
            1.3.6.1.4.1.29671.1.1.4.1.8.2.2.0.102.245.127|4|Q2XD-ABCD-0001
            1.3.6.1.4.1.29671.1.1.4.1.8.2.2.0.102.245.128|4|Q2HP-ABCD-0002
            1.3.6.1.4.1.29671.1.1.4.1.9.2.2.0.102.245.127|4|MR16-HW
            1.3.6.1.4.1.29671.1.1.4.1.9.2.2.0.102.245.128|4|MS225-24P
            1.3.6.1.4.1.29671.1.1.4.1.10.2.2.0.102.245.127|4|Meraki MR16 Cloud Managed AP
            1.3.6.1.4.1.29671.1.1.4.1.10.2.2.0.102.245.128|4|Meraki MS225-24P Cloud Managed PoE Switch
            1.3.6.1.4.1.29671.1.1.4.1.12.2.2.0.102.245.128|64x|c6120021

            """, file: "meraki.snmprec", ip: IPv4Address(198, 18, 0, 1))
        let rows = NeighbourSighting.all(in: dashboard)
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(rows.map(\.isManagedAccessPoint), [false, false], "a dashboard lists every kind of device")
        XCTAssertEqual(rows[0].macs, [MACAddress("02:02:00:66:f5:7f")!])
        XCTAssertEqual(rows[0].systemDescription, "Meraki MR16 Cloud Managed AP")
        XCTAssertEqual(rows[1].addresses, [IPv4Address(198, 18, 0, 33)])

        let now = Date()
        let named = identifier.identifyNeighbours(of: [dashboard], silent: [
            HostObservation(ip: IPv4Address(198, 18, 0, 32), mac: MACAddress("02:02:00:66:f5:7f")!, seenBy: [.arpSweep], firstSeen: now),
            HostObservation(ip: IPv4Address(198, 18, 0, 33), mac: MACAddress("02:00:00:00:00:33")!, seenBy: [.arpSweep], firstSeen: now),
        ])
        let ap = try XCTUnwrap(named[IPv4Address(198, 18, 0, 32)], "found by its MAC")
        XCTAssertEqual(ap.class, .wirelessAP)
        XCTAssertEqual(ap.vendor, "Cisco")
        XCTAssertEqual(ap.model, "MR16-HW", "the product code the dashboard keeps")
        XCTAssertEqual(ap.serial, "Q2XD-ABCD-0001")
        XCTAssertEqual(ap.matches.first?.rule, "controller-table 198.18.0.1")
        let sw = try XCTUnwrap(named[IPv4Address(198, 18, 0, 33)], "found by its LAN address")
        XCTAssertEqual(sw.class, .switch, "the class its product description says")
        XCTAssertEqual(sw.serial, "Q2HP-ABCD-0002")
    }

    /// `Identifier.completing` with a row that names only a class (by general evidence, or by a rule).
    private func completing(_ own: Identification, rowClass: DeviceClass, byEvidenceOnly: Bool) -> Identification? {
        let row = Identification(class: rowClass, matches: [.init(rule: "lldp-neighbour 198.18.0.1 port 9", fields: ["class"]),
                                                            .init(rule: byEvidenceOnly ? Identifier.classEvidenceRule : "some-rule", fields: ["class"])])
        return Identifier.completing(own, with: row)
    }
}

