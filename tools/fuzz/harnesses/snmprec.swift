// snmpsim recordings read as facts (`census identify --snmprec FILE`), then every reading of them.
import CensusCore
import SNMPModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    do {
        let facts = try SNMPRecording.facts(fromText: text(data, size), file: "fuzz.snmprec",
                                            keep: ["1.3.6.1.4.1.9.9.25.1.1.1.2.5", "1.3.6.1.4.1.12356.100.1.1.1.0"],
                                            maxRowsPerRoot: 64)
        readEverything(facts)
    } catch {
        _ = error.description
    }
    return 0
}
