import ArgumentParser
import CensusCore
import CensusStore
import Foundation

/// `census diff`: what changed between two scans of a client (or site).
struct Diff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what changed between two scans of a client: new devices, gone devices, and changes (address, name, model, firmware, site).",
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

    struct Device: Encodable, Equatable {
        let device: Int64
        let ip: String
        let mac: String?
        let name: String?
        let model: String?
        let version: String?
        let site: String?
        /// The switch port its MAC was learnt on (`switch-ip port N`), when a switch said.
        let port: String?
    }

    struct Change: Encodable {
        let device: Int64
        let field: String
        let before: String?
        let after: String?
    }

    struct Output: Encodable {
        let from: Int64
        let to: Int64
        let new: [Device]
        let gone: [Device]
        let changed: [Change]
    }

    func run() async throws {
        try await reportingFailures {
            let client = inventory.clientName
            let database = try openStore(inventory.db)
            let scans = try database.scans(client: client == DeviceTracking.defaultClient ? nil : client, site: site)
                .filter { $0.status != .running }.sorted { $0.startedAt < $1.startedAt }
            let (a, b) = try pick(scans)
            let before = try Self.devices(in: a, client: client, database: database)
            let after = try Self.devices(in: b, client: client, database: database)
            let output = Output(
                from: a, to: b,
                new: after.filter { before[$0.key] == nil }.values.sorted { $0.device < $1.device },
                gone: before.filter { after[$0.key] == nil }.values.sorted { $0.device < $1.device },
                changed: after.keys.sorted().flatMap { id -> [Change] in
                    guard let old = before[id], let new = after[id] else { return [] }
                    // Name, model and firmware come from SNMP: a scan that did not hear them says nothing new.
                    let learnt: [(String, String?, String?)] = [("name", old.name, new.name), ("model", old.model, new.model),
                                                                 ("firmware", old.version, new.version)]
                    return ([("ip", old.ip, new.ip), ("site", old.site, new.site)] + learnt.filter { $0.1 != nil && $0.2 != nil }
                            + [("switch port", old.port, new.port)].filter { $0.1 != nil && $0.2 != nil })
                        .filter { $0.1 != $0.2 }.map { Change(device: id, field: $0.0, before: $0.1, after: $0.2) }
                })
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
            let parser = ISO8601DateFormatter()
            parser.formatOptions = [.withFullDate]
            guard let date = parser.date(from: since) else {
                throw CensusFailure("--since takes a date, YYYY-MM-DD", exitCode: CensusFailure.usage)
            }
            guard let earlier = scans.last(where: { $0.startedAt < date })?.id, let latest = ids.last, earlier != latest else {
                throw CensusFailure("no scan before \(since) and a later one to compare", exitCode: CensusFailure.usage)
            }
            return (earlier, latest)
        }
        guard ids.count >= 2 else { throw CensusFailure("fewer than two scans to compare", exitCode: CensusFailure.usage) }
        return (from ?? ids[ids.count - 2], to ?? ids[ids.count - 1])
    }

    static func devices(in scan: Int64, client: String, database: CensusStore) throws -> [Int64: Device] {
        let identifications = try database.identifications(scanId: scan)
        let names = Dictionary(try database.facts(scanId: scan).map { ($0.ip, $0.sysName) }, uniquingKeysWith: { a, _ in a })
        let ports = Dictionary(try database.learntHosts(scanId: scan).filter { $0.source == .switchPort }
            .map { ($0.mac, "\($0.via) port \($0.port ?? $0.ifIndex.map(String.init) ?? "?")") }, uniquingKeysWith: { a, _ in a })
        var result: [Int64: Device] = [:]
        for s in try database.sightings(client: client, scans: [scan]) {
            let id = identifications[s.ip]
            // A device seen at several addresses in one scan keeps its lowest one.
            if let existing = result[s.deviceId], IPv4Address(existing.ip)! < s.ip { continue }
            result[s.deviceId] = Device(device: s.deviceId, ip: s.ip.description, mac: s.mac?.description, name: names[s.ip] ?? nil,
                                        model: id?.model, version: id?.version, site: s.site, port: s.mac.flatMap { ports[$0] })
        }
        return result
    }
}
