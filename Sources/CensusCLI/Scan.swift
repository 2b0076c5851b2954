import ARPDiscovery
import ArgumentParser
import CensusConfig
import CensusCore
import CensusStore
import Fingerprinting
import Foundation
import Logging
import NetSNMP
import SNMPInventory
import SNMPModel
import Synchronization

/// `census scan`: ARP discovery, then SNMP on every host that answered (and on --targets),
/// plus the hosts routers and switches know about; everything stored as one scan.
struct Scan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Discover the segment, interrogate every host over SNMP, and store it all as one scan.",
        discussion: """
        Hosts found by ARP (and any --targets, for routed sites) are asked over SNMP concurrently, \
        each credential in order until one answers; the one that works is remembered per device. \
        Router ARP caches and switch forwarding tables add the hosts they know, marked with the \
        device and port they were learnt from. Ctrl-C keeps what was found.
        """
    )

    @OptionGroup var discovery: DiscoveryOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var snmp: SNMPOptions
    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var catalogOptions: CatalogOptions

    @Option(name: .long, help: "Extra device to interrogate over SNMP (IPv4 address or CIDR, e.g. on a routed subnet); repeatable.")
    var targets: [String] = []

    @Option(name: .long, help: "Devices interrogated at once.")
    var concurrency: Int = 256

    @Option(name: .long, help: "Output format: table or json.")
    var format: OutputFormat = .table

    func validate() throws {
        guard (1...512).contains(concurrency) else { throw ValidationError("--concurrency must be 1 to 512") }
        if format == .csv { throw ValidationError("scan prints table or json; use discover for csv") }
    }

    func run() async throws {
        try await reportingFailures {
            let registry = loadVendorRegistry()
            let config = try configOptions.load()
            let site = try store.configuredSite(in: config)
            let job = try discovery.job(site: site)
            let extra = try explicitTargets()
            if discovery.dryRun {
                print(job.planDescription(format: format), terminator: "")
                Terminal.error("census: then SNMP on every host that answers\(extra.isEmpty ? "" : " and \(extra.count) explicit targets")")
                return
            }
            let credentials = try snmp.credentials(config: config, site: site)
            // The catalog loads (YAML, regular expressions) while ARP runs.
            let catalogLoad = Task.detached { [catalogOptions] in Result { try catalogOptions.identifier() } }
            try initialiseSNMP()
            let database = try openStore(store.databasePath(config))
            let started = ContinuousClock.now
            let scanId = try database.beginScan(job.scanRecord(client: store.client, site: store.site))

            // 1. ARP.
            let outcome = try await job.run()
            var hosts = outcome.report.hosts.observations
            await assignVendors(&hosts, from: registry)
            try database.record(hosts, conflicts: outcome.report.hosts.conflicts, scanId: scanId)
            var interrupted = outcome.report.interrupted
            let logger = Logger(label: "census.scan")
            logger.debug("ARP done", metadata: ["after": "\((ContinuousClock.now - started).seconds) s", "hosts": "\(hosts.count)"])

            // 2. SNMP, concurrently, keeping each answer as it comes.
            var addresses = Array(Set(hosts.map(\.ip)).union(extra)).sorted()
            if interrupted { addresses = [] }
            let identifier: Identifier
            do { identifier = try await catalogLoad.value.get() } catch {
                // A broken user catalog: the ARP sightings are kept, the scan marked partial.
                try? database.finishScan(scanId, status: .partial, at: Date())
                throw error
            }
            let interrogator = Interrogator(client: SNMPClient(), credentials: credentials, settings: snmp.settings(config),
                                            followUp: identifier.followUp)
            let macByIP = Dictionary(hosts.map { ($0.ip, $0.mac) }, uniquingKeysWith: { a, _ in a })
            let results = try await interrogate(addresses, with: interrogator, database: database, scanId: scanId, macByIP: macByIP)
            interrupted = interrupted || results.interrupted
            logger.debug("SNMP done", metadata: ["after": "\((ContinuousClock.now - started).seconds) s", "answered": "\(results.facts.count)"])

            // 3. What routers and switches know.
            let answered = results.facts
            let learnt = answered.flatMap { $0.arpCache + $0.forwardingTable }
            try database.recordLearnt(learnt, scanId: scanId)
            let merged = Self.fold(hosts: hosts, answered: answered, learnt: learnt)
            var all = merged
            await assignVendors(&all, from: registry)
            try database.record(all, conflicts: [], scanId: scanId)
            try database.finishScan(scanId, status: interrupted ? .partial : .complete, at: Date())
            logger.debug("stored", metadata: ["after": "\((ContinuousClock.now - started).seconds) s", "learnt": "\(learnt.count)"])

            // 4. Identification, from the catalog.
            let factsByIP = Dictionary(answered.map { ($0.ip, $0) }, uniquingKeysWith: { a, _ in a })
            let byIP = Dictionary(all.map { ($0.ip, $0) }, uniquingKeysWith: { a, _ in a })
            let identified = factsByIP.mapValues { identifier.identify(Evidence(facts: $0, ouiVendor: byIP[$0.ip]?.vendor)) }
            try database.recordIdentifications(identified.map { ($0.key, $0.value) }, scanId: scanId)
            logger.debug("identified", metadata: ["after": "\((ContinuousClock.now - started).seconds) s"])
            try DeviceTracking.record(hosts: all, facts: factsByIP, identified: identified, scanId: scanId,
                                      client: store.client, site: store.site, in: database)
            logger.debug("devices filed", metadata: ["after": "\((ContinuousClock.now - started).seconds) s"])

            // 5. Report.
            let rows = Set(all.map(\.ip)).union(addresses).sorted().map { ip in
                let seen = byIP[ip]
                return DeviceRow(ip: ip, mac: seen?.mac, ouiVendor: seen?.vendor.map(identifier.catalog.canonicalVendor),
                                 facts: factsByIP[ip], identification: identified[ip])
            }
            let record = try database.scan(scanId)
            if format == .json {
                print(try JSONOutput.encode(ScanOutput(scan: record.map(ScanSummary.init), devices: rows)), terminator: "")
            } else {
                print(TextTable(headers: ["IP", "MAC", "VENDOR", "CLASS", "NAME", "MODEL", "SERIAL", "SNMP"], rows: rows.map { row in
                    [row.ip, row.mac ?? "-", row.vendor ?? "-", row.class ?? "-", row.sysName ?? "-", row.model ?? "-", row.serial ?? "-",
                     row.credential.map { row.complete ? $0 : $0 + " (partial)" } ?? "-"]
                }).render(), terminator: "")
            }
            let seconds = (ContinuousClock.now - started).seconds
            Terminal.error("census: \(hosts.count) hosts by ARP, \(answered.count) answered SNMP (\(answered.filter(\.isComplete).count) completely), \(results.silent) silent, \(learnt.count) learnt from routers and switches, in \(String(format: "%.2f", seconds)) s; stored as scan \(scanId)")
            if interrupted {
                throw CensusFailure("interrupted: what was found so far was kept (scan \(scanId), partial)", exitCode: CensusFailure.interrupted)
            }
        }
    }

    private func explicitTargets() throws -> [IPv4Address] {
        var list: [IPv4Address] = []
        for text in targets {
            let network: IPv4Network
            do throws(AddressParseError) { network = try IPv4Network(parsing: text) } catch {
                throw CensusFailure("--targets: \(error.description)", exitCode: CensusFailure.usage)
            }
            if !discovery.allowPublic, let block = AddressSpace.firstPublicBlock(in: network) {
                throw CensusFailure("refusing to interrogate \(network): it holds public addresses (\(block)); pass --allow-public if you are authorised", exitCode: CensusFailure.usage)
            }
            guard network.size <= 65_536 else { throw CensusFailure("--targets \(network) is too large (at most a /16)", exitCode: CensusFailure.usage) }
            list += network.hostAddresses.map(IPv4Address.init)
        }
        return list
    }

    struct Interrogations {
        var facts: [DeviceFacts]
        var silent: Int
        var interrupted: Bool
    }

    /// Asks every address, `concurrency` at a time, storing each answer as it arrives.
    private func interrogate(_ addresses: [IPv4Address], with interrogator: Interrogator, database: CensusStore,
                             scanId: Int64, macByIP: [IPv4Address: MACAddress]) async throws -> Interrogations {
        let stopped = Atomic<Bool>(false)
        let stageStart = ContinuousClock.now
        let logger = Logger(label: "census.scan")
        let work = Task { () -> Interrogations in
            var result = Interrogations(facts: [], silent: 0, interrupted: false)
            await withTaskGroup(of: InterrogationOutcome.self) { group in
                var next = 0
                func addTask() {
                    let ip = addresses[next]
                    next += 1
                    let preferred = try? database.lastCredential(ip: ip, client: store.client, site: store.site)
                    group.addTask { await interrogator.interrogate(ip, preferred: preferred) }
                }
                while next < addresses.count && next < concurrency { addTask() }
                var done = 0
                for await outcome in group {
                    done += 1
                    switch outcome {
                    case .answered(let facts, _):
                        logger.debug("answered", metadata: ["ip": "\(facts.ip)", "after": "\((ContinuousClock.now - stageStart).seconds) s",
                                                            "complete": "\(facts.isComplete)", "objects": "\(facts.sections.values.reduce(0) { $0 + $1.varBinds.count })"])
                        result.facts.append(facts)
                        try? database.recordFacts(facts, mac: macByIP[facts.ip], scanId: scanId)
                    case .silent:
                        result.silent += 1
                    }
                    Terminal.progress("SNMP: \(done)/\(addresses.count) asked, \(result.facts.count) answered")
                    if next < addresses.count && !Task.isCancelled { addTask() }
                }
            }
            Terminal.endProgress()
            result.interrupted = Task.isCancelled
            return result
        }
        let trap = InterruptTrap(onStop: { stopped.store(true, ordering: .relaxed); work.cancel() },
                                 isStopped: { stopped.load(ordering: .relaxed) })
        defer { trap.release() }
        return await work.value
    }

    /// Adds what SNMP taught to the ARP sightings: hosts that answered SNMP, hosts in router ARP
    /// caches, and the switch ports behind which known MACs sit.
    static func fold(hosts: [HostObservation], answered: [DeviceFacts], learnt: [LearntHost]) -> [HostObservation] {
        var set = ObservationSet()
        hosts.forEach { set.record($0) }
        let now = Date()
        let snmpIPs = Set(answered.map(\.ip))
        for var host in hosts where snmpIPs.contains(host.ip) {
            host.seenBy = [.snmp]
            set.record(host)
        }
        for entry in learnt where entry.source == .routerARP {
            guard let ip = entry.ip else { continue }
            set.record(HostObservation(ip: ip, mac: entry.mac, seenBy: [.routerARP], firstSeen: now))
        }
        let switched = Set(learnt.filter { $0.source == .switchPort }.map(\.mac))
        for host in set.observations where switched.contains(host.mac) {
            var marked = host
            marked.seenBy = [.switchPort]
            set.record(marked)
        }
        return set.observations
    }
}

struct ScanSummary: Encodable {
    let id: Int64?
    let client: String?
    let site: String?
    let interface: String
    let ranges: [String]
    let status: String
    let startedAt: Date
    let finishedAt: Date?
    let hostCount: Int

    init(_ r: ScanRecord) {
        id = r.id; client = r.client; site = r.site; interface = r.interface
        ranges = r.ranges.map(\.description); status = r.status.rawValue
        startedAt = r.startedAt; finishedAt = r.finishedAt; hostCount = r.hostCount
    }
}

struct ScanOutput: Encodable {
    let scan: ScanSummary?
    let devices: [DeviceRow]
}
