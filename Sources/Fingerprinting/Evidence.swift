import CensusCore
import SNMPModel

/// What identification looks at for one device: the readings of its SNMP answers and the
/// vendor of its MAC address. Built from stored facts, so identification can be re-run
/// without rescanning.
public struct Evidence: Sendable {
    public var sysDescr: String?
    public var sysObjectID: OID?
    public var sysName: String?
    public var sysServices: Int?
    /// The ENTITY-MIB chassis row's fields.
    public var entityModel: String?
    public var entityDescr: String?
    public var entityManufacturer: String?
    public var entitySerial: String?
    public var entityFirmware: String?
    public var entitySoftware: String?
    public var entityHardware: String?
    /// The device's LLDP-MED inventory (LLDP-EXT-MED-MIB): model, serial and maker it says of
    /// itself, read where the ENTITY-MIB chassis row says nothing.
    public var lldpMedModel: String?
    public var lldpMedSerial: String?
    public var lldpMedManufacturer: String?
    /// Vendor of the MAC address from the IEEE registry, as registered.
    public var ouiVendor: String?
    /// Sections of the collection plan that held data (printer, ups, host, bridge, lldp...).
    public var sections: Set<String>
    /// Every object read, by OID (including vendor objects a catalog rule asked for).
    public var values: [OID: SNMPValue]
    /// The index of the ENTITY-MIB row that stands for the device (`DeviceFacts.chassisEntity`),
    /// when the table names one: its cells the walk did not bring are read by the follow-up GET.
    public var chassisIndex: [UInt32]?
    /// The address the device was asked at (none for a recording read offline).
    public var address: IPv4Address?

    /// Device-supplied strings are cut here, at their MIB size, before any rule sees them: an
    /// agent that sends more (a sysDescr of 64 KB) gets no more matching work than a legal one.
    public init(sysDescr: String? = nil, sysObjectID: OID? = nil, sysName: String? = nil, sysServices: Int? = nil,
                entityModel: String? = nil, entityDescr: String? = nil, entityManufacturer: String? = nil,
                entitySerial: String? = nil, entityFirmware: String? = nil, entitySoftware: String? = nil,
                entityHardware: String? = nil, lldpMedModel: String? = nil, lldpMedSerial: String? = nil,
                lldpMedManufacturer: String? = nil, ouiVendor: String? = nil, sections: Set<String> = [], values: [OID: SNMPValue] = [:],
                chassisIndex: [UInt32]? = nil, address: IPv4Address? = nil) {
        let cut = Self.cut
        self.sysDescr = cut(sysDescr, Self.displayStringSize).map(Self.withoutStrayQuotes)
        self.sysObjectID = sysObjectID
        self.sysName = cut(sysName, Self.displayStringSize)
        self.sysServices = sysServices
        self.entityModel = cut(entityModel, Self.displayStringSize)
        self.entityDescr = cut(entityDescr, Self.displayStringSize)
        self.entityManufacturer = cut(entityManufacturer, Self.displayStringSize)
        self.entitySerial = cut(entitySerial, Self.serialNumberSize)
        self.entityFirmware = cut(entityFirmware, Self.displayStringSize)
        self.entitySoftware = cut(entitySoftware, Self.displayStringSize)
        self.entityHardware = cut(entityHardware, Self.displayStringSize)
        self.lldpMedModel = cut(lldpMedModel, Self.displayStringSize)
        self.lldpMedSerial = cut(lldpMedSerial, Self.serialNumberSize)
        self.lldpMedManufacturer = cut(lldpMedManufacturer, Self.displayStringSize)
        self.ouiVendor = cut(ouiVendor, Self.displayStringSize)
        self.sections = sections
        self.chassisIndex = chassisIndex
        self.address = address
        self.values = values.mapValues { value in
            switch value {
            case .octets(let bytes) where bytes.count > Self.displayStringSize: .octets(Array(bytes.prefix(Self.displayStringSize)))
            default: value
            }
        }
    }

    /// The value of a column's first row: the lowest object below `column` (what a GETNEXT of
    /// the column answers).
    public func firstRow(of column: OID) -> SNMPValue? {
        values.filter { column.isAncestor(of: $0.key) }.min { $0.key < $1.key }?.value
    }

    /// The index of the row whose value in `column` is the device's own address (an IpAddress,
    /// or the address written as text): the row a table of a cluster's members gives the member
    /// asked. None when no row holds it, or more than one does.
    public func ownRow(index column: OID) -> [UInt32]? {
        guard let address else { return nil }
        return VendorObjects.ownRowIndex(in: values.lazy.map { VarBind(oid: $0.key, value: $0.value) }, column: column, address: address)
    }

    /// DisplayString and SnmpAdminString (sysDescr, sysName, sysContact, sysLocation, the
    /// entPhysical text columns, vendor objects): SIZE (0..255).
    public static let displayStringSize = 255
    /// entPhysicalSerialNum: SnmpAdminString (SIZE (0..32)).
    public static let serialNumberSize = 32

    /// `text` without a double quote that opens or closes it unpaired, or a pair that wraps it whole
    /// (agents that quote their description: `"H3C Comware Platform Software…`): the quote is not
    /// the maker's word, and rules read from where the text starts.
    static func withoutStrayQuotes(_ text: String) -> String {
        var text = Substring(text)
        let quotes = text.count { $0 == "\"" }
        if quotes == 2, text.count > 2, text.first == "\"", text.last == "\"" { return String(text.dropFirst().dropLast()) }
        guard quotes == 1 else { return String(text) }
        if text.first == "\"" { text = text.dropFirst() } else if text.last == "\"" { text = text.dropLast() }
        return String(text)
    }

    /// The first `octets` bytes of `text`, never splitting a character.
    static func cut(_ text: String?, _ octets: Int) -> String? {
        guard let text, text.utf8.count > octets else { return text }
        var end = text.utf8.index(text.utf8.startIndex, offsetBy: octets)
        while end.samePosition(in: text.unicodeScalars) == nil { end = text.utf8.index(before: end) }
        return String(String.UnicodeScalarView(text.unicodeScalars[..<end]))
    }

    /// The evidence in a device's SNMP facts (and its MAC vendor, when known). The chassis row's
    /// software and firmware revisions fall back to the LLDP-MED inventory's (the rules that read
    /// `entitySoftware` then read a phone's or a switch's own word for its software).
    public init(facts: DeviceFacts, ouiVendor: String? = nil) {
        self.init(sysDescr: facts.sysDescr, sysObjectID: facts.sysObjectID, sysName: facts.sysName, sysServices: facts.sysServices,
                  entityModel: facts.model, entityDescr: facts.chassisField(MIB.entPhysicalDescr),
                  entityManufacturer: facts.manufacturer, entitySerial: facts.serial,
                  entityFirmware: facts.firmwareRevision ?? facts.lldpMedInventory(MIB.lldpXMedLocFirmwareRev),
                  entitySoftware: facts.softwareRevision ?? facts.lldpMedInventory(MIB.lldpXMedLocSoftwareRev),
                  entityHardware: facts.chassisField(MIB.entPhysicalHardwareRev),
                  lldpMedModel: facts.lldpMedInventory(MIB.lldpXMedLocModelName),
                  lldpMedSerial: facts.lldpMedInventory(MIB.lldpXMedLocSerialNum, placeholder: DeviceFacts.isPlaceholder),
                  lldpMedManufacturer: facts.lldpMedInventory(MIB.lldpXMedLocMfgName), ouiVendor: ouiVendor,
                  sections: Set(facts.sections.filter { !$0.value.varBinds.isEmpty }.keys),
                  values: Dictionary(facts.sections.values.flatMap(\.varBinds).map { ($0.oid, $0.value) }, uniquingKeysWith: { a, _ in a }),
                  chassisIndex: facts.chassisEntity, address: facts.ip == .any ? nil : facts.ip)
    }

    /// The MAC registry's vendor for a device: of the MAC it was seen with (ARP), else of the
    /// first of its own interfaces' addresses the registry knows (a device behind a router is
    /// seen with no MAC, but its IF-MIB ifPhysAddress column still names its maker's block).
    public static func macVendor(of facts: DeviceFacts, seenWith mac: MACAddress?, lookup: (MACAddress) -> String?) -> String? {
        mac.flatMap(lookup) ?? facts.macs.lazy.compactMap(lookup).first
    }

    /// The text of one evidence field by its catalog name.
    func text(_ field: EvidenceField) -> String? {
        switch field {
        case .sysDescr: sysDescr
        case .sysObjectID: sysObjectID?.description
        case .sysName: sysName
        case .entityModel: entityModel
        case .entityDescr: entityDescr
        case .entityManufacturer: entityManufacturer
        case .entitySoftware: entitySoftware
        case .entityFirmware: entityFirmware
        case .ouiVendor: ouiVendor
        }
    }
}

/// The text fields a rule can match with a regular expression.
public enum EvidenceField: String, CaseIterable, Sendable {
    case sysDescr, sysObjectID, sysName, entityModel, entityDescr, entityManufacturer, entitySoftware, entityFirmware
    case ouiVendor = "oui"
}
