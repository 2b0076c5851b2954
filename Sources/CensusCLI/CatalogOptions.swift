import ArgumentParser
import CensusCore
import DataFiles
import Fingerprinting
import Foundation

/// Which identification catalog to use: the built-in one, extended by the user's folders.
struct CatalogOptions: ParsableArguments {
    @Option(name: .long, help: "Folder of catalog YAML files that extend or override the built-in rules; repeatable.")
    var catalog: [String] = []

    @Option(name: .customLong("catalog-instead"),
            help: ArgumentHelp("Catalog folder used instead of the built-in one (a catalog under development, or a cut-down one to see what an unknown maker's device gets).",
                               valueName: "folder"))
    var catalogInstead: String?

    func identifier() throws -> Identifier {
        do {
            var loaded = try catalogInstead.map { (folder) throws(DataFileError) in try Catalog.folder(folder) } ?? Catalog.builtIn()
            for folder in catalog { try loaded.add(folder: folder) }
            return Identifier(catalog: loaded)
        } catch {
            throw CensusFailure("catalog: \(error)", exitCode: CensusFailure.dataError)
        }
    }
}
