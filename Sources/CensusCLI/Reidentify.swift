import ArgumentParser
import CensusCore
import Fingerprinting
import Foundation
import Inventory
import MACVendors

/// `census reidentify`: runs identification again over stored facts (after a catalog change).
struct Reidentify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Identify stored devices again from their stored SNMP facts, without rescanning.",
        discussion: "After a catalog change (a new built-in release or your own --catalog rules), re-runs identification over every stored answer (or one scan's) and stores the result. Prints what changed."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: "Only this scan.")
    var scan: Int64?

    @OptionGroup var catalogOptions: CatalogOptions

    @Option(name: .long, help: "Output format: table or json.")
    var format: OutputFormat = .table

    func run() async throws {
        try await reportingFailures {
            let engine = Reidentifier(identifier: try catalogOptions.identifier(), vendors: try? OUIRegistry())
            let outcome = try await engine.run(scan: scan, in: database.open(), at: Date())
            let changes = outcome.changes
            if format == .json {
                print(try JSONOutput.encode(changes), terminator: "")
            } else if !changes.isEmpty {
                print(TextTable(headers: ["SCAN", "IP", "FIELD", "BEFORE", "AFTER"],
                                rows: changes.map { ["\($0.scan)", $0.ip, $0.field, $0.before ?? "-", $0.after ?? "-"] }).render(), terminator: "")
            }
            Terminal.error("census: \(counted(outcome.identified, "device")) identified again, \(Set(changes.map { "\($0.scan) \($0.ip)" }).count) changed")
        }
    }
}
