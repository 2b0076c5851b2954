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

    @Option(name: .long, help: "Output format.")
    var format: OutputFormat = .table

    func run() async throws {
        try await reportingFailures {
            let store = try await database.openExisting()
            if let scan, try store.scan(scan) == nil {
                throw CensusFailure("no scan \(scan) in \(try database.path())", exitCode: CensusFailure.usage)
            }
            let engine = Reidentifier(identifier: try catalogOptions.identifier(), vendors: try? OUIRegistry())
            let outcome = try await engine.run(scan: scan, in: store, at: Date())
            let changes = outcome.changes
            if format == .json {
                print(try JSONOutput.encode(changes), terminator: "")
            } else if format == .csv {
                print(try CSVOutput.render(headers: ["scan", "ip", "field", "before", "after"],
                                           rows: changes.map { ["\($0.scan)", $0.ip, $0.field, $0.before ?? "", $0.after ?? ""] }), terminator: "")
            } else if !changes.isEmpty {
                print(TextTable(headers: ["SCAN", "IP", "FIELD", "BEFORE", "AFTER"],
                                rows: changes.map { ["\($0.scan)", $0.ip, $0.field, $0.before ?? "-", $0.after ?? "-"] }).render(), terminator: "")
            }
            Terminal.error("census: \(counted(outcome.identified, "device")) identified again, \(Set(changes.map { "\($0.scan) \($0.ip)" }).count) changed")
        }
    }
}
