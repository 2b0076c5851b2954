import CensusCore
@testable import Fingerprinting
import SNMPModel

/// The built-in catalog, loaded once for the tests that identify recordings with it.
enum BuiltInCatalog {
    static let identifier = Result<Identifier, any Error> { Identifier(catalog: try Catalog.builtIn()) }

    /// A recording's text identified as Census would after collecting it (vendor objects kept).
    static func identify(_ recording: String) throws -> Identification {
        let identifier = try identifier.get()
        let facts = try SNMPRecording.facts(fromText: recording, file: "t.snmprec", keep: identifier.catalog.fetchedObjects,
                                                 keepUnderObjectID: identifier.catalog.fetchedUnderProduct)
        return identifier.identify(Evidence(facts: facts))
    }
}
