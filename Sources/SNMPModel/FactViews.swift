import CensusCore

/// An LLDP neighbour a device reports.
public struct LLDPNeighbor: Sendable, Equatable, Codable {
    public var localPort: Int
    public var chassisId: String?
    public var portId: String?
    public var portDescription: String?
    public var systemName: String?
    public var systemDescription: String?

    public init(localPort: Int, chassisId: String? = nil, portId: String? = nil, portDescription: String? = nil,
                systemName: String? = nil, systemDescription: String? = nil) {
        self.localPort = localPort
        self.chassisId = chassisId
        self.portId = portId
        self.portDescription = portDescription
        self.systemName = systemName
        self.systemDescription = systemDescription
    }
}

extension SNMPValue {
    /// The value as text where the MIB says the object is text (DisplayString, SnmpAdminString):
    /// UTF-8 when the octets are UTF-8, else read as Windows-1252 (Latin-1 with its printable
    /// 0x80-0x9F), so one accented byte from an agent with a Latin-1 locale does not drop the
    /// whole string. Trailing NULs, spaces and line ends go; octets with control characters
    /// (binary: a MAC, a bit string) are still not text.
    public var displayText: String? {
        if let text { return text }
        guard case .octets(var bytes) = self else { return nil }
        while let last = bytes.last, last == 0 || last == 0x20 || last == 0x0A || last == 0x0D { bytes.removeLast() }
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            switch byte {
            case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0xA0...0xFF: scalars.append(Unicode.Scalar(byte))
            case 0x80...0x9F:
                guard let scalar = Self.windows1252[Int(byte - 0x80)] else { return nil }
                scalars.append(scalar)
            default: return nil   // C0 controls and DEL: binary, not text
            }
        }
        return String(scalars)
    }

    /// Windows-1252 0x80-0x9F (nil where the code page leaves a byte undefined).
    private static let windows1252: [Unicode.Scalar?] = [
        "\u{20AC}", nil, "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", nil, "\u{017D}", nil,
        nil, "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", nil, "\u{017E}", "\u{0178}",
    ]
}

/// Readings of the raw facts: the fields every report shows.
extension DeviceFacts {
    public var sysDescr: String? { nonEmptyText(MIB.sysDescr) }
    /// The agent's product OID; `0.0` (zeroDotZero, "none") and malformed values are no answer.
    public var sysObjectID: OID? { value(MIB.sysObjectID)?.oidValue.flatMap { $0.components.count > 2 ? $0 : nil } }
    public var sysName: String? { nonEmptyText(MIB.sysName) }
    public var sysLocation: String? { nonEmptyText(MIB.sysLocation) }

    private func nonEmptyText(_ oid: OID) -> String? {
        value(oid)?.displayText.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
    }
    public var sysServices: Int? { value(MIB.sysServices)?.integer.map(Int.init) }

    /// The ENTITY-MIB row that stands for the whole device (its model, serial, maker...):
    ///
    /// 1. A row of class chassis(3) or stack(11): one not contained in another first, then a
    ///    stack before a chassis (a stack holds its chassis), then the lowest index. Complete
    ///    tables always read this way.
    /// 2. When the agent gives no entPhysicalClass column at all (a partial table), the lowest
    ///    index row with a real (non-placeholder) serial number or model name, preferring one
    ///    not contained in another (entPhysicalContainedIn 0 or absent): the device's model and
    ///    serial are not dropped because one column is missing. Rows need not start at 1
    ///    (stack members sit at 1001, 2001...). A row two levels or more below a top-level one
    ///    (a board in a slot of the chassis) never stands for the device.
    ///    With neither (only descriptions), the lowest index row whose entPhysicalDescr calls
    ///    itself a chassis ("Cisco 7206VXR, 6-slot chassis").
    /// 3. A class column without any chassis or stack row: the one row not contained in another
    ///    whose class is no replaceable part (other, unknown, backplane or container) and that has a real
    ///    serial or model (VMware ESXi's SMBIOS system row, a backplane, holds the server's maker,
    ///    model and serial). Otherwise (modules and ports only) no chassis: a module's serial is
    ///    not the device's.
    public var chassisEntity: [UInt32]? {
        let classes = entityClasses
        let parents = containment
        func isTopLevel(_ row: [UInt32]) -> Bool { (parents[row] ?? 0) == 0 }
        guard classes.isEmpty else {
            let candidates = classes.filter { $0.value == Self.entityClassChassis || $0.value == Self.entityClassStack }.keys.sorted { a, b in
                if isTopLevel(a) != isTopLevel(b) { return isTopLevel(a) }
                if classes[a] != classes[b] { return classes[a] == Self.entityClassStack }   // a stack holds its chassis
                return a.lexicographicallyPrecedes(b)
            }
            if let chassis = candidates.first { return chassis }
            let described = describedRows()
            let whole = classes.filter { isTopLevel($0.key) && Self.entityClassesOfNoPart.contains($0.value) && described.contains($0.key) }.keys
            return whole.count == 1 ? whole.first : nil
        }
        var described = describedRows()
        if described.isEmpty {
            for (row, value) in column(MIB.entPhysicalDescr)
            where value.displayText?.range(of: Self.chassisWords, options: [.regularExpression, .caseInsensitive]) != nil {
                described.insert(row)
            }
        }
        // Two levels or more below a top-level row is a module in a slot (chassis, container,
        // board): its serial is not the device's. A stack's members sit one level down.
        described = described.filter { Self.containers(of: $0, parents).count <= 1 }
        return described.sorted { a, b in
            if isTopLevel(a) != isTopLevel(b) { return isTopLevel(a) }
            return a.lexicographicallyPrecedes(b)
        }.first
    }

    /// A description naming the chassis itself ("Cisco 7206VXR, 6-slot chassis"), not a part of
    /// it ("Chassis Fan Tray", "Chassis Temperature Sensor").
    static let chassisWords = #"^(?!.*\b(?:fan|power supply|psu|sensor|temperature)\b).*\bchassis\b(?!\s+(?:slot|module|card))"#

    /// entPhysicalClass values (ENTITY-MIB PhysicalClass, RFC 6933).
    static let entityClassChassis: Int64 = 3
    static let entityClassStack: Int64 = 11
    /// other(1), unknown(2), backplane(4), container(5): classes that are no replaceable part of a
    /// device (a module, port, fan, sensor or power supply), so may stand for the whole of it.
    static let entityClassesOfNoPart: Set<Int64> = [1, 2, 4, 5]

    /// entPhysicalClass of each row (empty when the agent gives no class column).
    private var entityClasses: [[UInt32]: Int64] { integers(MIB.entPhysicalClass) }

    /// entPhysicalContainedIn of each row (0 or absent: contained in nothing).
    private var containment: [[UInt32]: Int64] { integers(MIB.entPhysicalContainedIn) }

    /// An integer column's value by row (0 where a cell is not an integer; the first of a row twice).
    private func integers(_ columnOID: OID) -> [[UInt32]: Int64] {
        Dictionary(column(columnOID).map { ($0.0, $0.1.integer ?? 0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The rows holding `row`, innermost first (a containment loop in an agent's table ends
    /// after eight).
    private static func containers(of row: [UInt32], _ parents: [[UInt32]: Int64]) -> [UInt32] {
        var chain: [UInt32] = [], current = row
        while chain.count < 8, let parent = parents[current].flatMap({ UInt32(exactly: $0) }), parent != 0 {
            chain.append(parent)
            current = [parent]
        }
        return chain
    }

    /// The rows with a real (non-placeholder) serial number or model name.
    private func describedRows() -> Set<[UInt32]> {
        var described = Set<[UInt32]>()
        for (row, value) in column(MIB.entPhysicalSerialNum) + column(MIB.entPhysicalModelName) {
            if let text = value.displayText, !Self.isPlaceholder(text) { described.insert(row) }
        }
        return described
    }

    /// The chassis rows a stack row holds (directly or through containers), lowest index first:
    /// where the stack row itself says nothing of a field (Cisco and H3C stacks leave model and
    /// serial on the members), the first member says it for the device.
    var stackMembers: [[UInt32]] {
        guard let top = chassisEntity else { return [] }
        let classes = entityClasses
        guard classes[top] == Self.entityClassStack else { return [] }
        let parents = containment
        func isInside(_ row: [UInt32]) -> Bool { Self.containers(of: row, parents).contains { [$0] == top } }
        return classes.filter { ($0.value == Self.entityClassChassis || $0.value == Self.entityClassStack) && $0.key != top && isInside($0.key) }
            .keys.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// One column of the chassis row (e.g. `MIB.entPhysicalDescr`), trimmed; nil when empty.
    public func chassisField(_ column: OID) -> String? { entity(column) }

    private func entity(_ column: OID, placeholder: (String) -> Bool = { _ in false }) -> String? {
        guard let row = chassisEntity else { return nil }
        for candidate in [row] + stackMembers {
            if let text = value(column.appending(candidate))?.displayText.map({ $0.trimmingCharacters(in: .whitespaces) }),
               !text.isEmpty, !placeholder(text) {
                return text
            }
        }
        return nil
    }

    /// The chassis serial number from ENTITY-MIB, if the agent gives a real one.
    public var serial: String? { entity(MIB.entPhysicalSerialNum, placeholder: Self.isPlaceholder) }
    /// The chassis model name from ENTITY-MIB, if the agent gives a real one.
    public var model: String? { entity(MIB.entPhysicalModelName, placeholder: Self.isPlaceholderModel) }
    public var manufacturer: String? { entity(MIB.entPhysicalMfgName) }
    public var firmwareRevision: String? { entity(MIB.entPhysicalFirmwareRev) }
    public var softwareRevision: String? { entity(MIB.entPhysicalSoftwareRev) }

    /// What the device's LLDP-MED inventory (LLDP-EXT-MED-MIB lldpXMedLocInventory) says of it,
    /// trimmed; nil when empty or a placeholder. IP phones, many switches and lldpd on servers
    /// fill it (lldpd from the machine's DMI: maker, product name, serial).
    public func lldpMedInventory(_ object: OID, placeholder: (String) -> Bool = isPlaceholderModel) -> String? {
        guard let text = value(object)?.displayText?.trimmingCharacters(in: .whitespaces), !placeholder(text) else { return nil }
        return text
    }

    /// Values agents put in model fields when they have none (a stack row's "STACK MODE").
    public static func isPlaceholderModel(_ value: String) -> Bool {
        let v = value.trimmingCharacters(in: .whitespaces).lowercased()
        return v.isEmpty || ["0", "n/a", "na", "none", "unknown", "null", "-", "chassis", "default string", "to be filled by o.e.m.",
                             "stack", "stack mode", "system product name", "not specified", "modelslot"].contains(v)
    }

    /// Values agents put in serial fields when they have none.
    public static func isPlaceholder(_ value: String) -> Bool {
        let v = value.trimmingCharacters(in: .whitespaces).lowercased()
        return v.isEmpty || ["0", "n/a", "na", "none", "unknown", "not available", "null", "-", "serial", "default string",
                             "to be filled by o.e.m.", "0123456789", "123456789", "1234567890"].contains(v)
            || v.allSatisfy { $0 == "0" || $0 == "f" || $0 == "x" || $0 == "-" || $0 == ":" || $0 == " " }
            || isFormattedMAC(v)
    }

    /// A hardware address written as one ("00:11:22:33:44:55", "00-11-22-33-44-55",
    /// "0011.2233.4455"), not 12 hex digits of a real serial. Three dash-separated groups of four
    /// ("1824-ABCD-1234") are how Peplink writes its serials, so that form stays a serial.
    static func isFormattedMAC(_ value: String) -> Bool {
        let separators = ":-."
        guard value.contains(where: { separators.contains($0) }), MACAddress(value) != nil else { return false }
        let groups = value.split(whereSeparator: { separators.contains($0) })
        return !(groups.count == 3 && value.contains("-"))
    }

    /// Every distinct hardware address of the device's interfaces.
    public var macs: [MACAddress] {
        Array(Set(column(MIB.ifPhysAddress).compactMap { $0.1.macAddress }.filter { !$0.isZero && !$0.isMulticast })).sorted()
    }

    /// Hosts in the device's ARP cache (IP-MIB ipNetToMediaTable and ipNetToPhysicalTable).
    public var arpCache: [LearntHost] {
        var hosts: [LearntHost] = []
        for (index, value) in column(MIB.ipNetToMediaPhysAddress) where index.count == 5 {
            guard let mac = value.macAddress, index[1...].allSatisfy({ $0 < 256 }) else { continue }
            hosts.append(LearntHost(ip: IPv4Address(bytes: index[1...].map { UInt8($0) }), mac: mac, source: .routerARP,
                                    via: ip, ifIndex: Int(index[0]), port: nil))
        }
        for (index, value) in column(MIB.ipNetToPhysicalPhysAddress) where index.count == 7 && index[1] == 1 && index[2] == 4 {
            guard let mac = value.macAddress, index[3...].allSatisfy({ $0 < 256 }) else { continue }
            let address = IPv4Address(bytes: index[3...].map { UInt8($0) })
            if hosts.contains(where: { $0.ip == address && $0.mac == mac }) { continue }
            hosts.append(LearntHost(ip: address, mac: mac, source: .routerARP, via: ip, ifIndex: Int(index[0]), port: nil))
        }
        return hosts.filter { !$0.mac.isZero && !$0.mac.isMulticast }
    }

    /// MACs in the device's forwarding tables with the bridge port they sit behind.
    public var forwardingTable: [LearntHost] {
        let portIfIndex = Dictionary(column(MIB.dot1dBasePortIfIndex).compactMap { i, v in i.count == 1 ? (i[0], v.integer) : nil },
                                     uniquingKeysWith: { a, _ in a })
        var seen = Set<MACAddress>()
        var hosts: [LearntHost] = []
        func add(_ macBytes: ArraySlice<UInt32>, _ port: SNMPValue) {
            guard macBytes.allSatisfy({ $0 < 256 }), let p = port.integer, p > 0 else { return }
            let mac = MACAddress(bytes: macBytes.map { UInt8($0) })
            guard !mac.isMulticast, !mac.isZero, seen.insert(mac).inserted else { return }
            // A port number beyond any bridge's (an agent's garbage) maps to no interface.
            let ifIndex = UInt32(exactly: p).flatMap { portIfIndex[$0] }.flatMap { $0 }.map(Int.init)
            hosts.append(LearntHost(ip: nil, mac: mac, source: .switchPort, via: ip, ifIndex: ifIndex, port: String(p)))
        }
        for (index, port) in column(MIB.dot1qTpFdbPort) where index.count == 7 { add(index[1...], port) }
        for (index, port) in column(MIB.dot1dTpFdbPort) where index.count == 6 { add(index[...], port) }
        return hosts
    }

    public var lldpNeighbors: [LLDPNeighbor] {
        var rows: [[UInt32]: LLDPNeighbor] = [:]
        func fill(_ column: OID, _ set: (inout LLDPNeighbor, String) -> Void) {
            for (index, value) in self.column(column) where index.count == 3 {
                var n = rows[index] ?? LLDPNeighbor(localPort: Int(index[1]))
                let text = value.text ?? value.macAddress?.description ?? {
                    if case .octets(let b) = value { return b.map { String(format: "%02x", $0) }.joined(separator: ":") }
                    return nil
                }()
                if let text { set(&n, text) }
                rows[index] = n
            }
        }
        fill(MIB.lldpRemChassisId) { $0.chassisId = $1 }
        fill(MIB.lldpRemPortId) { $0.portId = $1 }
        fill(MIB.lldpRemPortDesc) { $0.portDescription = $1 }
        fill(MIB.lldpRemSysName) { $0.systemName = $1 }
        fill(MIB.lldpRemSysDesc) { $0.systemDescription = $1 }
        return rows.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map(\.value)
    }
}
