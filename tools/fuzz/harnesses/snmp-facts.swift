// SNMP answers as the readings see them: DeviceFacts built from the fuzzer's bytes (objects under
// the roots Census walks, any value type), then every reading (FactViews.swift) and the
// identification with the built-in catalog.
import CensusCore
import Fingerprinting
import Foundation
import SNMPModel

private let identifier: Identifier = {
    do { return Identifier(catalog: try Catalog.builtIn()) } catch { fatalError("built-in catalog: \(error)") }
}()

/// Loads the built-in catalog (some 20,000 rules and the 86,500-line enterprise registry) before the
/// first input, so its load under the sanitizers is not timed as one input's work (libFuzzer's -timeout).
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer?, _ argv: UnsafeMutableRawPointer?) -> Int32 {
    _ = identifier
    return 0
}

/// Where answers land: every object and table column the collection plan reads, and a few
/// vendor subtrees catalog rules fetch.
private let roots: [(section: String, oid: OID)] = [
    ("system", MIB.sysDescr), ("system", MIB.sysObjectID), ("system", MIB.sysName), ("system", MIB.sysLocation),
    ("system", MIB.sysServices), ("system", MIB.sysUpTime), ("system", MIB.sysContact),
    ("entity", MIB.entPhysicalDescr), ("entity", MIB.entPhysicalContainedIn), ("entity", MIB.entPhysicalClass),
    ("entity", MIB.entPhysicalName), ("entity", MIB.entPhysicalHardwareRev), ("entity", MIB.entPhysicalFirmwareRev),
    ("entity", MIB.entPhysicalSoftwareRev), ("entity", MIB.entPhysicalSerialNum), ("entity", MIB.entPhysicalMfgName),
    ("entity", MIB.entPhysicalModelName),
    ("interfaces", MIB.ifDescr), ("interfaces", MIB.ifType), ("interfaces", MIB.ifSpeed), ("interfaces", MIB.ifPhysAddress),
    ("interfaces", MIB.ifName), ("interfaces", MIB.ifAlias),
    ("arp", MIB.ipNetToMediaPhysAddress), ("arp", MIB.ipNetToPhysicalPhysAddress),
    ("bridge", MIB.dot1dBasePortIfIndex), ("bridge", MIB.dot1dTpFdbPort), ("bridge", MIB.dot1qTpFdbPort),
    ("lldp", MIB.lldpRemChassisId), ("lldp", MIB.lldpRemPortId), ("lldp", MIB.lldpRemPortDesc),
    ("lldp", MIB.lldpRemSysName), ("lldp", MIB.lldpRemSysDesc),
    ("host", MIB.hrSystem), ("host", MIB.hrMemorySize), ("host", MIB.hrStorageEntry), ("host", MIB.hrDeviceEntry),
    ("printer", MIB.prtGeneralSerialNumber), ("printer", MIB.prtMarkerLifeCount),
    ("ups", MIB.upsIdent), ("ups", MIB.upsBattery),
    ("vendor", "1.3.6.1.4.1.9.9.25.1.1.1.2"), ("vendor", "1.3.6.1.4.1.12356.100.1.1.1"), ("vendor", "1.3.6.1.4.1"),
]

private func value(_ input: inout FuzzInput) -> SNMPValue {
    switch input.byte() % 16 {
    case 0: return .integer(Int64(Int32(bitPattern: input.u32())))
    case 1: return .integer(Int64(bitPattern: UInt64(input.u32()) << 32 | UInt64(input.u32())))
    case 2, 3, 4, 5: return .octets(input.take(Int(input.byte() % 64)))
    case 6: return .oid(OID((0..<Int(input.byte() % 16)).map { _ in input.byte() < 200 ? UInt32(input.byte()) : input.u32() }))
    case 7: return .ipAddress(IPv4Address(input.u32()))
    case 8: return .counter32(input.u32())
    case 9: return .gauge32(input.u32())
    case 10: return .timeticks(input.u32())
    case 11: return .counter64(UInt64(input.u32()) << 32 | UInt64(input.u32()))
    case 12: return .opaque(input.take(Int(input.byte() % 16)))
    case 13: return .null
    case 14: return [.noSuchObject, .noSuchInstance, .endOfMibView][Int(input.byte() % 3)]
    default: return .octets(Array("ok \(input.byte())".utf8))
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    var sections: [String: [VarBind]] = [:]
    var truncated: Set<String> = []
    while !input.isEmpty && sections.values.reduce(0, { $0 + $1.count }) < 512 {
        let op = input.byte()
        let (section, root) = roots[Int(op & 0x7F) % roots.count]
        if op & 0x80 != 0 && input.byte() == 0xFF { truncated.insert(section) }
        // Index: none (scalar), or up to 12 components (MAC and IP indexes are 6 and 4+ long).
        let indexLength = Int(input.byte() % 13)
        let index = (0..<indexLength).map { _ in input.byte() < 230 ? UInt32(input.byte()) : input.u32() }
        sections[section, default: []].append(VarBind(oid: root.appending(index), value: value(&input)))
    }
    let facts = DeviceFacts(
        ip: IPv4Address(198, 18, 0, 1), credential: "v2c", collectedAt: Date(timeIntervalSince1970: 1_700_000_000),
        sections: sections.mapValues { DeviceFacts.Section(varBinds: $0) }.merging(
            truncated.map { ($0, DeviceFacts.Section(varBinds: [], truncation: "fuzz")) }, uniquingKeysWith: { a, b in
                DeviceFacts.Section(varBinds: a.varBinds, truncation: b.truncation) }))
    readEverything(facts)
    let evidence = Evidence(facts: facts, ouiVendor: facts.sysName)
    let identification = identifier.identify(evidence)
    _ = identification
    _ = identifier.vendorObjects(evidence)
    return 0
}
