import ArgumentParser
import CensusCore
import CensusStore
import Fingerprinting
import Foundation

/// `census devices`: the client's devices (list, merge, split).
struct Devices: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A client's devices: one per physical device, however often and wherever it was seen.",
        subcommands: [DevicesList.self, DevicesMerge.self, DevicesSplit.self],
        defaultSubcommand: DevicesList.self
    )
}

/// `census devices [list]`.
struct DevicesList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List a client's devices.",
        discussion: "Each device shows its identity (why Census takes its sightings for one device, how sure it is, and any merge or split a person made), the sites it was seen at, first and last seen, and what identification named it at its last sighting."
    )

    @OptionGroup var inventory: InventoryOptions

    @Option(name: .long, help: "Only devices seen at this site.")
    var site: String?

    @Option(name: .long, help: "Only this class (switch, printer, ...).")
    var `class`: String?

    @Option(name: .long, help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    func validate() throws {
        if let cls = `class`, DeviceClass(rawValue: cls) == nil {
            throw ValidationError("--class must be one of: \(DeviceClass.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    struct Row: Encodable {
        struct Identity: Encodable {
            let reason: String
            let score: Int
            let keys: [String]
            /// A person's merge or split, if any.
            let decision: String?
        }
        let id: Int64
        let ip: String
        let mac: String?
        var vendor: String?
        let model: String?
        let `class`: String
        let serial: String?
        let os: String?
        let version: String?
        let sites: [String]
        let firstSeen: Date
        let lastSeen: Date
        let sightings: Int
        /// First and last seen at each site.
        let siteHistory: [SiteHistory]
        /// How its last scan saw it: arp, snmp, router-arp, switch-port...
        let seenBy: [String]
        let identity: Identity

        struct SiteHistory: Encodable {
            let site: String
            let firstSeen: Date
            let lastSeen: Date
        }
    }

    func run() async throws {
        try await reportingFailures {
            let database = try openStore(inventory.db)
            let registry = loadVendorRegistry()
            let catalog = try? Catalog.builtIn()
            // Devices that never answered SNMP: the vendor their MAC is registered to.
            let macVendor: (String?) async -> String? = { mac in
                guard let mac = mac.flatMap(MACAddress.init), case .success(let r) = await registry.value, let name = r.vendor(for: mac) else { return nil }
                return catalog?.canonicalVendor(name) ?? name
            }
            var all: [Row] = []
            for var row in try Self.rows(client: inventory.clientName, in: database) {
                if row.vendor == nil { row.vendor = await macVendor(row.mac) }
                all.append(row)
            }
            let rows = all
                .filter { site == nil || $0.sites.contains(site!) }
                .filter { `class` == nil || $0.class == `class` }
            switch format {
            case .json:
                print(try JSONOutput.encode(rows), terminator: "")
            case .csv:
                print(try CSVOutput.render(headers: ["id", "ip", "mac", "vendor", "model", "class", "serial", "os", "version", "sites", "first_seen", "last_seen", "reason"],
                                           rows: rows.map { [String($0.id), $0.ip, $0.mac ?? "", $0.vendor ?? "", $0.model ?? "", $0.class, $0.serial ?? "",
                                                             $0.os ?? "", $0.version ?? "", $0.sites.joined(separator: " "),
                                                             ISO8601DateFormatter().string(from: $0.firstSeen), ISO8601DateFormatter().string(from: $0.lastSeen),
                                                             $0.identity.reason] }), terminator: "")
            default:
                print(TextTable(headers: ["ID", "IP", "MAC", "VENDOR", "CLASS", "MODEL", "SERIAL", "SITES", "SEEN", "IDENTITY"],
                                rows: rows.map { ["\($0.id)", $0.ip, $0.mac ?? "-", $0.vendor ?? "-", $0.class, $0.model ?? "-", $0.serial ?? "-",
                                                  $0.sites.joined(separator: ","), "\($0.sightings)×", "\($0.identity.reason) (\($0.identity.score))"] }).render(),
                      terminator: "")
            }
            Terminal.error("census: \(rows.count) devices")
        }
    }

    static func rows(client: String, in database: CensusStore) throws -> [Row] {
        let sightings = try database.sightings(client: client)
        let bySighting = Dictionary(grouping: sightings, by: \.deviceId)
        var identifications: [Int64: [IPv4Address: Identification]] = [:]
        var observed: [Int64: [IPv4Address: Set<DiscoveryMethod>]] = [:]
        for scan in Set(sightings.map(\.scanId)) {
            identifications[scan] = try database.identifications(scanId: scan)
            observed[scan] = Dictionary(try database.observations(scanId: scan).map { ($0.ip, $0.seenBy) }, uniquingKeysWith: { $0.union($1) })
        }
        return try database.devices(client: client).compactMap { device in
            guard let seen = bySighting[device.id], let last = seen.last else { return nil }
            let identification = seen.reversed().lazy.compactMap { identifications[$0.scanId]?[$0.ip] }.first
            return Row(id: device.id, ip: last.ip.description, mac: last.mac?.description, vendor: identification?.vendor,
                       model: identification?.model, class: identification?.class.rawValue ?? DeviceClass.unknown.rawValue,
                       serial: identification?.serial, os: identification?.os, version: identification?.version,
                       sites: Array(Set(seen.compactMap(\.site))).sorted(), firstSeen: device.firstSeen, lastSeen: device.lastSeen,
                       sightings: Set(seen.map(\.scanId)).count,
                       siteHistory: Dictionary(grouping: seen.filter { $0.site != nil }, by: { $0.site! }).map { site, list in
                           Row.SiteHistory(site: site, firstSeen: list.map(\.seenAt).min()!, lastSeen: list.map(\.seenAt).max()!)
                       }.sorted { $0.site < $1.site },
                       seenBy: (observed[last.scanId]?[last.ip] ?? []).sorted().map(\.rawValue),
                       identity: .init(reason: device.decision.map { "\(last.reason); \($0)" } ?? last.reason, score: last.score,
                                       keys: device.keys, decision: device.decision))
        }
    }
}

/// `census devices merge`: two records are one physical device.
struct DevicesMerge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge device OTHER into DEVICE: its keys and sightings move over, and later scans keep them together.")

    @Argument(help: "The device to keep.") var device: Int64
    @Argument(help: "The device to fold into it.") var other: Int64
    @OptionGroup var inventory: InventoryOptions

    func run() async throws {
        try await reportingFailures {
            try openStore(inventory.db).mergeDevices(client: inventory.clientName, into: device, from: other)
            Terminal.error("census: device \(other) merged into \(device)")
        }
    }
}

/// `census devices split`: some keys of a record belong to another physical device.
struct DevicesSplit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Split keys (e.g. a MAC) off DEVICE into a new device; later scans keep them apart.")

    @Argument(help: "The device to split.") var device: Int64
    @Option(name: .long, help: "A MAC address that belongs to the other device; repeatable.") var mac: [String] = []
    @Option(name: .long, help: "An identity key as `census devices --format json` lists it (e.g. serial:cisco:FOC1); repeatable.") var key: [String] = []
    @OptionGroup var inventory: InventoryOptions

    func run() async throws {
        try await reportingFailures {
            var keys = key
            for text in mac {
                guard let parsed = MACAddress(text) else { throw CensusFailure("--mac \(text) is not a MAC address", exitCode: CensusFailure.usage) }
                keys.append("mac:\(parsed)")
            }
            guard !keys.isEmpty else { throw CensusFailure("say what to split off: --mac or --key", exitCode: CensusFailure.usage) }
            let new = try openStore(inventory.db).splitDevice(client: inventory.clientName, device: device, keys: keys)
            Terminal.error("census: \(keys.joined(separator: ", ")) split off device \(device) into device \(new)")
            print(new)
        }
    }
}
