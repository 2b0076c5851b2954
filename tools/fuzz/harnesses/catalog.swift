// Identification catalogs (`--catalog DIR`): YAML rules with patterns and examples. Parsed,
// then every example run through the catalog it builds (which compiles and runs every pattern).
import DataFiles
import Fingerprinting

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    do {
        var catalog = Catalog()
        try catalog.add(file: DataFile.parse(text(data, size), file: "rules.yaml"))
        _ = Identifier(catalog: catalog).checkExamples()
        _ = catalog.fetchedObjects
        _ = catalog.canonicalVendor("Cisco Systems, Inc")
    } catch {
        _ = error.description
    }
    return 0
}
