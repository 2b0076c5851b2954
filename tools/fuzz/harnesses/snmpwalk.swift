// Saved snmpwalk text read as facts (`census identify --walk FILE`), then every reading of them.
import CensusCore
import SNMPModel

/// Names as net-snmp's modules would give them (the harness has no MIB modules loaded).
let walkNames: [String: OID] = [
    "SNMPv2-MIB::sysDescr.0": "1.3.6.1.2.1.1.1.0", "SNMPv2-MIB::sysObjectID.0": "1.3.6.1.2.1.1.2.0",
    "SNMPv2-SMI::enterprises.9.1.617": "1.3.6.1.4.1.9.1.617", "IF-MIB::ifPhysAddress.1": "1.3.6.1.2.1.2.2.1.6.1",
    "ENTITY-MIB::entPhysicalSerialNum.1001": "1.3.6.1.2.1.47.1.1.1.1.11.1001",
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = size > 0 ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    do {
        let reading = try SNMPWalk.read(fromBytes: bytes, file: "fuzz.walk", resolve: { walkNames[$0] },
                                        keep: ["1.3.6.1.4.1.9.9.25.1.1.1.2.5", "1.3.6.1.4.1.12356.100.1.1.1.0"],
                                        keepUnderObjectID: ["5.0"])
        _ = reading.skippedSummary
        readEverything(reading.facts)
    } catch {
        _ = error.description
    }
    return 0
}
