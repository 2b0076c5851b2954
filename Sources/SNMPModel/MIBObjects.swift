import CensusCore

/// The objects Census reads, by number (names for display come from the project's `mibs/`).
public enum MIB {
    // SNMPv2-MIB system group
    public static let system: OID = "1.3.6.1.2.1.1"
    public static let sysDescr: OID = "1.3.6.1.2.1.1.1.0"
    public static let sysObjectID: OID = "1.3.6.1.2.1.1.2.0"
    public static let sysUpTime: OID = "1.3.6.1.2.1.1.3.0"
    public static let sysContact: OID = "1.3.6.1.2.1.1.4.0"
    public static let sysName: OID = "1.3.6.1.2.1.1.5.0"
    public static let sysLocation: OID = "1.3.6.1.2.1.1.6.0"
    public static let sysServices: OID = "1.3.6.1.2.1.1.7.0"
    /// SNMPv2-SMI enterprises: every maker's own objects are below it.
    public static let enterprises: OID = "1.3.6.1.4.1"

    // ENTITY-MIB entPhysicalEntry columns
    public static let entPhysicalEntry: OID = "1.3.6.1.2.1.47.1.1.1.1"
    public static let entPhysicalDescr = entPhysicalEntry.appending(2)
    public static let entPhysicalContainedIn = entPhysicalEntry.appending(4)
    public static let entPhysicalClass = entPhysicalEntry.appending(5)
    public static let entPhysicalName = entPhysicalEntry.appending(7)
    public static let entPhysicalHardwareRev = entPhysicalEntry.appending(8)
    public static let entPhysicalFirmwareRev = entPhysicalEntry.appending(9)
    public static let entPhysicalSoftwareRev = entPhysicalEntry.appending(10)
    public static let entPhysicalSerialNum = entPhysicalEntry.appending(11)
    public static let entPhysicalMfgName = entPhysicalEntry.appending(12)
    public static let entPhysicalModelName = entPhysicalEntry.appending(13)

    // IF-MIB
    public static let ifEntry: OID = "1.3.6.1.2.1.2.2.1"
    public static let ifDescr = ifEntry.appending(2)
    public static let ifType = ifEntry.appending(3)
    public static let ifSpeed = ifEntry.appending(5)
    public static let ifPhysAddress = ifEntry.appending(6)
    public static let ifAdminStatus = ifEntry.appending(7)
    public static let ifOperStatus = ifEntry.appending(8)
    public static let ifXEntry: OID = "1.3.6.1.2.1.31.1.1.1"
    public static let ifName = ifXEntry.appending(1)
    public static let ifHighSpeed = ifXEntry.appending(15)
    public static let ifAlias = ifXEntry.appending(18)

    // IP-MIB address translation (router ARP caches)
    public static let ipNetToMediaPhysAddress: OID = "1.3.6.1.2.1.4.22.1.2"
    public static let ipNetToPhysicalPhysAddress: OID = "1.3.6.1.2.1.4.35.1.4"

    // BRIDGE-MIB / Q-BRIDGE-MIB forwarding tables
    public static let dot1dBasePortIfIndex: OID = "1.3.6.1.2.1.17.1.4.1.2"
    public static let dot1dTpFdbPort: OID = "1.3.6.1.2.1.17.4.3.1.2"
    public static let dot1qTpFdbPort: OID = "1.3.6.1.2.1.17.7.1.2.2.1.2"

    // LLDP-MIB remote systems
    public static let lldpRemEntry: OID = "1.0.8802.1.1.2.1.4.1.1"
    public static let lldpRemChassisIdSubtype = lldpRemEntry.appending(4)
    public static let lldpRemChassisId = lldpRemEntry.appending(5)
    public static let lldpRemPortIdSubtype = lldpRemEntry.appending(6)
    public static let lldpRemPortId = lldpRemEntry.appending(7)
    public static let lldpRemPortDesc = lldpRemEntry.appending(8)
    public static let lldpRemSysName = lldpRemEntry.appending(9)
    public static let lldpRemSysDesc = lldpRemEntry.appending(10)
    public static let lldpRemSysCapEnabled = lldpRemEntry.appending(12)
    /// lldpRemManAddrTable's interface subtype column: one row per management address a
    /// neighbour announces, the address in the row's index (…, subtype, length, octets).
    public static let lldpRemManAddrIfSubtype: OID = "1.0.8802.1.1.2.1.4.2.1.3"
    /// LLDP-EXT-MED-MIB lldpXMedRemInventoryTable: what an LLDP-MED neighbour (an IP phone, a
    /// camera, a switch) says of itself, indexed as lldpRemTable.
    public static let lldpXMedRemInventoryEntry: OID = "1.0.8802.1.1.2.1.5.4795.1.3.3.1"
    public static let lldpXMedRemFirmwareRev = lldpXMedRemInventoryEntry.appending(2)
    public static let lldpXMedRemSoftwareRev = lldpXMedRemInventoryEntry.appending(3)
    public static let lldpXMedRemSerialNum = lldpXMedRemInventoryEntry.appending(4)
    public static let lldpXMedRemMfgName = lldpXMedRemInventoryEntry.appending(5)
    public static let lldpXMedRemModelName = lldpXMedRemInventoryEntry.appending(6)

    // CISCO-CDP-MIB: the neighbours a device heard over Cisco's discovery protocol
    public static let cdpCacheEntry: OID = "1.3.6.1.4.1.9.9.23.1.2.1.1"
    public static let cdpCacheAddressType = cdpCacheEntry.appending(3)
    public static let cdpCacheAddress = cdpCacheEntry.appending(4)
    public static let cdpCacheVersion = cdpCacheEntry.appending(5)
    public static let cdpCacheDeviceId = cdpCacheEntry.appending(6)
    public static let cdpCachePlatform = cdpCacheEntry.appending(8)
    public static let cdpCacheCapabilities = cdpCacheEntry.appending(9)

    // Controllers' tables of the devices they manage, silent ones included, each indexed by
    // the device's MAC. AIRESPACE-WIRELESS-MIB bsnAPTable (Cisco AireOS, and the Catalyst
    // 9800's compatibility MIBs) and WLSX-WLAN-MIB wlsxWlanAPTable (Aruba): access points.
    public static let bsnAPEntry: OID = "1.3.6.1.4.1.14179.2.2.1.1"
    public static let bsnAPName = bsnAPEntry.appending(3)
    public static let bsnAPSoftwareVersion = bsnAPEntry.appending(8)
    public static let bsnAPModel = bsnAPEntry.appending(16)
    public static let bsnAPSerialNumber = bsnAPEntry.appending(17)
    public static let bsnApIpAddress = bsnAPEntry.appending(19)
    public static let bsnAPEthernetMacAddress = bsnAPEntry.appending(33)
    public static let wlsxWlanAPEntry: OID = "1.3.6.1.4.1.14823.2.2.1.5.2.1.4.1"
    public static let wlanAPIpAddress = wlsxWlanAPEntry.appending(2)
    public static let wlanAPName = wlsxWlanAPEntry.appending(3)
    public static let wlanAPSerialNumber = wlsxWlanAPEntry.appending(6)
    public static let wlanAPModelName = wlsxWlanAPEntry.appending(13)
    public static let wlanAPSwVersion = wlsxWlanAPEntry.appending(34)
    /// MERAKI-CLOUD-CONTROLLER-MIB devTable: every device of a Meraki organization, as the
    /// dashboard answers over SNMP (access points, switches, security appliances, cameras).
    public static let devEntry: OID = "1.3.6.1.4.1.29671.1.1.4.1"
    public static let devName = devEntry.appending(2)
    public static let devSerial = devEntry.appending(8)
    public static let devProductCode = devEntry.appending(9)
    public static let devProductDescription = devEntry.appending(10)
    public static let devLanIp = devEntry.appending(12)

    // HOST-RESOURCES-MIB
    public static let hrSystem: OID = "1.3.6.1.2.1.25.1"
    public static let hrMemorySize: OID = "1.3.6.1.2.1.25.2.2.0"
    /// What the device acts as: LLDP's enabled capabilities (BITS: bridge, wlanAccessPoint,
    /// router, telephone…) and IP-MIB's forwarding flag (1 = routes).
    public static let lldpLocSysCapEnabled: OID = "1.0.8802.1.1.2.1.3.6.0"
    /// LLDP-EXT-MED-MIB lldpXMedLocInventory: what an LLDP-MED device (IP phones, switches, lldpd
    /// on a server) says of itself.
    public static let lldpXMedLocFirmwareRev: OID = "1.0.8802.1.1.2.1.5.4795.1.2.3.0"
    public static let lldpXMedLocSoftwareRev: OID = "1.0.8802.1.1.2.1.5.4795.1.2.4.0"
    public static let lldpXMedLocSerialNum: OID = "1.0.8802.1.1.2.1.5.4795.1.2.5.0"
    public static let lldpXMedLocMfgName: OID = "1.0.8802.1.1.2.1.5.4795.1.2.6.0"
    public static let lldpXMedLocModelName: OID = "1.0.8802.1.1.2.1.5.4795.1.2.7.0"
    public static let ipForwarding: OID = "1.3.6.1.2.1.4.1.0"
    public static let hrStorageEntry: OID = "1.3.6.1.2.1.25.2.3.1"
    public static let hrDeviceEntry: OID = "1.3.6.1.2.1.25.3.2.1"

    // Printer-MIB
    public static let prtGeneralSerialNumber: OID = "1.3.6.1.2.1.43.5.1.1.17"
    public static let prtMarkerLifeCount: OID = "1.3.6.1.2.1.43.10.2.1.4"

    // IEEE802dot11-MIB: dot11StationID, one row per 802.11 radio the device has.
    public static let dot11StationID: OID = "1.2.840.10036.1.1.1.1"

    // UPS-MIB identity and battery groups
    public static let upsIdent: OID = "1.3.6.1.2.1.33.1.1"
    public static let upsBattery: OID = "1.3.6.1.2.1.33.1.2"
}

/// What Census collects from every device: named sections, each one walk (or one GET).
public struct CollectionPlan: Sendable {
    public enum Step: Sendable {
        /// GET of these objects.
        case get([OID])
        /// A walk of one subtree.
        case walk(OID)
        /// The columns of one table, walked side by side (one request covers every column).
        case table([OID])
    }

    public struct Section: Sendable {
        public var name: String
        public var steps: [Step]
        /// Enterprise numbers (1.3.6.1.4.1.N) whose devices alone are asked for this section,
        /// judged by their sysObjectID: a maker's tables cost every other device nothing. Nil:
        /// every device.
        public var onlyForEnterprises: Set<UInt32>?

        /// Whether a device with this sysObjectID is asked for the section.
        public func applies(to sysObjectID: OID?) -> Bool {
            guard let onlyForEnterprises else { return true }
            guard let number = sysObjectID?.enterpriseNumber else { return false }
            return onlyForEnterprises.contains(number)
        }
    }

    public var sections: [Section]

    init(sections: [(String, [Step])], onlyFor: [String: Set<UInt32>] = [:]) {
        self.sections = sections.map { Section(name: $0.0, steps: $0.1, onlyForEnterprises: onlyFor[$0.0]) }
    }

    /// The standard plan: system group first (it also proves the credential), then the tables.
    public static let standard = CollectionPlan(sections: [
        ("system", [.get([MIB.sysDescr, MIB.sysObjectID, MIB.sysUpTime, MIB.sysContact, MIB.sysName, MIB.sysLocation, MIB.sysServices])]),
        ("entity", [.table([MIB.entPhysicalDescr, MIB.entPhysicalContainedIn, MIB.entPhysicalClass, MIB.entPhysicalName,
                    MIB.entPhysicalHardwareRev, MIB.entPhysicalFirmwareRev, MIB.entPhysicalSoftwareRev,
                    MIB.entPhysicalSerialNum, MIB.entPhysicalMfgName, MIB.entPhysicalModelName])]),
        ("interfaces", [.table([MIB.ifDescr, MIB.ifType, MIB.ifSpeed, MIB.ifPhysAddress, MIB.ifAdminStatus, MIB.ifOperStatus]),
                        .table([MIB.ifName, MIB.ifHighSpeed, MIB.ifAlias])]),
        ("arp", [.walk(MIB.ipNetToMediaPhysAddress), .walk(MIB.ipNetToPhysicalPhysAddress)]),
        ("bridge", [.walk(MIB.dot1dBasePortIfIndex), .walk(MIB.dot1dTpFdbPort), .walk(MIB.dot1qTpFdbPort)]),
        // Neighbours (LLDP, and Cisco's CDP), and what they say of themselves: a device that does
        // not answer SNMP is named from its switch's row (`Identifier.identifyNeighbours`).
        ("lldp", [.table([MIB.lldpRemChassisIdSubtype, MIB.lldpRemChassisId, MIB.lldpRemPortIdSubtype, MIB.lldpRemPortId,
                          MIB.lldpRemPortDesc, MIB.lldpRemSysName, MIB.lldpRemSysDesc, MIB.lldpRemSysCapEnabled]),
                  .walk(MIB.lldpRemManAddrIfSubtype),
                  .table([MIB.lldpXMedRemFirmwareRev, MIB.lldpXMedRemSoftwareRev, MIB.lldpXMedRemSerialNum,
                          MIB.lldpXMedRemMfgName, MIB.lldpXMedRemModelName])]),
        ("cdp", [.table([MIB.cdpCacheAddressType, MIB.cdpCacheAddress, MIB.cdpCacheVersion, MIB.cdpCacheDeviceId,
                         MIB.cdpCachePlatform, MIB.cdpCacheCapabilities])]),
        // The devices a controller manages: a wireless controller's access points, a Meraki
        // dashboard's devices (`NeighbourSighting.controller`).
        ("controller", [.table([MIB.bsnAPName, MIB.bsnAPSoftwareVersion, MIB.bsnAPModel, MIB.bsnAPSerialNumber,
                                MIB.bsnApIpAddress, MIB.bsnAPEthernetMacAddress]),
                        .table([MIB.wlanAPIpAddress, MIB.wlanAPName, MIB.wlanAPSerialNumber, MIB.wlanAPModelName,
                                MIB.wlanAPSwVersion]),
                        .table([MIB.devName, MIB.devSerial, MIB.devProductCode, MIB.devProductDescription, MIB.devLanIp])]),
        ("host", [.walk(MIB.hrSystem), .get([MIB.hrMemorySize]), .walk(MIB.hrStorageEntry), .walk(MIB.hrDeviceEntry)]),
        // What the device says it is (LLDP capabilities, IP forwarding) and of itself (LLDP-MED
        // inventory).
        ("role", [.get([MIB.lldpLocSysCapEnabled, MIB.ipForwarding, MIB.lldpXMedLocModelName, MIB.lldpXMedLocSerialNum,
                        MIB.lldpXMedLocMfgName, MIB.lldpXMedLocSoftwareRev, MIB.lldpXMedLocFirmwareRev])]),
        ("printer", [.walk(MIB.prtGeneralSerialNumber), .walk(MIB.prtMarkerLifeCount)]),
        ("ups", [.walk(MIB.upsIdent), .walk(MIB.upsBattery)]),
        ("wireless", [.walk(MIB.dot11StationID)]),
    ], onlyFor: [
        // Controllers' tables, asked of their makers' devices only: Cisco (9) and Airespace
        // (14179) wireless controllers, Aruba (14823) controllers, the Meraki (29671) dashboard.
        "controller": [9, 14179, 14823, 29671],
    ])
}
