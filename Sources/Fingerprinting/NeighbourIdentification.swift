import CensusCore
import SNMPModel

/// What a switch's LLDP or CDP table says of a device that does not answer SNMP itself (IP
/// phones, access points and cameras often don't): the description, name, platform and
/// capabilities the device announces on the wire, and the MAC or address it announces them from.
/// Or what a controller's table says of a device it manages (a wireless controller's access
/// points, a Meraki dashboard's devices).
public struct NeighbourSighting: Sendable, Equatable {
    /// `lldp`, `cdp` or `controller` (`controllerTable`).
    public var protocolName: String
    /// The device whose table holds the row, and the local port it was heard on (LLDP's port
    /// number; CDP's ifIndex; 0 for a controller's row, which has none).
    public var reportedBy: IPv4Address
    public var localPort: Int
    /// The MACs and addresses the row names the neighbour by: chassis and port identifiers of
    /// subtype macAddress or networkAddress (a six-octet chassis identifier when no subtype is
    /// given), LLDP's management addresses, CDP's address.
    public var macs: [MACAddress]
    public var addresses: [IPv4Address]
    public var systemName: String?
    public var systemDescription: String?
    /// CDP's hardware platform ("cisco WS-C2960X-48FPD-L", "Cisco IP Phone 8851").
    public var platform: String?
    /// LldpSystemCapabilitiesMap octets the neighbour has enabled (CDP's bits mapped to them).
    public var capabilities: [UInt8]?
    /// What an LLDP-MED neighbour's inventory says of it (nil: it sent none); for a controller's
    /// row, what the controller keeps of the device.
    public var inventory: Inventory?
    /// Whether the row is a wireless controller's word for an access point it manages: the
    /// controller knows the device is an access point, which no announcement on the wire can say
    /// as surely.
    public var isManagedAccessPoint = false

    /// LLDP-MED inventory: the model, serial, maker and software an IP phone (or any MED
    /// device) sends of itself, as lldpXMedRemInventoryTable keeps them.
    public struct Inventory: Sendable, Equatable {
        public var model: String?
        public var serial: String?
        public var manufacturer: String?
        public var software: String?
        public var firmware: String?

        public init(model: String? = nil, serial: String? = nil, manufacturer: String? = nil, software: String? = nil, firmware: String? = nil) {
            (self.model, self.serial, self.manufacturer, self.software, self.firmware) = (model, serial, manufacturer, software, firmware)
        }
    }

    /// Whether the row says anything of the neighbour beyond where it is.
    var saysSomething: Bool {
        systemDescription != nil || systemName != nil || platform != nil || capabilities != nil || inventory != nil
    }

    /// `protocolName` of a row from a controller's table of the devices it manages.
    public static let controllerTable = "controller"

    /// The local port the row was heard on; nil for a controller's row, which has none.
    public var port: Int? { protocolName == Self.controllerTable ? nil : localPort }

    /// Where the row came from, as the matches name it: "lldp-neighbour 198.18.0.1 port 12",
    /// "controller-table 198.18.0.1".
    public var source: String {
        port.map { "\(protocolName)-neighbour \(reportedBy) port \($0)" } ?? "\(protocolName)-table \(reportedBy)"
    }

    /// Every neighbour row of one device's answer: its LLDP rows, its CDP rows, then the devices
    /// it manages as a controller.
    public static func all(in facts: DeviceFacts) -> [NeighbourSighting] {
        lldp(in: facts) + cdp(in: facts) + controller(in: facts)
    }

    /// A table's rows in key order, each its columns' values: indexes of `indexLength` arcs,
    /// grouped by `key` (the whole index unless told; a column's first value under a key counts).
    private static func rows(_ columns: [OID], indexLength: Int, key: ([UInt32]) -> [UInt32] = { $0 },
                             in facts: DeviceFacts) -> [(key: [UInt32], values: [OID: SNMPValue])] {
        var rows: [[UInt32]: [OID: SNMPValue]] = [:]
        for column in columns {
            for (index, value) in facts.column(column) where index.count == indexLength {
                rows[key(index), default: [:]][column] = rows[key(index)]?[column] ?? value
            }
        }
        return rows.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { ($0.key, $0.value) }
    }

    /// A text column's value, nil when empty.
    private static func text(_ value: SNMPValue?) -> String? { value?.displayText.flatMap { $0.isEmpty ? nil : $0 } }

    /// lldpRemTable rows, with the management addresses (lldpRemManAddrTable) and LLDP-MED
    /// inventory (lldpXMedRemInventoryTable) the switch keeps under the same row index.
    static func lldp(in facts: DeviceFacts) -> [NeighbourSighting] {
        let columns = [MIB.lldpRemChassisIdSubtype, MIB.lldpRemChassisId, MIB.lldpRemPortIdSubtype, MIB.lldpRemPortId,
                       MIB.lldpRemSysName, MIB.lldpRemSysDesc, MIB.lldpRemSysCapEnabled]
        let inventoryColumns = [MIB.lldpXMedRemModelName, MIB.lldpXMedRemSerialNum, MIB.lldpXMedRemMfgName,
                                MIB.lldpXMedRemSoftwareRev, MIB.lldpXMedRemFirmwareRev]
        // The three tables are joined on the neighbour's local port and index. Not on the time
        // mark: a TimeFilter index lists a row under any mark an agent picks, and agents pick
        // them per table, even per column (one recording's router lists a neighbour at 3595148
        // in lldpRemTable and its address at 3595210).
        func neighbour(_ index: [UInt32]) -> [UInt32] { Array(index[1..<3]) }
        let inventories = Dictionary(uniqueKeysWithValues: rows(inventoryColumns, indexLength: 3, key: neighbour, in: facts).compactMap { key, row in
            let inventory = Inventory(model: text(row[MIB.lldpXMedRemModelName]), serial: text(row[MIB.lldpXMedRemSerialNum]),
                                      manufacturer: text(row[MIB.lldpXMedRemMfgName]), software: text(row[MIB.lldpXMedRemSoftwareRev]),
                                      firmware: text(row[MIB.lldpXMedRemFirmwareRev]))
            return inventory == Inventory() ? nil : (key, inventory)
        })
        // A management address row's index: the neighbour's row (time mark, port, index), then
        // the address family (IANA's: 1 = IPv4), the address length and its octets.
        var managementAddresses: [[UInt32]: [IPv4Address]] = [:]
        for (index, _) in facts.column(MIB.lldpRemManAddrIfSubtype)
        where index.count == 9 && index[3] == 1 && index[4] == 4 && index[5...].allSatisfy({ $0 <= 255 }) {
            let row = neighbour(index), address = IPv4Address(bytes: index[5...].map { UInt8($0) })
            if managementAddresses[row]?.contains(address) != true { managementAddresses[row, default: []].append(address) }
        }
        var table = rows(columns, indexLength: 3, key: neighbour, in: facts)
        // A neighbour may be known only by its inventory or addresses (the switch left its
        // lldpRemTable row's columns out of the view).
        let listed = Set(table.map(\.key))
        for key in Set(inventories.keys).union(managementAddresses.keys).subtracting(listed).sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            table.append((key, [:]))
        }
        return table.map { key, row in
            var sighting = NeighbourSighting(protocolName: "lldp", reportedBy: facts.ip, localPort: Int(key[0]), macs: [],
                                             addresses: managementAddresses[key] ?? [],
                                             systemName: text(row[MIB.lldpRemSysName]), systemDescription: text(row[MIB.lldpRemSysDesc]),
                                             platform: nil, capabilities: row[MIB.lldpRemSysCapEnabled].flatMap { if case .octets(let b) = $0 { b } else { nil } },
                                             inventory: inventories[key])
            // LldpChassisIdSubtype macAddress(4), networkAddress(5); LldpPortIdSubtype
            // macAddress(3), networkAddress(4). A network address is IANA's family (1 = IPv4)
            // and the address.
            func read(_ value: SNMPValue?, subtype: Int64?, mac: Int64, network: Int64, sixOctetsWithoutSubtypeIsMAC: Bool) {
                guard case .octets(let bytes)? = value else { return }
                // Some agents send a MAC subtype's value as its text ("2C:C8:1B:A6:1D:39") rather than six octets.
                let written = subtype == mac && (12...17).contains(bytes.count) ? MACAddress(String(decoding: bytes, as: UTF8.self)) : nil
                if subtype == mac || (subtype == nil && sixOctetsWithoutSubtypeIsMAC), bytes.count == 6 || written != nil {
                    let found = written ?? MACAddress(bytes: bytes)
                    if !found.isZero, !found.isMulticast, !sighting.macs.contains(found) { sighting.macs.append(found) }
                } else if subtype == network, bytes.count == 5, bytes[0] == 1 {
                    let found = IPv4Address(bytes: bytes.dropFirst())
                    if !sighting.addresses.contains(found) { sighting.addresses.append(found) }
                }
            }
            read(row[MIB.lldpRemChassisId], subtype: row[MIB.lldpRemChassisIdSubtype]?.integer, mac: 4, network: 5,
                 sixOctetsWithoutSubtypeIsMAC: true)
            read(row[MIB.lldpRemPortId], subtype: row[MIB.lldpRemPortIdSubtype]?.integer, mac: 3, network: 4,
                 sixOctetsWithoutSubtypeIsMAC: false)
            return sighting
        }
    }

    /// CISCO-CDP-MIB cdpCacheTable rows: the neighbour's address (CiscoNetworkProtocol ip(1),
    /// four octets), its device ID (a phone's is SEP and its MAC), version text, platform and
    /// capability bits.
    static func cdp(in facts: DeviceFacts) -> [NeighbourSighting] {
        let columns = [MIB.cdpCacheAddressType, MIB.cdpCacheAddress, MIB.cdpCacheVersion, MIB.cdpCacheDeviceId,
                       MIB.cdpCachePlatform, MIB.cdpCacheCapabilities]
        return rows(columns, indexLength: 2, in: facts).map { index, row in
            let deviceId = text(row[MIB.cdpCacheDeviceId])
            var address: IPv4Address?
            if row[MIB.cdpCacheAddressType]?.integer == 1, case .octets(let bytes)? = row[MIB.cdpCacheAddress], bytes.count == 4 {
                address = IPv4Address(bytes: bytes)
            }
            // CDP's capability bits: router 0x01, transparent/source-route bridge 0x02/0x04,
            // switch 0x08, host 0x10, repeater 0x40, phone 0x80; as LLDP's map (bit k of the first
            // octet is 0x80 >> k: repeater 1, bridge 2, router 4, telephone 5, station only 7).
            var capabilities: [UInt8]?
            if case .octets(let bytes)? = row[MIB.cdpCacheCapabilities], !bytes.isEmpty {
                let bits = bytes.suffix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                var map: UInt8 = 0
                if bits & 0x40 != 0 { map |= 0x80 >> 1 }
                if bits & 0x0E != 0 { map |= 0x80 >> 2 }
                if bits & 0x01 != 0 { map |= 0x80 >> 4 }
                if bits & 0x80 != 0 { map |= 0x80 >> 5 }
                if bits & 0x10 != 0 && map == 0 { map |= 0x80 >> 7 }
                capabilities = [map, 0]
            }
            return NeighbourSighting(protocolName: "cdp", reportedBy: facts.ip, localPort: Int(index[0]),
                                     macs: deviceId.flatMap(macInDeviceId).map { [$0] } ?? [], addresses: address.map { [$0] } ?? [],
                                     systemName: deviceId, systemDescription: text(row[MIB.cdpCacheVersion]),
                                     platform: text(row[MIB.cdpCachePlatform]), capabilities: capabilities, inventory: nil)
        }
    }

    /// A controller's table of the devices it manages: its maker (the maker of those devices),
    /// whether every row is an access point (a wireless controller's AP table) or any device
    /// (a cloud controller's inventory), and the columns holding each device's name, model,
    /// serial, software, address, Ethernet MAC and description. Rows are indexed by the
    /// device's MAC.
    struct ManagedDeviceTable {
        let maker: String
        let accessPointsOnly: Bool
        let name, model, serial: OID
        var software, address, ethernetMAC, description: OID?
    }

    /// Cisco's AIRESPACE-WIRELESS-MIB bsnAPTable (AireOS controllers, and the Catalyst 9800's
    /// compatibility MIBs), Aruba's WLSX-WLAN-MIB wlsxWlanAPTable, and the Meraki dashboard's
    /// MERAKI-CLOUD-CONTROLLER-MIB devTable (every device of the organization: access points,
    /// switches, security appliances, cameras).
    static let managedDeviceTables = [
        ManagedDeviceTable(maker: "Cisco", accessPointsOnly: true, name: MIB.bsnAPName, model: MIB.bsnAPModel, serial: MIB.bsnAPSerialNumber,
                           software: MIB.bsnAPSoftwareVersion, address: MIB.bsnApIpAddress, ethernetMAC: MIB.bsnAPEthernetMacAddress),
        ManagedDeviceTable(maker: "Aruba", accessPointsOnly: true, name: MIB.wlanAPName, model: MIB.wlanAPModelName, serial: MIB.wlanAPSerialNumber,
                           software: MIB.wlanAPSwVersion, address: MIB.wlanAPIpAddress),
        ManagedDeviceTable(maker: "Cisco Meraki", accessPointsOnly: false, name: MIB.devName, model: MIB.devProductCode, serial: MIB.devSerial,
                           address: MIB.devLanIp, description: MIB.devProductDescription),
    ]

    /// LldpSystemCapabilitiesMap with only wlanAccessPoint (bit 3) set.
    static let accessPointCapability: [UInt8] = [0x80 >> 3, 0]

    /// The devices a controller manages, one row each: the MAC of the row's index (and the
    /// Ethernet MAC, where the table keeps it apart), the address, and the name, model, serial,
    /// software and description the controller keeps, the table's maker as the device's maker.
    /// A row of an access-point table says the device is an access point (`isManagedAccessPoint`,
    /// and the wlanAccessPoint capability).
    static func controller(in facts: DeviceFacts) -> [NeighbourSighting] {
        managedDeviceTables.flatMap { table in
            let columns = [table.name, table.model, table.serial] + [table.software, table.address, table.ethernetMAC, table.description].compactMap { $0 }
            return rows(columns, indexLength: 6, in: facts).compactMap { index, row -> NeighbourSighting? in
                guard index.allSatisfy({ $0 <= 255 }) else { return nil }
                var macs: [MACAddress] = []
                for mac in [MACAddress(bytes: index.map { UInt8($0) })] + [table.ethernetMAC.flatMap { row[$0]?.macAddress }].compactMap({ $0 })
                where !mac.isZero && !mac.isMulticast && !macs.contains(mac) {
                    macs.append(mac)
                }
                var addresses: [IPv4Address] = []
                if let column = table.address, case .ipAddress(let address)? = row[column], address != IPv4Address(bytes: [0, 0, 0, 0]) {
                    addresses.append(address)
                }
                let inventory = Inventory(model: text(row[table.model]), serial: text(row[table.serial]), manufacturer: table.maker,
                                          software: table.software.flatMap { text(row[$0]) })
                return NeighbourSighting(protocolName: controllerTable, reportedBy: facts.ip, localPort: 0, macs: macs, addresses: addresses,
                                         systemName: text(row[table.name]), systemDescription: table.description.flatMap { text(row[$0]) },
                                         platform: nil, capabilities: table.accessPointsOnly ? accessPointCapability : nil,
                                         inventory: inventory, isManagedAccessPoint: table.accessPointsOnly)
            }
        }
    }

    /// The MAC a CDP device ID spells: a Cisco phone's "SEP" and twelve hex digits, or the bare
    /// MAC some devices send.
    static func macInDeviceId(_ id: String) -> MACAddress? {
        let hex = id.hasPrefix("SEP") ? String(id.dropFirst(3)) : id
        guard hex.count == 12, hex.allSatisfy(\.isHexDigit) else { return MACAddress(id) }
        var pairs: [Substring] = []
        var rest = hex[...]
        while !rest.isEmpty { pairs.append(rest.prefix(2)); rest = rest.dropFirst(2) }
        return MACAddress(pairs.joined(separator: ":"))
    }

    /// Cisco's products arc (CISCO-SMI ciscoProducts): the sysObjectID of a device CDP names as
    /// Cisco's without its product number, so Cisco's rules read it as they read any Cisco product.
    static let ciscoProducts: OID = "1.3.6.1.4.1.9.1"

    /// The evidence the row gives of the neighbour: its own sysDescr and sysName as the protocol
    /// carries them, and its enabled capabilities where its own lldpLocSysCapEnabled would hold
    /// them. From CDP: the version text as sysDescr (after the platform when it is a bare load
    /// name: "Cisco IP Phone 8851, sip88xx.14-1-1-0001-125"), the platform as chassis description
    /// and, when it is one product code ("cisco WS-C2960X-48FPD-L"), as model; a platform that
    /// opens with "cisco" makes it a Cisco product.
    func evidence(ouiVendor: String?) -> Evidence {
        var values: [OID: SNMPValue] = [:]
        if let capabilities { values[MIB.lldpLocSysCapEnabled] = .octets(capabilities) }
        guard let platform else {
            // LLDP-MED inventory stands where the device's own lldpXMedLocInventory would.
            return Evidence(sysDescr: systemDescription, sysName: systemName,
                            entityFirmware: inventory?.firmware, entitySoftware: inventory?.software,
                            lldpMedModel: inventory?.model, lldpMedSerial: inventory?.serial, lldpMedManufacturer: inventory?.manufacturer,
                            ouiVendor: ouiVendor, values: values)
        }
        let cisco = platform.wholeMatch(of: #/(?i:cisco)\s+(.+)/#).map { String($0.output.1) }
        let code = (cisco ?? platform).contains(where: \.isWhitespace) ? nil : cisco ?? platform
        let description = systemDescription.map { $0.contains(where: \.isWhitespace) ? $0 : "\(platform), \($0)" } ?? platform
        return Evidence(sysDescr: description, sysObjectID: cisco == nil ? nil : Self.ciscoProducts, sysName: systemName,
                        entityModel: code, entityDescr: platform, ouiVendor: ouiVendor, values: values)
    }
}

extension Identifier {
    /// Names devices that did not answer SNMP from what the LLDP and CDP tables (and controllers'
    /// tables of the devices they manage) of those that did say of them: a silent host whose MAC
    /// (or address) a row names is identified from that row, as if it had answered with that
    /// sysDescr, sysName, platform, capabilities and LLDP-MED inventory (a phone's model and
    /// serial); its matches open with "lldp-neighbour 198.18.0.1 port 12" (or cdp-…: the table
    /// and port it came from; "controller-table 198.18.0.1" for a controller's row). The first
    /// row naming a host counts (devices in address order, then rows in table order); a row from
    /// which no rule names anything (the MAC registry aside) names nothing.
    /// Only hosts Census saw on the segment itself are named: a host known only from another
    /// device's ARP or forwarding table would be named from two second-hand claims that age
    /// apart, and a stale pair must not make up a billable device.
    public func identifyNeighbours(of answered: [DeviceFacts], silent hosts: [HostObservation]) -> [IPv4Address: Identification] {
        let own = Set(answered.map(\.ip))
        return rowsNaming(hosts.filter { !own.contains($0.ip) }, in: answered).mapValues(\.identification)
    }

    /// Fills what answering devices' own answers left unsaid from what their switches' LLDP and
    /// CDP rows say of them (an access point or phone on embedded Linux answers like any Linux
    /// server; the row it sends on the wire says what it is). The device's own word stands
    /// wherever it said something: the row adds an empty vendor, model, serial, version (with its
    /// os) or family, and the class when the device's own answer named none, or only a generic
    /// agent's guess (`genericClassRules`) and a rule read the row as another class (or the row
    /// announces a telephone, or is a wireless controller's row for an access point it manages).
    /// Returns the identifications that changed, each with a last match
    /// "lldp-neighbour 198.18.0.1 port 12" listing the fields the row gave.
    public func completeFromNeighbours(_ identifications: [IPv4Address: Identification], answered: [DeviceFacts],
                                       hosts: [HostObservation]) -> [IPv4Address: Identification] {
        let own = Set(answered.map(\.ip))
        var completed: [IPv4Address: Identification] = [:]
        for (ip, row) in rowsNaming(hosts.filter { own.contains($0.ip) }, in: answered) {
            if let mine = identifications[ip],
               let more = Self.completing(mine, with: row.identification, rowKnowsClass: row.sighting.isManagedAccessPoint) {
                completed[ip] = more
            }
        }
        return completed
    }

    /// The rules whose class is a guess: a generic agent's (host resources, net-snmp on Linux, the
    /// general evidence of interfaces and services) or the maker's usual class (`maker-class`).
    static let genericClassRules: Set<String> = ["host-resources", "net-snmp-linux", "net-snmp-linux-oid", classEvidenceRule, makerClassRule]

    /// `own` with the gaps `row` (a neighbour row's identification of the same device) fills;
    /// nil when it fills none. `rowKnowsClass`: the row's source knows the class for certain (a
    /// controller's row for an access point it manages).
    static func completing(_ own: Identification, with row: Identification, rowKnowsClass: Bool = false) -> Identification? {
        var result = own
        var filled: [String] = []
        func fill(_ field: WritableKeyPath<Identification, String?>, _ name: String) {
            if result[keyPath: field] == nil, let value = row[keyPath: field] { result[keyPath: field] = value; filled.append(name) }
        }
        fill(\.vendor, "vendor")
        fill(\.model, "model")
        fill(\.serial, "serial")
        if own.version == nil, own.os == nil || own.os == row.os { fill(\.version, "version"); fill(\.os, "os") }
        fill(\.family, "family")
        let ownClassRules = own.matches.filter { $0.fields.contains("class") }.map(\.rule)
        let rowClassRules = row.matches.dropFirst().filter { $0.fields.contains("class") }.map(\.rule)
        let rowKnows = rowKnowsClass || row.class == .phone || rowClassRules.contains { $0 != classEvidenceRule }
        if row.class != .unknown, row.class != own.class,
           own.class == .unknown || (ownClassRules.allSatisfy(genericClassRules.contains) && rowKnows) {
            result.class = row.class
            filled.append("class")
        }
        guard !filled.isEmpty, let source = row.matches.first?.rule else { return nil }
        result.matches.append(.init(rule: source, fields: filled))
        return result
    }

    /// Each of `hosts` a neighbour row names, identified from the first row (devices in address
    /// order, then rows in table order) from which a rule names something. Only hosts Census saw
    /// on the segment itself: one known only from another device's ARP or forwarding table would
    /// be matched by two second-hand claims that age apart.
    private func rowsNaming(_ hosts: [HostObservation], in answered: [DeviceFacts])
        -> [IPv4Address: (identification: Identification, sighting: NeighbourSighting)] {
        var byMAC: [MACAddress: [HostObservation]] = [:], byIP: [IPv4Address: HostObservation] = [:]
        for host in hosts where host.isDirect {
            byMAC[host.mac, default: []].append(host)
            byIP[host.ip] = byIP[host.ip] ?? host
        }
        var result: [IPv4Address: (identification: Identification, sighting: NeighbourSighting)] = [:]
        for facts in answered.sorted(by: { $0.ip < $1.ip }) {
            for sighting in NeighbourSighting.all(in: facts) where sighting.saysSomething {
                let named = sighting.macs.flatMap { byMAC[$0] ?? [] } + sighting.addresses.compactMap { byIP[$0] }
                for host in named where result[host.ip] == nil && host.ip != facts.ip {
                    if let identification = identify(sighting, ouiVendor: host.vendor) { result[host.ip] = (identification, sighting) }
                }
            }
        }
        return result
    }

    /// One neighbour row identified (`ouiVendor`: the registry's name for the MAC it was seen
    /// with), or nil when no rule names anything from it (the MAC registry aside). Its first match,
    /// "lldp-neighbour 198.18.0.1 port 12", lists every field: all came from the row.
    public func identify(_ sighting: NeighbourSighting, ouiVendor: String? = nil) -> Identification? {
        var identification = identify(sighting.evidence(ouiVendor: ouiVendor))
        guard identification.ruleIDs.contains(where: { $0 != "mac-vendor" }) else { return nil }
        // A controller manages the device as an access point, whatever a rule reads in its model.
        if sighting.isManagedAccessPoint { identification.class = .wirelessAP }
        let named = Rule.Field.allCases.filter { identification.value($0) != nil }.map(\.rawValue)
        identification.matches.insert(.init(rule: sighting.source, fields: named), at: 0)
        return identification
    }
}
