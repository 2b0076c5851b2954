// Every reading of DeviceFacts (Sources/SNMPModel/FactViews.swift), shared by the harnesses
// that build facts.
import CensusCore
import SNMPModel

func readEverything(_ facts: DeviceFacts) {
    _ = (facts.sysDescr, facts.sysObjectID, facts.sysName, facts.sysLocation, facts.sysServices)
    _ = facts.chassisEntity
    for column in [MIB.entPhysicalDescr, MIB.entPhysicalName, MIB.entPhysicalHardwareRev, MIB.entPhysicalSerialNum] {
        _ = facts.chassisField(column)
    }
    _ = (facts.serial, facts.model, facts.manufacturer, facts.firmwareRevision, facts.softwareRevision)
    _ = facts.macs
    _ = facts.arpCache
    _ = facts.forwardingTable
    _ = facts.lldpNeighbors
    _ = facts.isComplete
    for (_, section) in facts.sections { for vb in section.varBinds { _ = vb.value.text } }
}
