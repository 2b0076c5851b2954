import ArgumentParser
import CensusConfig
import CensusCore
import DeviceModel
import Foundation
import Collector
import ScanPipeline

/// `census scan`: ARP discovery, then SNMP on every host that answered (and on --targets),
/// plus the hosts routers and switches know about; everything stored as one scan.
struct Scan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Discover the segment, interrogate every host over SNMP, and store it all as one scan.",
        discussion: """
        Hosts found by ARP (and any --targets, for routed sites) are asked over SNMP concurrently, \
        each credential in order until one answers; the one that works is remembered per device. \
        Router ARP caches and switch forwarding tables add the hosts they know, marked with the \
        device and port they were learnt from. Every device is identified and filed under the \
        client's devices. Ctrl-C keeps what was found.
        """
    )

    @OptionGroup var discovery: DiscoveryOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var snmp: SNMPOptions
    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var catalogOptions: CatalogOptions

    @Option(name: .long, help: "Extra device to interrogate over SNMP (IPv4 address or CIDR, e.g. on a routed subnet); repeatable.")
    var targets: [String] = []

    @Option(name: .long, parsing: .unconditional, help: "Devices interrogated at once.")
    var concurrency: Int = 256

    /// Scan prints a table or JSON (a scan's devices as CSV: `devices --format csv`).
    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Option(name: .long, help: "Output format (devices as CSV: census devices --format csv).")
    var format: Format = .table

    @Option(name: .long, help: "When the scan ends, push every unsent scan to this central server (queued if it cannot be reached).")
    var push: String?

    @Option(name: .customLong("push-token-file"), help: "File holding the collector token for --push (mode 600). Default: $CENSUS_SERVER_TOKEN.")
    var pushTokenFile: String?

    func validate() throws {
        guard (1...512).contains(concurrency) else { throw ValidationError("--concurrency must be 1 to 512") }
    }

    func run() async throws {
        try await reportingFailures {
            let config = try configOptions.load()
            let site = try store.configuredSite(in: config)
            // Credentials are checked before anything is planned or sent (an unset secret, a
            // configuration credential that does not exist), --dry-run too.
            let credentials = try snmp.credentials(config: config, site: site)
            let listed = try explicitTargets()
            let token = try pushToken()
            let job = try discovery.job(site: site)
            // --exclude ranges are never probed, by ARP or SNMP; nor is this machine itself.
            let own = job.ownAddresses
            let extra = listed.filter { address in !job.excluded.contains { $0.contains(address) } && !own.contains(address) }
            if extra.count < listed.count {
                Terminal.error("census: \(listed.count - extra.count) of the --targets addresses are excluded (--exclude, or this machine's own) and are not asked")
            }
            if discovery.dryRun {
                print(try PlanPrinter.render(job.plan, as: format == .json ? .json : .table), terminator: "")
                Terminal.error("census: then SNMP on every host that answers\(extra.isEmpty ? "" : " and \(extra.count) explicit targets"), with \(credentials.count) \(credentials.count == 1 ? "credential" : "credentials")")
                return
            }
            // The catalog (YAML, regular expressions) loads while ARP runs.
            let catalog = Task.detached { [catalogOptions] in try catalogOptions.identifier() }
            let database = store.databasePath(config)
            let pipeline = ScanPipeline(openingStore: { try openStore(database) }, storeWait: .seconds(DatabaseWait.seconds))
            let request = ScanPipeline.Request(
                client: store.clientName, site: store.site, discovery: job,
                snmp: .init(credentials: credentials, settings: snmp.settings(config),
                            concurrency: concurrency, extraTargets: extra, identifier: { try await catalog.value }))
            let started = ContinuousClock.now
            let kept = try await runKeepingResults(pipeline, request, database: database)
            Terminal.endProgress()
            let result: ScanPipeline.Result
            switch kept {
            case .stored(let stored): result = stored
            case .unstored(let unstored, _, _): result = unstored.result
            }

            let byIP = Dictionary(result.hosts.map { ($0.ip, $0) }, uniquingKeysWith: { a, _ in a })
            let facts = Dictionary(result.answered.map { ($0.ip, $0) }, uniquingKeysWith: { a, _ in a })
            let vendors = try await catalog.value.catalog
            let refused = Set(result.refusedAddresses)
            let rows = Set(result.hosts.map(\.ip)).union(result.asked).sorted().map { ip in
                var row = DeviceRow(ip: ip, mac: byIP[ip]?.mac, ouiVendor: byIP[ip]?.vendor.map { vendors.canonicalVendor($0) },
                                    facts: facts[ip], identification: result.identifications[ip])
                if refused.contains(ip) { row.problems.append(DeviceRow.refusedProblem) }
                return row
            }
            if format == .json {
                print(try JSONOutput.encode(ScanOutput(scan: ScanSummary(result.scan), devices: rows)), terminator: "")
            } else {
                print(TextTable(headers: ["IP", "MAC", "VENDOR", "CLASS", "NAME", "MODEL", "SERIAL", "SNMP"], rows: rows.map { row in
                    [row.ip, row.mac ?? "-", row.vendor ?? "-", row.class ?? "-", row.sysName ?? "-", row.model ?? "-", row.serial ?? "-",
                     row.credential.map { row.complete ? $0 : $0 + " (partial)" } ?? (row.problems.contains(DeviceRow.refusedProblem) ? "refused" : "-")]
                }).render(), terminator: "")
            }
            let seconds = (ContinuousClock.now - started).seconds
            let stored: String
            if case .stored = kept { stored = "stored as scan \(result.scanId)" } else { stored = "not stored" }
            Terminal.error("census: \(counted(result.discovered.count, "host")) by ARP, \(result.answered.count) answered SNMP (\(result.answered.filter(\.isComplete).count) completely), \(result.silent) silent, \(result.refused == 0 ? "" : "\(result.refused) refused every credential (SNMPv3 user or password wrong: \(result.refusedAddresses.prefix(5).map(\.description).joined(separator: ", "))\(result.refused > 5 ? ", …" : "")), ")\(result.learnt.count) learnt from routers and switches, in \(String(format: "%.2f", seconds)) s; \(stored)")
            if case let .unstored(unstored, file, problem) = kept {
                throw Recovery.failure(unstored, file: file, problem: problem, database: database)
            }
            if result.interrupted {
                throw CensusFailure("interrupted: what was found so far was kept (scan \(result.scanId), partial)", exitCode: CensusFailure.interrupted)
            }
            if let server = push, let token { await pushAfterScan(server: server, token: token, database: store.databasePath(config)) }
        }
    }

    /// The scan is stored whatever happens here: a server that cannot be reached leaves it
    /// queued for `census push` (a warning, exit 0), with the command that sends it later.
    private func pushAfterScan(server: String, token: String, database: String) async {
        var later = "census push --server \(server)"
        if let pushTokenFile { later += " --token-file \(shellQuoted(pushTokenFile))" }
        later += " --db \(shellQuoted(database))"
        do {
            let report = try await PushRunner.push(store: try openStore(database), server: server, token: token, tries: 3)
            if let reason = report.stopped {
                Terminal.error("census: warning: \(reason); \(counted(report.remaining, "scan")) stay queued: run `\(later)` later")
            }
        } catch {
            Terminal.error("census: warning: not pushed (\(error)); the scan stays queued: run `\(later)` later")
        }
    }

    /// The push token, read before anything is scanned: a token file that is missing, empty or
    /// readable by others is said at once (exit 78), not after the scan.
    private func pushToken() throws -> String? {
        guard push != nil else { return nil }
        do { return try PushToken.load(file: pushTokenFile) } catch { throw CensusFailure("--push: \(error)", exitCode: CensusFailure.configError) }
    }

    private func explicitTargets() throws -> [IPv4Address] {
        var list: [IPv4Address] = []
        for text in targets {
            let network: IPv4Network
            do throws(AddressParseError) { network = try IPv4Network(parsing: text) } catch {
                throw CensusFailure("--targets: \(error.description)", exitCode: CensusFailure.usage)
            }
            // Loopback, multicast, broadcast, "this network" and reserved space are refused
            // whatever the flags, as they are for --range.
            if let (block, kind) = AddressSpace.firstUnscannableBlock(in: network) {
                let part = network == block ? "it is" : "it holds \(block),"
                throw CensusFailure("refusing to interrogate \(network): \(part) \(kind) address space", exitCode: CensusFailure.usage)
            }
            if !discovery.allowPublic, let block = AddressSpace.firstPublicBlock(in: network) {
                throw CensusFailure("refusing to interrogate \(network): it holds public addresses (\(block)); pass --allow-public if you are authorised", exitCode: CensusFailure.usage)
            }
            guard network.size <= 65_536 else { throw CensusFailure("--targets \(network) is too large (at most a /16)", exitCode: CensusFailure.usage) }
            list += network.hostAddresses.map(IPv4Address.init)
        }
        return list
    }
}

/// A scan as commands print it.
struct ScanSummary: Encodable, EncodesEveryKey {
    let id: Int64?
    let uuid: UUID
    let client: String
    let site: String?
    let interface: String
    let ranges: [String]
    let status: String
    let startedAt: Date
    let finishedAt: Date?
    let hostCount: Int
    let failure: String?

    init(_ r: ScanRecord) {
        id = r.id; uuid = r.uuid; client = r.client; site = r.site; interface = r.interface
        ranges = r.ranges.map(\.description); status = r.status.rawValue
        startedAt = r.startedAt; finishedAt = r.finishedAt; hostCount = r.hostCount; failure = r.failure
    }
}

struct ScanOutput: Encodable {
    let scan: ScanSummary
    let devices: [DeviceRow]
}
