import CensusCore
import SNMPModel

/// The class a device's general evidence points to when no catalog rule names one: what its
/// interfaces are (radios, many Ethernet or Fibre Channel ports, wide-area lines, analogue phone
/// ports), whether it bridges (a
/// BRIDGE-MIB forwarding table), what sysServices layers it claims, what LLDP says it acts as
/// (its enabled system capabilities), whether it routes (ipForwarding), and whether it is a host
/// (HOST-RESOURCES-MIB).
/// Each kind of evidence adds points to a class; the class with most points wins when it has
/// at least `threshold`, so one weak hint alone names nothing.
enum ClassEvidence {
    static let threshold = 3

    /// IANAifType: ethernetCsmacd, gigabitEthernet, fastEther, fastEtherFX; ieee80211.
    static let ethernetTypes: Set<Int64> = [6, 62, 69, 117]
    static let radioType: Int64 = 71
    /// IANAifType fibreChannel: a Fibre Channel switch's ports.
    static let fibreChannelType: Int64 = 56
    /// IANAifType wide-area links a router terminates: ds1, e1, basicISDN, primaryISDN,
    /// propPointToPointSerial, ds3, frameRelay, sonet, isdn, adsl, radsl, sdsl, vdsl, hdlc,
    /// docsCableMaclayer, shdsl, adsl2, adsl2plus, wwanPP, wwanPP2, vdsl2.
    static let wideAreaTypes: Set<Int64> = [18, 19, 20, 21, 22, 30, 32, 39, 63, 94, 95, 96, 97, 118, 127, 169, 230, 238, 243, 244, 251]
    /// IANAifType analogue telephone ports: voiceEM, voiceFXO, voiceFXS.
    static let analogueVoiceTypes: Set<Int64> = [100, 101, 102]
    /// HOST-RESOURCES-TYPES hrDeviceTypes: hrDevicePrinter (1.3.6.1.2.1.25.3.1.5),
    /// hrDeviceProcessor (…3).
    static let hrDevicePrinter: OID = "1.3.6.1.2.1.25.3.1.5"
    static let hrDeviceProcessor: OID = "1.3.6.1.2.1.25.3.1.3"
    static let hrDeviceType: OID = MIB.hrDeviceEntry.appending(2)

    /// LldpSystemCapabilitiesMap bits (bit 0 is the first octet's high bit).
    enum LLDPCapability: Int { case other = 0, repeater, bridge, wlanAccessPoint, router, telephone, docsisCableDevice, stationOnly }

    /// The capabilities a device's LLDP agent says it has enabled (empty when it does not say).
    static func lldpCapabilities(_ evidence: Evidence) -> Set<LLDPCapability> {
        guard case .octets(let bytes)? = evidence.values[MIB.lldpLocSysCapEnabled] else { return [] }
        var found: Set<LLDPCapability> = []
        for (i, byte) in bytes.prefix(2).enumerated() {
            for bit in 0..<8 where byte & (0x80 >> UInt8(bit)) != 0 {
                if let capability = LLDPCapability(rawValue: i * 8 + bit) { found.insert(capability) }
            }
        }
        return found
    }

    static func scores(_ evidence: Evidence) -> [DeviceClass: Int] {
        var score: [DeviceClass: Int] = [:]
        var ethernet = 0, radios = 0, fibreChannel = 0, wideArea = 0, analogueVoice = 0, printers = 0, processors = 0
        var interfacesKnown = false
        for (oid, value) in evidence.values {
            if MIB.ifType.isAncestor(of: oid), let type = value.integer {
                interfacesKnown = true
                if ethernetTypes.contains(type) { ethernet += 1 }
                if type == radioType { radios += 1 }
                if type == fibreChannelType { fibreChannel += 1 }
                if wideAreaTypes.contains(type) { wideArea += 1 }
                if analogueVoiceTypes.contains(type) { analogueVoice += 1 }
            } else if hrDeviceType.isAncestor(of: oid), let type = value.oidValue {
                if type == hrDevicePrinter { printers += 1 }
                if type == hrDeviceProcessor { processors += 1 }
            }
        }
        let host = evidence.sections.contains("host")
        let bridges = evidence.sections.contains("bridge")
        let services = evidence.sysServices ?? 0
        func layer(_ n: Int) -> Bool { services & (1 << (n - 1)) != 0 }

        // LLDP names the role the device plays on the wire; a bridge that also routes is a layer-3
        // switch (many ports) or a router with a few switch ports.
        let lldp = lldpCapabilities(evidence)
        if lldp.contains(.telephone) { score[.phone, default: 0] += 4 }
        if lldp.contains(.wlanAccessPoint) { score[.wirelessAP, default: 0] += 3 }
        switch (lldp.contains(.bridge), lldp.contains(.router)) {
        case (true, false): score[.switch, default: 0] += 3
        case (false, true): score[.router, default: 0] += 3
        case (true, true):
            if ethernet >= 8 { score[.switch, default: 0] += 1 }
            // Nothing but the announcement (a neighbour known from another device's LLDP table,
            // no interfaces of its own): most that enable both are layer-3 switches.
            else if !interfacesKnown { score[.switch, default: 0] += 3 }
            else { score[.router, default: 0] += 2 }
        case (false, false): break
        }
        // Forwarding IP and not a host: a router's sign (hosts and layer-3 switches forward too,
        // so alone it decides nothing).
        if evidence.values[MIB.ipForwarding]?.integer == 1 && !host { score[.router, default: 0] += 1 }
        if bridges { score[.switch, default: 0] += 2 }
        if ethernet >= 16 { score[.switch, default: 0] += 3 } else if ethernet >= 8 { score[.switch, default: 0] += 2 }
        // A Fibre Channel fabric switch has many FC ports; a host's HBAs add one to four.
        if fibreChannel >= 8 && !host { score[.switch, default: 0] += 3 }
        if layer(2) && !layer(7) { score[.switch, default: 0] += 1 }
        if radios > 0 { score[.wirelessAP, default: 0] += radios > 0 && ethernet < 8 ? 3 : 1 }
        // Network layer and not bridging, nor applications (a host's layer 7: Windows says 76).
        if layer(3) && !layer(2) && !layer(7) && !host && !bridges { score[.router, default: 0] += 3 }
        // A serial, ISDN, DSL, cable or cellular line ends at a router (a modem-router at a
        // small site); analogue phone ports with no such line and few Ethernet ports make a
        // telephone adapter or voice gateway, even one that answers with host resources.
        if wideArea > 0 && !host { score[.router, default: 0] += 3 }
        if analogueVoice > 0 && wideArea == 0 && ethernet < 8 { score[.phone, default: 0] += 4 }
        if host {
            score[.server, default: 0] += 2
            if layer(7) || layer(4) { score[.server, default: 0] += 1 }
            if processors > 1 { score[.server, default: 0] += 1 }
        }
        // A printer's own agent lists its print engine among its devices, and no more than one
        // processor (a computer serving printers lists several devices of both kinds).
        if printers > 0 && processors <= 1 && !bridges { score[.printer, default: 0] += 3 }
        return score
    }

    /// The best-scoring class and its score, when it is clear (ahead of the next) and strong enough.
    static func best(_ evidence: Evidence) -> (class: DeviceClass, score: Int)? {
        let ranked = scores(evidence).sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.rawValue < $1.key.rawValue }
        guard let top = ranked.first, top.value >= threshold else { return nil }
        if ranked.count > 1, ranked[1].value == top.value { return nil }
        return (top.key, top.value)
    }
}
