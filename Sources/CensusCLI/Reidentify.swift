import ArgumentParser
import CensusCore
import CensusStore
import Fingerprinting
import Foundation
import MACVendors

/// `census reidentify`: runs identification again over stored facts (after a catalog change).
struct Reidentify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Identify stored devices again from their stored SNMP facts, without rescanning.",
        discussion: "After a catalog change (a new built-in release or your own --catalog rules), re-runs identification over every stored answer (or one scan's) and stores the result. Prints what changed."
    )

    @Option(name: .long, help: "SQLite database to update.")
    var db: String = CensusStore.defaultPath

    @Option(name: .long, help: "Only this scan.")
    var scan: Int64?

    @OptionGroup var catalogOptions: CatalogOptions

    @Option(name: .long, help: "Output format: table or json.")
    var format: OutputFormat = .table

    struct Change: Encodable {
        let scan: Int64
        let ip: String
        let field: String
        let before: String?
        let after: String?
    }

    func run() async throws {
        try await reportingFailures {
            let identifier = try catalogOptions.identifier()
            let database = try openStore(db)
            let registry = try? OUIRegistry()
            var changes: [Change] = []
            var total = 0
            let stored = try database.storedFacts(scanId: scan)
            for scanId in Set(stored.map(\.scanId)).sorted() {
                let before = try database.identifications(scanId: scanId)
                var updated: [(IPv4Address, Identification)] = []
                for entry in stored where entry.scanId == scanId {
                    let vendor = entry.mac.flatMap { registry?.vendor(for: $0) }
                    let now = identifier.identify(Evidence(facts: entry.facts, ouiVendor: vendor))
                    updated.append((entry.facts.ip, now))
                    total += 1
                    let old = before[entry.facts.ip]
                    for field in Rule.Field.allCases where old?.value(field) != now.value(field) {
                        changes.append(Change(scan: scanId, ip: entry.facts.ip.description, field: field.rawValue,
                                              before: old?.value(field), after: now.value(field)))
                    }
                }
                try database.recordIdentifications(updated, scanId: scanId)
            }
            if format == .json {
                print(try JSONOutput.encode(changes), terminator: "")
            } else if !changes.isEmpty {
                print(TextTable(headers: ["SCAN", "IP", "FIELD", "BEFORE", "AFTER"],
                                rows: changes.map { ["\($0.scan)", $0.ip, $0.field, $0.before ?? "-", $0.after ?? "-"] }).render(), terminator: "")
            }
            Terminal.error("census: \(total) devices identified again, \(Set(changes.map { "\($0.scan) \($0.ip)" }).count) changed")
        }
    }
}
