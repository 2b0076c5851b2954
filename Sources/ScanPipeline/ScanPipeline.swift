import ARPDiscovery
import CensusCore
import DeviceModel
import Fingerprinting
import Foundation
import Inventory
import MACVendors
import NetSNMP
import SNMPInventory
import SNMPModel

/// Runs a scan end to end: discovery (sweep, listening or capture file), SNMP on every host
/// that answered, the hosts routers and switches know, identification, filing under the
/// client's devices, and storing it all as one scan. Progress comes as `ScanEvent`s;
/// cancelling the calling task stops it cleanly and keeps what was found (a partial scan).
///
/// A store another process keeps locked (`StoreError.busy`) does not lose the scan: it carries
/// on in memory, stores everything once the lock is free (trying again with backoff for
/// `storeWait`), and otherwise throws `UnstoredScan`, which holds the scan as a bundle to import later.
public struct ScanPipeline: Sendable {
    /// Opens the store the scan goes to. It runs while discovery starts: creating or migrating
    /// a database takes tens of milliseconds, which the sweep need not wait for.
    public var openStore: @Sendable () throws -> any InventoryStore
    public var filer: DeviceFiler
    /// Loads the MAC vendor registry (while the sweep runs).
    public var vendorRegistry: @Sendable () throws -> any VendorLookup
    /// How long to keep trying a locked store, once the scan is done, before giving it back unstored.
    public var storeWait: Duration

    public init(store: any InventoryStore, filer: DeviceFiler = DeviceFiler(),
                vendorRegistry: @escaping @Sendable () throws -> any VendorLookup = { try OUIRegistry() },
                storeWait: Duration = .seconds(30)) {
        self.init(openingStore: { store }, filer: filer, vendorRegistry: vendorRegistry, storeWait: storeWait)
    }

    /// A pipeline that opens its store (`openStore`) while the scan starts; an error opening it
    /// stops the scan, except a locked store, which the scan waits for as for any locked write.
    public init(openingStore openStore: @escaping @Sendable () throws -> any InventoryStore, filer: DeviceFiler = DeviceFiler(),
                vendorRegistry: @escaping @Sendable () throws -> any VendorLookup = { try OUIRegistry() },
                storeWait: Duration = .seconds(30)) {
        self.openStore = openStore
        self.filer = filer
        self.vendorRegistry = vendorRegistry
        self.storeWait = storeWait
    }

    /// What to scan, for whom.
    public struct Request: Sendable {
        public var client: String
        public var site: String?
        public var discovery: DiscoveryJob
        /// SNMP and identification; nil for discovery alone.
        public var snmp: SNMPRequest?

        public init(client: String, site: String?, discovery: DiscoveryJob, snmp: SNMPRequest? = nil) {
            self.client = client
            self.site = site
            self.discovery = discovery
            self.snmp = snmp
        }
    }

    /// How to interrogate.
    public struct SNMPRequest: Sendable {
        public var credentials: [SNMPCredential]
        public var settings: InterrogationSettings
        /// Devices asked at once.
        public var concurrency: Int
        /// Devices to ask besides the hosts discovery found (e.g. on routed subnets).
        public var extraTargets: [IPv4Address]
        /// Loads the identification catalog (while the sweep runs).
        public var identifier: @Sendable () async throws -> Identifier
        /// Who asks the devices; by default net-snmp with `credentials` and `settings`.
        public var interrogator: (@Sendable (Identifier) throws -> any DeviceInterrogator)?

        public init(credentials: [SNMPCredential], settings: InterrogationSettings = .init(), concurrency: Int = 256,
                    extraTargets: [IPv4Address] = [], identifier: @escaping @Sendable () async throws -> Identifier,
                    interrogator: (@Sendable (Identifier) throws -> any DeviceInterrogator)? = nil) {
            self.credentials = credentials
            self.settings = settings
            self.concurrency = concurrency
            self.extraTargets = extraTargets
            self.identifier = identifier
            self.interrogator = interrogator
        }
    }

    /// What a scan found.
    public struct Result: Sendable {
        public var scan: ScanRecord
        public var scanId: Int64
        public var discovery: DiscoveryJob.Outcome
        /// Hosts discovery found (ARP, listening or capture).
        public var discovered: [HostObservation]
        public var conflicts: [AddressConflict]
        /// Every host of the scan: discovered, answering SNMP, learnt from routers and switches.
        public var hosts: [HostObservation]
        /// Addresses asked over SNMP.
        public var asked: [IPv4Address]
        public var answered: [DeviceFacts]
        /// Addresses that gave no SNMP answer (with no credential refused: see `refused`).
        public var silent: Int
        /// Addresses whose agent refused every credential tried (SNMPv3 security): a wrong credential.
        public var refused: Int = 0
        /// Those addresses, in order: which devices need another credential.
        public var refusedAddresses: [IPv4Address] = []
        public var learnt: [LearntHost]
        public var identifications: [IPv4Address: Identification]
        /// Two devices claiming one identity key: reported, not merged.
        public var identityConflicts: [IdentityConflict]
        public var interrupted: Bool
    }

    public func run(_ request: Request, events: @escaping @Sendable (ScanEvent) -> Void = { _ in }) async throws -> Result {
        let started = ContinuousClock.now
        // Loading the registry and opening the store block: on threads of their own, so the
        // concurrency pool stays free for the scan itself.
        let registryLoad = Task { [vendorRegistry] () -> Swift.Result<any VendorLookup, any Error> in
            do { return .success(try await onDedicatedThread(name: "census-vendors", vendorRegistry)) } catch { return .failure(error) }
        }
        let catalogLoad = request.snmp.map { snmp in
            Task.detached { () -> Swift.Result<Identifier, any Error> in
                do { return .success(try await snmp.identifier()) } catch { return .failure(error) }
            }
        }
        let storing = StoreState(opening: openStore, record: request.discovery.scanRecord(client: request.client, site: request.site), events: events)
        do {
            return try await scan(request, storing: storing, started: started, registryLoad: registryLoad, catalogLoad: catalogLoad, events: events)
        } catch let error as UnstoredScan {
            throw error
        } catch {
            // Whatever was stored so far stays; the scan says why it stopped.
            if let scanId = storing.scanId { try? await storing.store().finishScan(scanId, status: .failed, at: Date(), failure: "\(error)") }
            throw error
        }
    }

    /// Discovery, while the store opens and the scan is stored as running. A store that cannot
    /// be opened (not a database, no permission) stops discovery at once rather than after it.
    private func discover(_ request: Request, storing: StoreState, events: @escaping @Sendable (ScanEvent) -> Void) async throws -> DiscoveryJob.Outcome {
        try await withThrowingTaskGroup(of: DiscoveryJob.Outcome?.self) { group in
            group.addTask {
                if try await storing.begin(), let scanId = storing.scanId { events(.started(scanId: scanId)) }
                return nil
            }
            group.addTask { try await request.discovery.run(progress: events) }
            var outcome: DiscoveryJob.Outcome?
            for try await finished in group { outcome = outcome ?? finished }
            return outcome!
        }
    }

    private func scan(_ request: Request, storing: StoreState, started: ContinuousClock.Instant,
                      registryLoad: Task<Swift.Result<any VendorLookup, any Error>, Never>,
                      catalogLoad: Task<Swift.Result<Identifier, any Error>, Never>?,
                      events: @escaping @Sendable (ScanEvent) -> Void) async throws -> Result {
        // 1. Discovery.
        let outcome = try await discover(request, storing: storing, events: events)
        let vendors: (any VendorLookup)?
        switch await registryLoad.value {
        case .success(let registry): vendors = registry
        case .failure(let error):
            vendors = nil
            events(.warning("\(error); vendors left empty"))
        }
        let discovered = Self.withVendors(outcome.report.hosts.observations, from: vendors)
        let conflicts = outcome.report.hosts.conflicts
        try await storing.write { store, scanId in try await store.record(discovered, conflicts: conflicts, scanId: scanId) }
        var interrupted = outcome.report.interrupted || Task.isCancelled
        events(.discovered(hosts: discovered.count))
        events(.stage("discovery", seconds: (ContinuousClock.now - started).seconds))

        var result = Result(scan: storing.record, scanId: storing.scanId ?? 0,
                            discovery: outcome, discovered: discovered, conflicts: conflicts, hosts: discovered, asked: [],
                            answered: [], silent: 0, learnt: [], identifications: [:], identityConflicts: [], interrupted: interrupted)
        var macByIP: [IPv4Address: MACAddress] = [:]

        // 2. SNMP, identification.
        if let snmp = request.snmp, let catalogLoad {
            let identifier: Identifier
            switch await catalogLoad.value {
            case .success(let loaded): identifier = loaded
            case .failure(let error):
                // A broken user catalog: the sightings are kept, the scan marked partial.
                try await storing.write { store, scanId in try await store.finishScan(scanId, status: .partial, at: Date(), failure: "catalog: \(error)") }
                throw ScanPipelineError(.badInput, "catalog: \(error)")
            }
            let interrogator = try snmp.interrogator?(identifier) ?? defaultInterrogator(snmp, identifier: identifier)
            result.asked = interrupted ? [] : Array(Set(discovered.map(\.ip)).union(snmp.extraTargets)).sorted()
            macByIP = Dictionary(discovered.map { ($0.ip, $0.mac) }, uniquingKeysWith: { a, _ in a })
            let asked = try await interrogate(result.asked, with: interrogator, concurrency: snmp.concurrency, request: request,
                                              storing: storing, macByIP: macByIP, events: events)
            result.answered = asked.facts
            result.silent = asked.silent
            result.refused = asked.refused.count
            result.refusedAddresses = asked.refused.sorted()
            interrupted = interrupted || asked.interrupted
            events(.stage("snmp", seconds: (ContinuousClock.now - started).seconds))

            // 3. What routers and switches know.
            // The scanning machine itself is in its neighbours' tables: never filed as a client's
            // device; nor is a host at an --exclude address (out of scope, though a router knows it).
            let own = request.discovery.ownAddresses, ownMAC = request.discovery.ownMAC, excluded = request.discovery.excluded
            result.learnt = result.answered.flatMap { $0.arpCache + $0.forwardingTable }
                .filter { entry in
                    !(entry.ip.map { ip in own.contains(ip) || excluded.contains { $0.contains(ip) } } ?? false) && entry.mac != ownMAC
                }
            result.hosts = Self.withVendors(Self.fold(hosts: discovered, answered: result.answered, learnt: result.learnt), from: vendors)
            try await storing.write { [result] store, scanId in
                try await store.recordLearnt(result.learnt, scanId: scanId)
                try await store.record(result.hosts, conflicts: [], scanId: scanId)
            }

            // 4. Identification, from the catalog: every device at once, on every core (matching
            // hundreds of rules is the one CPU-heavy step of a scan); then the silent ones its
            // neighbours' LLDP and CDP tables (and controllers' tables of their devices) describe.
            let vendorOf = Dictionary(result.hosts.compactMap { h in h.vendor.map { (h.ip, $0) } }, uniquingKeysWith: { a, _ in a })
            let evidence = result.answered.map { facts in
                (facts.ip, Evidence(facts: facts, ouiVendor: vendorOf[facts.ip] ?? Evidence.macVendor(of: facts, seenWith: nil) { vendors?.vendor(for: $0) }))
            }
            result.identifications = await Self.identify(evidence, with: identifier)
            // What the LLDP, CDP and controllers' tables of the devices that answered say of the others: the gaps
            // of those that answered, then the devices that did not (phones, access points).
            result.identifications.merge(identifier.completeFromNeighbours(result.identifications, answered: result.answered,
                                                                           hosts: result.hosts)) { _, completed in completed }
            let silent = result.hosts.filter { result.identifications[$0.ip] == nil }
            result.identifications.merge(identifier.identifyNeighbours(of: result.answered, silent: silent)) { answered, _ in answered }
            try await storing.write { [result] store, scanId in
                try await store.recordIdentifications(result.identifications.map { ($0.key, $0.value) }, scanId: scanId, at: Date())
            }
            events(.stage("identification", seconds: (ContinuousClock.now - started).seconds))
        }

        // 5. The client's devices, and how the scan ended.
        result.interrupted = interrupted || Task.isCancelled
        let status: ScanStatus = result.interrupted ? .partial : .complete
        let filed = try await storing.write { [result, filer] store, scanId in
            let conflicts = try await filer.file(Self.contents(of: result, scanId: scanId, site: request.site), client: request.client, in: store)
            try await store.finishScan(scanId, status: status, at: Date(), failure: nil)
            return conflicts
        }
        if let filed {
            result.identityConflicts = filed
        } else {
            // The store was locked at some point: everything again, now, in one go.
            result.identityConflicts = try await storeWhenFree(result, storing: storing, request: request, status: status, macByIP: macByIP)
        }
        for conflict in result.identityConflicts {
            events(.warning("\(conflict.key) is claimed by devices \(conflict.devices.map(String.init).joined(separator: " and ")) (seen at \(conflict.sighting)); not merged"))
        }
        events(.stage("filed", seconds: (ContinuousClock.now - started).seconds))
        if let scanId = storing.scanId {
            result.scanId = scanId
            if let stored = try await storing.store().scan(scanId) { result.scan = stored }
        }
        return result
    }

    /// What a scan saw, as the filer takes it.
    static func contents(of result: Result, scanId: Int64, site: String?) -> DeviceFiler.ScanContents {
        DeviceFiler.ScanContents(scanId: scanId, site: site, hosts: result.hosts, answers: result.answered.map(FactSummary.init),
                                 identifications: result.identifications)
    }

    /// Stores the whole scan (every write is idempotent, so what did get stored is not doubled),
    /// trying again with backoff while the store is locked, for `storeWait` at most; then gives
    /// the scan back as a bundle (`UnstoredScan`).
    private func storeWhenFree(_ result: Result, storing: StoreState, request: Request, status: ScanStatus,
                               macByIP: [IPv4Address: MACAddress]) async throws -> [IdentityConflict] {
        let deadline = ContinuousClock.now + storeWait
        var pause = Duration.milliseconds(250)
        while true {
            do {
                let store = try storing.store()
                let scanId: Int64
                if let begun = storing.scanId {
                    scanId = begun
                } else {
                    scanId = try await store.beginScan(storing.record)
                    storing.scanId = scanId
                    storing.events(.started(scanId: scanId))
                }
                try await store.record(result.discovered, conflicts: result.conflicts, scanId: scanId)
                try await store.record(result.hosts, conflicts: [], scanId: scanId)
                for facts in result.answered { try await store.recordFacts(facts, mac: macByIP[facts.ip], scanId: scanId) }
                if !result.learnt.isEmpty { try await store.recordLearnt(result.learnt, scanId: scanId) }
                if !result.identifications.isEmpty {
                    try await store.recordIdentifications(result.identifications.map { ($0.key, $0.value) }, scanId: scanId, at: Date())
                }
                let conflicts = try await filer.file(Self.contents(of: result, scanId: scanId, site: request.site), client: request.client, in: store)
                try await store.finishScan(scanId, status: status, at: Date(), failure: nil)
                storing.events(.warning("the database was free again: the scan is stored"))
                return conflicts
            } catch let error as StoreError where error.isBusy {
                storing.noteLocked()
                guard ContinuousClock.now + pause < deadline else {
                    throw UnstoredScan(result: result, bundle: storing.bundle(of: result, status: status), reason: error.description,
                                       waited: storing.waited)
                }
                await Self.pause(pause)
                pause = min(pause * 2, .seconds(4))
            }
        }
    }

    /// Identifies every device's evidence concurrently; for an address answered twice, the first
    /// answer's identification counts (as in order).
    static func identify(_ evidence: [(IPv4Address, Evidence)], with identifier: Identifier) async -> [IPv4Address: Identification] {
        await withTaskGroup(of: (Int, Identification).self) { group in
            for (i, (_, e)) in evidence.enumerated() { group.addTask { (i, identifier.identify(e)) } }
            var byIndex = [Identification?](repeating: nil, count: evidence.count)
            for await (i, identification) in group { byIndex[i] = identification }
            var result: [IPv4Address: Identification] = [:]
            for (i, (ip, _)) in evidence.enumerated() where result[ip] == nil { result[ip] = byIndex[i] }
            return result
        }
    }

    /// Sleeps even when the task is cancelled (an interrupted scan still waits to be stored).
    static func pause(_ duration: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().asyncAfter(deadline: .now() + duration.seconds) { continuation.resume() }
        }
    }

    private func defaultInterrogator(_ snmp: SNMPRequest, identifier: Identifier) throws -> any DeviceInterrogator {
        try SNMPSetup.initialise()
        return Interrogator(client: SNMPClient(), credentials: snmp.credentials, settings: snmp.settings,
                            followUp: { [identifier] facts in identifier.vendorObjects(Evidence(facts: facts)) })
    }

    private struct Interrogations {
        var facts: [DeviceFacts] = []
        var silent = 0
        var refused: [IPv4Address] = []
        var interrupted = false
    }

    /// Asks every address, `concurrency` at a time, storing each answer as it arrives.
    private func interrogate(_ addresses: [IPv4Address], with interrogator: any DeviceInterrogator, concurrency: Int, request: Request,
                             storing: StoreState, macByIP: [IPv4Address: MACAddress], events: @escaping @Sendable (ScanEvent) -> Void) async throws -> Interrogations {
        var result = Interrogations()
        var storeError: (any Error)?
        await withTaskGroup(of: InterrogationOutcome.self) { group in
            var next = 0
            func addTask() async {
                let ip = addresses[next]
                next += 1
                let preferred = try? await storing.store().lastCredential(ip: ip, client: request.client, site: request.site)
                group.addTask { await interrogator.interrogate(ip, port: 161, preferred: preferred) }
            }
            while next < addresses.count && next < concurrency { await addTask() }
            var done = 0
            for await outcome in group {
                done += 1
                if case .answered(let facts, _) = outcome {
                    result.facts.append(facts)
                    do { try await storing.write { store, scanId in try await store.recordFacts(facts, mac: macByIP[facts.ip], scanId: scanId) } } catch {
                        storeError = storeError ?? error
                    }
                } else if case .refused(let ip, _) = outcome {
                    result.refused.append(ip)
                } else {
                    result.silent += 1
                }
                events(.interrogating(asked: done, of: addresses.count, answered: result.facts.count))
                if next < addresses.count && !Task.isCancelled && storeError == nil { await addTask() }
            }
        }
        if let storeError { throw storeError }
        result.interrupted = Task.isCancelled
        return result
    }

    /// Adds what SNMP taught to the discovered hosts: hosts that answered SNMP, hosts in router
    /// ARP caches, and the switch ports behind which known MACs sit.
    public static func fold(hosts: [HostObservation], answered: [DeviceFacts], learnt: [LearntHost], at now: Date = Date()) -> [HostObservation] {
        var set = ObservationSet()
        hosts.forEach { set.record($0) }
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

    static func withVendors(_ hosts: [HostObservation], from vendors: (any VendorLookup)?) -> [HostObservation] {
        guard let vendors else { return hosts }
        return hosts.map { host in
            var h = host
            h.vendor = h.vendor ?? vendors.vendor(for: h.mac)
            return h
        }
    }
}
