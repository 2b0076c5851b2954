import ArgumentParser
import CensusCore
import DataFiles
import Fingerprinting
import Foundation

/// Which identification catalog to use: the built-in one, extended by the user's folders.
struct CatalogOptions: ParsableArguments {
    @Option(name: .long, help: "Folder of catalog YAML files that extend or override the built-in rules; repeatable.")
    var catalog: [String] = []

    func identifier() throws -> Identifier {
        do {
            var loaded = try Catalog.builtIn()
            for folder in catalog { try loaded.add(folder: folder) }
            return Identifier(catalog: loaded)
        } catch {
            throw CensusFailure("catalog: \(error)", exitCode: CensusFailure.dataError)
        }
    }
}
