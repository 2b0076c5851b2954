import ArgumentParser
import CensusCore
import DeviceModel
import Fingerprinting
import Foundation
import Inventory

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
        discussion: "Each device shows the address it answered at, its MACs, what identification named it (and the rules that decided), the sites it was seen at with first and last seen, how its last scan saw it, and its identity (why Census takes its sightings for one device, how sure it is, and any merge or split a person made)."
    )

    @OptionGroup var inventory: InventoryOptions

    @Option(name: .long, help: "Only devices seen at this site.")
    var site: String?

    @Option(name: .long, help: "Only this class (switch, printer, ...).")
    var `class`: String?

    @Option(name: .long, help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    func validate() throws {
        if let cls = `class`, DeviceClass(rawValue: cls.lowercased()) == nil {
            throw ValidationError("--class must be one of: \(DeviceClass.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        try await reportingFailures {
            let store = try await inventory.openClient(site: site)
            let catalog = try? Catalog.builtIn()
            let views = DeviceViews(canonicalVendor: { catalog?.canonicalVendor($0) ?? $0 })
            let devices = try await views.snapshots(client: inventory.clientName, in: store)
                .filter { site == nil || $0.sites.contains { isSameSite($0.site, site!) } }
                .filter { `class` == nil || $0.class.rawValue == `class`!.lowercased() }
            print(try DevicePrinter.render(devices, as: format), terminator: "")
            Terminal.error("census: \(counted(devices.count, "device"))")
        }
    }
}

/// Renders device snapshots: the one device shape of every command.
enum DevicePrinter {
    static let csvHeaders = ["id", "client", "site", "ip", "mac", "macs", "vendor", "model", "class", "serial", "os", "version",
                             "sys_name", "sites", "first_seen", "last_seen", "seen_by", "reason"]

    static func render(_ devices: [DeviceSnapshot], as format: OutputFormat) throws -> String {
        switch format {
        case .json:
            return try JSONOutput.encode(devices)
        case .csv:
            let iso = ISO8601DateFormatter()
            return try CSVOutput.render(headers: csvHeaders, rows: devices.map { d in
                [String(d.id), d.client, d.site ?? "", d.ip?.description ?? "", d.mac?.description ?? "", d.macs.map(\.description).joined(separator: " "),
                 d.vendor ?? "", d.model ?? "", d.class.rawValue, d.serial ?? "", d.os ?? "", d.version ?? "", d.sysName ?? "",
                 d.sites.map(\.site).joined(separator: " "), iso.string(from: d.firstSeen), iso.string(from: d.lastSeen),
                 d.seenBy.map(\.rawValue).joined(separator: " "), d.identity.reason]
            })
        case .table:
            return TextTable(headers: ["ID", "IP", "MAC", "VENDOR", "CLASS", "MODEL", "SERIAL", "SITES", "SEEN", "IDENTITY"],
                             rows: devices.map { d in
                                 ["\(d.id)", d.ip?.description ?? "-", d.mac?.description ?? "-", d.vendor ?? "-", d.class.rawValue, d.model ?? "-",
                                  d.serial ?? "-", d.sites.map(\.site).joined(separator: ","), "\(d.scans.count)×",
                                  "\(d.identity.reason) (\(d.identity.score))"]
                             }).render()
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
            let store = try await inventory.openClient()
            // Two chassis serials are two boxes, as a rule: merged as asked, but said.
            let serials = Dictionary(grouping: try store.devices(client: inventory.clientName).filter { [device, other].contains($0.id) }
                .flatMap { d in d.keys.filter { $0.hasPrefix("serial:") }.map { (d.id, $0) } }, by: \.0).mapValues { $0.map(\.1) }
            if let mine = serials[device], let theirs = serials[other], Set(mine).isDisjoint(with: theirs) {
                Terminal.error("census: warning: devices \(device) and \(other) report different serials (\(mine.joined(separator: ", ")); \(theirs.joined(separator: ", "))): usually two boxes; merged as asked (devices split undoes it)")
            }
            try store.mergeDevices(client: inventory.clientName, into: device, from: other, at: Date())
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
            let new = try await inventory.openClient().splitDevice(client: inventory.clientName, device: device, keys: keys, at: Date())
            Terminal.error("census: \(keys.joined(separator: ", ")) split off device \(device) into device \(new)")
            print(new)
        }
    }
}
