import ArgumentParser
import CensusCore
import DeviceModel
import Foundation
import Inventory

/// `census diff`: what changed between two scans of a client (or site).
struct Diff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what changed between two scans of a client: new devices, gone devices, and changes (address, name, model, firmware, site, switch port).",
        discussion: "Compares devices, not addresses: a device that moved to another IP is one change, not one gone and one new. Default: the client's latest scan against the one before it at the same site (at --site, if given); --from and --to name scans of the client."
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

    @Option(name: .long, help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    func validate() throws {
        if since != nil, from != nil || to != nil { throw ValidationError("give --since, or --from and --to, not both") }
    }

    func run() async throws {
        try await reportingFailures {
            let store = try await inventory.openClient(site: site)
            let scans = try store.scans(client: inventory.clientName, site: site)
                .filter { $0.status != .running }.sorted { $0.startedAt < $1.startedAt }
            let (a, b) = try pick(scans)
            let output = try await InventoryDiff.between(a, and: b, client: inventory.clientName, in: store)
            switch format {
            case .json:
                print(try JSONOutput.encode(output), terminator: "")
            case .csv:
                var rows: [[String]] = []
                rows += output.new.map { ["new", "\($0.device)", $0.ip, $0.name ?? "", $0.model ?? "", "", "", ""] }
                rows += output.gone.map { ["gone", "\($0.device)", $0.ip, $0.name ?? "", $0.model ?? "", "", "", ""] }
                rows += output.changed.map { ["changed", "\($0.device)", "", "", "", $0.field, $0.before ?? "", $0.after ?? ""] }
                print(try CSVOutput.render(headers: ["what", "device", "ip", "name", "model", "field", "before", "after"], rows: rows),
                      terminator: "")
            case .table:
                var rows: [[String]] = []
                rows += output.new.map { ["new", "\($0.device)", $0.ip, "", $0.name ?? $0.model ?? ""] }
                rows += output.gone.map { ["gone", "\($0.device)", $0.ip, "", $0.name ?? $0.model ?? ""] }
                rows += output.changed.map { ["changed", "\($0.device)", $0.field, $0.before ?? "-", $0.after ?? "-"] }
                print(TextTable(headers: ["WHAT", "DEVICE", "IP/FIELD", "BEFORE", "AFTER"], rows: rows).render(), terminator: "")
            }
            Terminal.error("census: scan \(a) → \(b): \(output.new.count) new, \(output.gone.count) gone, \(output.changed.count) changes")
            // "Gone" means the later scan looked and did not find: say when it did not look everywhere.
            if !output.gone.isEmpty, let later = scans.first(where: { $0.id == b }) {
                if later.status == .partial {
                    Terminal.error("census: warning: scan \(b) is partial (\(later.failure ?? "it was interrupted")): a device it did not reach is listed as gone, though it may still be there")
                }
                if try store.factSummaries(scanId: b).isEmpty, try !store.factSummaries(scanId: a).isEmpty {
                    Terminal.error("census: warning: scan \(b) asked nothing over SNMP (a discover, or no agent answered): devices scan \(a) knew from SNMP or from routers' and switches' tables are listed as gone, though they may still be there")
                }
            }
        }
    }

    private func pick(_ scans: [ScanRecord]) throws -> (Int64, Int64) {
        let ids = scans.compactMap(\.id)
        for id in [from, to].compactMap({ $0 }) where !ids.contains(id) {
            let list = ids.count > 12 ? ids.suffix(12).map(String.init).joined(separator: ", ") + " (the last 12)" : ids.map(String.init).joined(separator: ", ")
            throw CensusFailure("scan \(id) is not a finished scan of client '\(inventory.clientName)'\(site.map { " at site '\($0)'" } ?? ""); its scans: \(ids.isEmpty ? "none" : list)",
                                exitCode: CensusFailure.usage)
        }
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
        if from == nil, to == nil, let latest = scans.last, let latestId = latest.id {
            // The same site's visit before: another site's scan is not "before" it.
            guard let earlier = scans.dropLast().last(where: { $0.site == latest.site })?.id else {
                let twice = Dictionary(grouping: scans.compactMap(\.site), by: { $0 }).filter { $0.value.count >= 2 }.keys.sorted()
                throw CensusFailure("the latest scan (\(latestId)\(latest.site.map { ", site '\($0)'" } ?? "")) is the first at its site: nothing before it to compare"
                                    + (twice.isEmpty ? "; give --from and --to" : "; sites scanned more than once: \(twice.joined(separator: ", ")) (give --site), or give --from and --to"),
                                    exitCode: CensusFailure.usage)
            }
            return (earlier, latestId)
        }
        return (from ?? ids[ids.count - 2], to ?? ids[ids.count - 1])
    }
}
