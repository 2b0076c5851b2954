import ArgumentParser
import CensusCore
import DeviceModel
import Foundation
import Inventory

/// `census diff`: what changed between two scans of a client (or site).
struct Diff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what changed between two scans of a client: new devices, gone devices, and changes (address, name, model, firmware, site, switch port).",
        discussion: "Compares devices, not addresses: a device that moved to another IP is one change, not one gone and one new. Default: the last two scans of the client (at --site, if given)."
    )

    @OptionGroup var inventory: InventoryOptions

    @Option(name: .long, help: "Only scans made at this site.")
    var site: String?

    @Option(name: .long, help: "The earlier scan.")
    var from: Int64?

    @Option(name: .long, help: "The later scan.")
    var to: Int64?

    @Option(name: .long, help: "Compare the last scan before this date (YYYY-MM-DD) with the latest.")
    var since: String?

    @Option(name: .long, help: "Output format: table or json.")
    var format: OutputFormat = .table

    func run() async throws {
        try await reportingFailures {
            let store = try inventory.database.open()
            let scans = try store.scans(client: inventory.clientName, site: site)
                .filter { $0.status != .running }.sorted { $0.startedAt < $1.startedAt }
            let (a, b) = try pick(scans)
            let output = try await InventoryDiff.between(a, and: b, client: inventory.clientName, in: store)
            if format == .json {
                print(try JSONOutput.encode(output), terminator: "")
            } else {
                var rows: [[String]] = []
                rows += output.new.map { ["new", "\($0.device)", $0.ip, "", $0.name ?? $0.model ?? ""] }
                rows += output.gone.map { ["gone", "\($0.device)", $0.ip, "", $0.name ?? $0.model ?? ""] }
                rows += output.changed.map { ["changed", "\($0.device)", $0.field, $0.before ?? "-", $0.after ?? "-"] }
                print(TextTable(headers: ["WHAT", "DEVICE", "IP/FIELD", "BEFORE", "AFTER"], rows: rows).render(), terminator: "")
            }
            Terminal.error("census: scan \(a) → \(b): \(output.new.count) new, \(output.gone.count) gone, \(output.changed.count) changes")
        }
    }

    private func pick(_ scans: [ScanRecord]) throws -> (Int64, Int64) {
        let ids = scans.compactMap(\.id)
        if let from, let to { return (from, to) }
        if let since {
            guard let date = CalendarDate(iso: since) else {
                throw CensusFailure("--since takes a date, YYYY-MM-DD", exitCode: CensusFailure.usage)
            }
            guard let earlier = scans.last(where: { $0.startedAt < date.startOfDay })?.id, let latest = ids.last, earlier != latest else {
                throw CensusFailure("no scan before \(since) and a later one to compare", exitCode: CensusFailure.usage)
            }
            return (earlier, latest)
        }
        guard ids.count >= 2 else { throw CensusFailure("fewer than two scans to compare", exitCode: CensusFailure.usage) }
        return (from ?? ids[ids.count - 2], to ?? ids[ids.count - 1])
    }
}
