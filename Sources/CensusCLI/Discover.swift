import ARPDiscovery
import ArgumentParser
import CensusConfig
import CensusCore
import DeviceModel
import Foundation
import ScanPipeline
import SQLiteStore

/// How hosts are found on the segment: shared by `discover` and `scan`.
struct DiscoveryOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "Interface to scan from (e.g. lan1).")
    var interface: String?

    @Option(name: .long, help: "CIDR range to scan; repeatable. Default: the interface's own subnets.")
    var range: [String] = []

    @Option(name: .long, help: "CIDR range never to probe; repeatable.")
    var exclude: [String] = []

    // Numbers are parsed unconditionally, so `--rate -5` is checked as a number (not taken for a flag).
    @Option(name: .long, parsing: .unconditional, help: "Fixed ARP requests per second. Default: start at 500/s (arp-scan's 256 kbit/s) and climb toward --max-rate while answers stay prompt.")
    var rate: Double?

    @Option(name: .long, parsing: .unconditional, help: "Ceiling for the adaptive rate, in requests per second.")
    var maxRate: Double = SweepSettings().maximumPacketsPerSecond ?? 2_000

    @Option(name: .long, parsing: .unconditional, help: "Extra requests to a host that stays silent.")
    var retries: Int = SweepSettings().retries

    @Option(name: .long, parsing: .unconditional, help: "Milliseconds a silent host's last request is given for an answer (retries go sooner, after the measured round trip).")
    var timeout: Int = Int(SweepSettings().timeout.seconds * 1000)

    @Option(name: .long, parsing: .unconditional, help: "Listen for this many seconds without sending anything.")
    var passive: Double?

    @Option(name: .long, help: "Read hosts from a pcap/pcapng capture file instead of the network.")
    var pcap: String?

    @Flag(name: .long, help: "Scan ranges outside the interface's subnets.")
    var force = false

    @Flag(name: .long, help: "Allow public (globally routable) addresses; only where you are authorised.")
    var allowPublic = false

    @Flag(name: .long, help: "Print the plan (targets, rate, expected duration) and send nothing.")
    var dryRun = false

    func validate() throws {
        if pcap != nil && (interface != nil || passive != nil) {
            throw ValidationError("--pcap reads a file; it does not take --interface or --passive")
        }
        for (flag, value) in [("--rate", rate), ("--max-rate", maxRate)] {
            if let value, !(1...100_000).contains(value) { throw ValidationError("\(flag) must be between 1 and 100000 requests per second") }
        }
        guard (0...10).contains(retries) else { throw ValidationError("--retries must be between 0 and 10") }
        guard (1...60_000).contains(timeout) else { throw ValidationError("--timeout must be between 1 and 60000 ms") }
        if let passive, !(passive > 0) { throw ValidationError("--passive takes a positive number of seconds") }
        if dryRun && (pcap != nil || passive != nil) { throw ValidationError("--dry-run plans an active sweep; passive listening and --pcap send nothing anyway") }
    }

    var settings: SweepSettings {
        let defaults = SweepSettings()
        return SweepSettings(
            packetsPerSecond: rate ?? min(defaults.packetsPerSecond, maxRate),
            maximumPacketsPerSecond: rate == nil ? maxRate : nil,
            retries: retries, timeout: .milliseconds(timeout))
    }

    /// The validated job: guard rails applied, targets expanded. A configured `site` supplies
    /// the interface and ranges when no flag does, and adds its exclusions.
    func job(site: CensusConfiguration.Site? = nil) throws -> DiscoveryJob {
        let interface = interface ?? (pcap == nil ? site?.interface : nil)
        if pcap == nil && interface == nil {
            throw CensusFailure("give --interface to scan, or --pcap FILE to read a capture\(site == nil ? "" : " (the configured site names no interface)")",
                                exitCode: CensusFailure.usage)
        }
        let ranges = range.isEmpty ? (site?.ranges ?? []) : try parse(range, flag: "--range")
        let excluded = try parse(exclude, flag: "--exclude") + (site?.exclude ?? [])
        let mode: ScanMode
        if let pcap {
            mode = .captureFile(pcap)
        } else if let passive {
            mode = .passive(.seconds(passive))
        } else {
            mode = .sweep
        }
        return try DiscoveryJob(
            interfaceName: interface, ranges: ranges, excluded: excluded,
            mode: mode, settings: settings, force: force, allowPublic: allowPublic)
    }

    func parse(_ texts: [String], flag: String) throws -> [IPv4Network] {
        try texts.map { text in
            do throws(AddressParseError) { return try IPv4Network(parsing: text) } catch {
                throw CensusFailure("\(flag): \(error.description)", exitCode: CensusFailure.usage)
            }
        }
    }
}

/// Where a scan is filed: shared by the commands that store scans.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "Client the scan belongs to (default: \(ScanRecord.unassignedClient)).")
    var client: String?

    @Option(name: .long, help: "Site of the client the scan was made at.")
    var site: String?

    @Option(name: .long, help: "SQLite database to store the scan in. Default: the configuration's, else \(SQLiteStore.defaultPath).")
    var db: String?

    /// The client the scan is filed under.
    var clientName: String { client ?? ScanRecord.unassignedClient }
}

/// `census discover`: finds the live IPv4 hosts on a segment through ARP.
struct Discover: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find every live IPv4 host on a segment, with its MAC and vendor, through ARP.",
        discussion: """
        Sweeps the interface's own subnet (or --range) with ARP requests at a gentle rate, \
        repeats the question to silent hosts, and stops as soon as everyone has answered. \
        --passive listens without sending anything; --pcap reads a capture file instead. \
        Results go to stdout; progress and the summary go to stderr. Each run is stored as a \
        scan and its hosts filed under the client's devices.
        """
    )

    @OptionGroup var discovery: DiscoveryOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var configOptions: ConfigOptions

    @Option(name: .long, help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    func run() async throws {
        try await reportingFailures {
            let config = try configOptions.load()
            let job = try discovery.job(site: try store.configuredSite(in: config))
            if discovery.dryRun {
                print(try PlanPrinter.render(job.plan, as: format), terminator: "")
                return
            }
            let database = store.databasePath(config)
            let pipeline = ScanPipeline(openingStore: { try openStore(database) }, storeWait: .seconds(DatabaseWait.seconds))
            let request = ScanPipeline.Request(client: store.clientName, site: store.site, discovery: job)
            let result: ScanPipeline.Result
            switch try await runKeepingResults(pipeline, request, database: database) {
            case .stored(let stored):
                result = stored
            case let .unstored(unstored, file, problem):
                Terminal.endProgress()
                print(try HostPrinter.render(unstored.result.discovered, conflicts: unstored.result.conflicts, as: format), terminator: "")
                Terminal.error(unstored.result.discovery.summary(hosts: unstored.result.discovered.count, conflicts: unstored.result.conflicts, scanId: nil))
                throw Recovery.failure(unstored, file: file, problem: problem, database: database)
            }
            Terminal.endProgress()
            print(try HostPrinter.render(result.discovered, conflicts: result.conflicts, as: format), terminator: "")
            Terminal.error(result.discovery.summary(hosts: result.discovered.count, conflicts: result.conflicts, scanId: result.scanId))
            if result.interrupted {
                throw CensusFailure("interrupted: \(counted(result.discovered.count, "host")) found so far were kept (scan \(result.scanId), partial)",
                                    exitCode: CensusFailure.interrupted)
            }
        }
    }
}
