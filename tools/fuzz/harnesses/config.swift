// The configuration file (`--config FILE`, census.yaml).
import CensusConfig

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    do {
        let configuration = try CensusConfiguration.parse(text(data, size), file: "census.yaml")
        for client in configuration.clients {
            for site in client.sites { _ = try? configuration.site(site.name, of: client.name) }
        }
    } catch {
        _ = error.description
    }
    return 0
}
