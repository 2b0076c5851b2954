import ArgumentParser
import Fingerprinting

/// `census catalog-check`: runs every example of the catalog (built-in plus --catalog folders).
struct CatalogCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog-check",
        abstract: "Check the identification catalog: every rule's examples must yield what they say.",
        discussion: "Loads the built-in catalog and any --catalog folders (a malformed file is reported with its file and line), runs every example through the whole catalog and lists those that do not come out as written, and any rule id one folder writes twice (a --catalog folder may replace a built-in rule by its id on purpose). Exit 0 when all pass, 65 otherwise."
    )

    @OptionGroup var catalogOptions: CatalogOptions

    func run() async throws {
        try await reportingFailures {
            let identifier = try catalogOptions.identifier()
            let failures = identifier.checkExamples()
            for failure in failures { print(failure.description) }
            let twice = identifier.catalog.idsWrittenTwice
            for replacement in twice { print(replacement.description) }
            let examples = identifier.catalog.rules.reduce(0) { $0 + $1.examples.count }
            Terminal.error("census: \(identifier.catalog.rules.count) rules, \(examples) examples, \(failures.count) failing, \(twice.count) ids written twice")
            if !failures.isEmpty || !twice.isEmpty {
                throw CensusFailure("\(failures.count) catalog examples fail, \(twice.count) rule ids are written twice", exitCode: CensusFailure.dataError)
            }
        }
    }
}
