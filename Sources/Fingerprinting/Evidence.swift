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
    /// Vendor of the MAC address from the IEEE registry, as registered.
    public var ouiVendor: String?
    /// Sections of the collection plan that held data (printer, ups, host, bridge, lldp...).
    public var sections: Set<String>
    /// Every object read, by OID (including vendor objects a catalog rule asked for).
    public var values: [OID: SNMPValue]

    public init(sysDescr: String? = nil, sysObjectID: OID? = nil, sysName: String? = nil, sysServices: Int? = nil,
                entityModel: String? = nil, entityDescr: String? = nil, entityManufacturer: String? = nil,
                entitySerial: String? = nil, entityFirmware: String? = nil, entitySoftware: String? = nil,
                entityHardware: String? = nil, ouiVendor: String? = nil, sections: Set<String> = [], values: [OID: SNMPValue] = [:]) {
        self.sysDescr = sysDescr
        self.sysObjectID = sysObjectID
        self.sysName = sysName
        self.sysServices = sysServices
        self.entityModel = entityModel
        self.entityDescr = entityDescr
        self.entityManufacturer = entityManufacturer
        self.entitySerial = entitySerial
        self.entityFirmware = entityFirmware
        self.entitySoftware = entitySoftware
        self.entityHardware = entityHardware
        self.ouiVendor = ouiVendor
        self.sections = sections
        self.values = values
    }

    /// The evidence in a device's SNMP facts (and its MAC vendor, when known).
    public init(facts: DeviceFacts, ouiVendor: String? = nil) {
        self.init(sysDescr: facts.sysDescr, sysObjectID: facts.sysObjectID, sysName: facts.sysName, sysServices: facts.sysServices,
                  entityModel: facts.model, entityDescr: facts.chassisField(MIB.entPhysicalDescr),
                  entityManufacturer: facts.manufacturer, entitySerial: facts.serial,
                  entityFirmware: facts.firmwareRevision, entitySoftware: facts.softwareRevision,
                  entityHardware: facts.chassisField(MIB.entPhysicalHardwareRev), ouiVendor: ouiVendor,
                  sections: Set(facts.sections.filter { !$0.value.varBinds.isEmpty }.keys),
                  values: Dictionary(facts.sections.values.flatMap(\.varBinds).map { ($0.oid, $0.value) }, uniquingKeysWith: { a, _ in a }))
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
