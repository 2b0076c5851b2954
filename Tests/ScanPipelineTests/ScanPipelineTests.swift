import CensusCore
import DeviceModel
import Fingerprinting
import Foundation
import Inventory
import ScanPipeline
import SNMPModel
import SQLiteStore
import Synchronization
import XCTest

/// The pipeline end to end without a network: discovery from a capture file, SNMP answers from
/// a stand-in interrogator, stored in a real store.
final class ScanPipelineTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let capture = root.appendingPathComponent("Fixtures/pcap/arp-mixed.pcap").path
    static let secret = "s3cret-community-Zq9"

    /// Answers for 198.18.0.11 only, as a SonicWall would, with the credential it was asked with.
    struct RecordedAgents: DeviceInterrogator {
        let credentials: [SNMPCredential]
        let delay: Duration

        func interrogate(_ ip: IPv4Address, port: UInt16, preferred: String?) async -> InterrogationOutcome {
            try? await Task.sleep(for: delay)
            guard ip == IPv4Address(198, 18, 0, 11), !Task.isCancelled else { return .silent(ip: ip, reason: "timeout") }
            let text = """
            1.3.6.1.2.1.1.1.0|4|SonicWALL TZ 370 (SonicOS Enhanced 7.0.1-5145)
            1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8741.1
            1.3.6.1.2.1.1.5.0|4|fw-hq
            1.3.6.1.2.1.2.2.1.6.1|4x|3cd92b00000b
            1.3.6.1.2.1.2.2.1.6.2|4x|00142200000c
            """
            var facts = try! SNMPRecording.facts(fromText: text, file: "fw.snmprec", ip: ip)
            let credential = credentials.last!
            facts.credential = credential.label
            return .answered(facts, credential: credential)
        }
    }

    struct NoVendors: VendorLookup { func vendor(for mac: MACAddress) -> String? { mac.description.hasPrefix("3c:d9:2b") ? "Hewlett Packard" : nil } }

    func request(delay: Duration = .zero) throws -> ScanPipeline.Request {
        let job = try DiscoveryJob(interfaceName: nil, ranges: [], excluded: [], mode: .captureFile(Self.capture), settings: .init(),
                                   force: false, allowPublic: false)
        let credentials: [SNMPCredential] = [.v2c(community: "public"), .v2c(community: Self.secret)]
        return ScanPipeline.Request(client: "acme", site: "hq", discovery: job, snmp: .init(
            credentials: credentials, concurrency: 2, identifier: { Identifier(catalog: try Catalog.builtIn()) },
            interrogator: { _ in RecordedAgents(credentials: credentials, delay: delay) }))
    }

    final class Events: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [ScanEvent] = []
        func add(_ e: ScanEvent) { lock.withLock { list.append(e) } }
        var all: [ScanEvent] { lock.withLock { list } }
    }

    func testAScanIsStoredIdentifiedAndFiledWithProgressEvents() async throws {
        let store = MemoryStore()
        let events = Events()
        let result = try await ScanPipeline(store: store, vendorRegistry: { NoVendors() }).run(try request(), events: events.add)
        XCTAssertFalse(result.interrupted)
        XCTAssertEqual(Set(result.discovered.map(\.ip.description)), ["198.18.0.10", "198.18.0.11", "198.18.0.12", "198.18.0.14"])
        XCTAssertEqual(result.conflicts.map(\.ip.description), ["198.18.0.10"])
        XCTAssertEqual(result.answered.map(\.ip.description), ["198.18.0.11"])
        XCTAssertEqual(result.silent, 3)
        XCTAssertEqual(result.identifications[IPv4Address(198, 18, 0, 11)]?.class, .firewall)
        let scan = try XCTUnwrap(store.scan(result.scanId))
        XCTAssertEqual(scan.status, .complete)
        XCTAssertEqual(scan.client, "acme")
        XCTAssertTrue(events.all.contains { if case .started(let id) = $0 { id == result.scanId } else { false } })
        XCTAssertTrue(events.all.contains { if case .interrogating(4, 4, 1) = $0 { true } else { false } }, "\(events.all)")
        XCTAssertTrue(events.all.contains { if case .discovered(5) = $0 { true } else { false } })

        // .12 answered ARP with a MAC of the firewall's interface table: one device, not two.
        let devices = try await DeviceViews().snapshots(client: "acme", in: store)
        let firewall = try XCTUnwrap(devices.first { $0.class == .firewall })
        XCTAssertEqual(firewall.ip?.description, "198.18.0.11")
        XCTAssertEqual(firewall.addresses.map(\.description), ["198.18.0.11", "198.18.0.12"])
        XCTAssertEqual(firewall.sysName, "fw-hq")
        XCTAssertEqual(firewall.seenBy, [.captureFile, .snmp])
        XCTAssertFalse(devices.contains { $0.ip?.description == "198.18.0.12" })
        // .10 answered with two MACs (a conflict): two devices, both kept; .14 one.
        XCTAssertEqual(devices.count, 4)
    }

    /// A router's ARP cache lists hosts in a segment the scan was told to leave alone: they are
    /// not the client's devices (nor learnt), though the router knows them.
    func testHostsARouterKnowsInAnExcludedRangeAreNotFiled() async throws {
        struct Router: DeviceInterrogator {
            func interrogate(_ ip: IPv4Address, port: UInt16, preferred: String?) async -> InterrogationOutcome {
                guard ip == IPv4Address(198, 18, 0, 11) else { return .silent(ip: ip, reason: "timeout") }
                let text = """
                1.3.6.1.2.1.1.1.0|4|Acme Router
                1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.1
                1.3.6.1.2.1.4.22.1.2.1.10.1.100.5|4x|001b21aabb05
                1.3.6.1.2.1.4.22.1.2.1.10.2.0.7|4x|001b21aabb07
                """
                return .answered(try! SNMPRecording.facts(fromText: text, file: "r.snmprec", ip: ip), credential: .v2c(community: "public"))
            }
        }
        let job = try DiscoveryJob(interfaceName: nil, ranges: [], excluded: [try IPv4Network(parsing: "10.1.100.0/24")],
                                   mode: .captureFile(Self.capture), settings: .init(), force: false, allowPublic: false)
        let request = ScanPipeline.Request(client: "acme", site: "hq", discovery: job, snmp: .init(
            credentials: [.v2c(community: "public")], concurrency: 2, identifier: { Identifier(catalog: try Catalog.builtIn()) },
            interrogator: { _ in Router() }))
        let store = MemoryStore()
        let result = try await ScanPipeline(store: store, vendorRegistry: { NoVendors() }).run(request, events: { _ in })
        XCTAssertEqual(result.learnt.compactMap(\.ip).map(\.description), ["10.2.0.7"])
        let addresses = Set(try await DeviceViews().snapshots(client: "acme", in: store).compactMap(\.ip?.description))
        XCTAssertTrue(addresses.contains("10.2.0.7"))
        XCTAssertFalse(addresses.contains("10.1.100.5"), "an --exclude address is no device of the client")
    }

    func testTheSecretThatWorkedNeverReachesTheStoreOrABundle() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("census-pipeline-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try SQLiteStore(path: path)
        let result = try await ScanPipeline(store: store, vendorRegistry: { NoVendors() }).run(try request())
        XCTAssertEqual(result.answered.first?.credential, "v2c", "the label, not the community")
        let bundle = try await BundleExchange().export(scanId: result.scanId, from: store, at: Date())
        let bytes = try bundle.encoded()
        XCTAssertNotNil(bytes.range(of: Data("\"credential\":\"v2c\"".utf8)), "the bundle says which kind of credential answered")
        XCTAssertNil(bytes.range(of: Data(Self.secret.utf8)), "the community is in the bundle")
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: path + suffix) {
            XCTAssertNil(try Data(contentsOf: URL(fileURLWithPath: path + suffix)).range(of: Data(Self.secret.utf8)), "the community is in \(path + suffix)")
        }
    }

    /// A store that fails while storing SNMP answers.
    final class FailingFacts: InventoryStore, @unchecked Sendable {
        let inner = MemoryStore()
        struct Full: Error, CustomStringConvertible { var description: String { "disk full" } }
        func recordFacts(_ facts: DeviceFacts, mac: MACAddress?, scanId: Int64) async throws { throw Full() }
        func beginScan(_ record: ScanRecord) async throws -> Int64 { try inner.beginScan(record) }
        func finishScan(_ id: Int64, status: ScanStatus, at: Date, failure: String?) async throws { try inner.finishScan(id, status: status, at: at, failure: failure) }
        func scan(_ id: Int64) async throws -> ScanRecord? { inner.scan(id) }
        func scan(uuid: UUID) async throws -> ScanRecord? { inner.scan(uuid: uuid) }
        func scans(client: String?, site: String?) async throws -> [ScanRecord] { inner.scans(client: client, site: site) }
        func record(_ o: [HostObservation], conflicts: [AddressConflict], scanId: Int64) async throws { try inner.record(o, conflicts: conflicts, scanId: scanId) }
        func observations(scanId: Int64) async throws -> [HostObservation] { try inner.observations(scanId: scanId) }
        func conflicts(scanId: Int64) async throws -> [AddressConflict] { try inner.conflicts(scanId: scanId) }
        func facts(scanId: Int64) async throws -> [DeviceFacts] { inner.facts(scanId: scanId) }
        func factSummaries(scanId: Int64) async throws -> [FactSummary] { inner.factSummaries(scanId: scanId) }
        func lastCredential(ip: IPv4Address, client: String, site: String?) async throws -> String? { nil }
        func recordLearnt(_ hosts: [LearntHost], scanId: Int64) async throws { try inner.recordLearnt(hosts, scanId: scanId) }
        func learntHosts(scanId: Int64) async throws -> [LearntHost] { inner.learntHosts(scanId: scanId) }
        func recordIdentifications(_ list: [(IPv4Address, Identification)], scanId: Int64, at date: Date) async throws {
            try inner.recordIdentifications(list, scanId: scanId, at: date)
        }
        func identifications(scanId: Int64) async throws -> [IPv4Address: Identification] { inner.identifications(scanId: scanId) }
        func devices(client: String) async throws -> [StoredDevice] { inner.devices(client: client) }
        func sightings(client: String, scans: [Int64]?) async throws -> [DeviceSighting] { inner.sightings(client: client, scans: scans) }
        func fileSightings(client: String, resolve: @escaping SightingResolver) async throws -> [Int64] { try inner.fileSightings(client: client, resolve: resolve) }
        func mergeDevices(client: String, into device: Int64, from other: Int64, at date: Date) async throws {}
        func splitDevice(client: String, device: Int64, keys: [String], at date: Date) async throws -> Int64 { 0 }
        func importBundle(_ bundle: ScanBundle, resolve: @escaping @Sendable (Int64) -> SightingResolver) async throws -> (scanId: Int64, isNew: Bool) {
            try inner.importBundle(bundle, resolve: resolve)
        }
    }

    /// The store opens while discovery runs; a slow one (a database being created and
    /// migrated) still gets the whole scan, announced once it is stored.
    func testAStoreOpenedDuringDiscoveryGetsTheWholeScan() async throws {
        let store = MemoryStore()
        let opened = Mutex<ContinuousClock.Instant?>(nil)
        let events = Events()
        let started = ContinuousClock.now
        let pipeline = ScanPipeline(openingStore: {
            Thread.sleep(forTimeInterval: 0.4)  // a slow database (creating it, migrating it)
            opened.withLock { $0 = .now }
            return store
        }, vendorRegistry: { NoVendors() })
        let result = try await pipeline.run(try request(), events: { e in
            if case .discovered = e { events.add(e) }
            if case .started = e { events.add(e) }
        })
        let openedAt = try XCTUnwrap(opened.withLock { $0 })
        XCTAssertGreaterThanOrEqual(openedAt - started, .milliseconds(400))
        XCTAssertEqual(try XCTUnwrap(store.scan(result.scanId)).status, .complete)
        XCTAssertEqual(try store.observations(scanId: result.scanId).count, 5)
        guard case .started(let id) = events.all.first else { return XCTFail("the scan is announced once it is stored: \(events.all)") }
        XCTAssertEqual(id, result.scanId)
    }

    /// A store that cannot be opened at all stops the scan with its reason, at once.
    func testAStoreThatCannotBeOpenedStopsTheScan() async throws {
        struct NotADatabase: Error, CustomStringConvertible { var description: String { "file is not a database" } }
        do {
            _ = try await ScanPipeline(openingStore: { throw NotADatabase() }, vendorRegistry: { NoVendors() }).run(try request())
            XCTFail("the scan ran without a store")
        } catch {
            XCTAssertEqual("\(error)", "file is not a database")
        }
    }

    func testAStorageFailureIsNotSwallowedAndTheScanSaysWhy() async throws {
        let store = FailingFacts()
        do {
            _ = try await ScanPipeline(store: store, vendorRegistry: { NoVendors() }).run(try request())
            XCTFail("the scan succeeded although its SNMP answers could not be stored")
        } catch {
            XCTAssertEqual("\(error)", "disk full")
        }
        let scan = try XCTUnwrap(store.inner.scans(client: "acme", site: "hq").first)
        XCTAssertEqual(scan.status, .failed, "a scan that failed must not stay running")
        XCTAssertEqual(scan.failure, "disk full")
        XCTAssertEqual(try store.inner.observations(scanId: scan.id!).count, 5, "what discovery found is kept")
    }

    func testCancellingKeepsWhatWasFoundAsAPartialScan() async throws {
        let store = MemoryStore()
        let pipeline = ScanPipeline(store: store, vendorRegistry: { NoVendors() })
        let request = try request(delay: .seconds(30))
        let task = Task { try await pipeline.run(request) }
        // Wait until SNMP has started, then stop.
        while store.scans(client: "acme", site: nil).first.map({ (try? store.observations(scanId: $0.id!))?.isEmpty ?? true }) ?? true {
            try await Task.sleep(for: .milliseconds(10))
        }
        let clock = ContinuousClock.now
        task.cancel()
        let result = try await task.value
        XCTAssertLessThan(ContinuousClock.now - clock, .seconds(10), "the stop did not wait for the agents")
        XCTAssertTrue(result.interrupted)
        XCTAssertEqual(store.scan(result.scanId)?.status, .partial)
        XCTAssertEqual(result.discovered.count, 5)
        let filed = try await DeviceViews().snapshots(client: "acme", in: store)
        XCTAssertFalse(filed.isEmpty, "the hosts found are filed")
    }

    /// A store whose writes fail as `StoreError.busy` (another process holding the lock) while `locked` says so.
    final class LockedStore: InventoryStore, @unchecked Sendable {
        let inner = MemoryStore()
        let locked: @Sendable () -> Bool
        init(locked: @escaping @Sendable () -> Bool) { self.locked = locked }
        func check(_ what: String) throws { if locked() { throw StoreError.busy(operation: what) } }
        func beginScan(_ record: ScanRecord) async throws -> Int64 { try check("store a new scan"); return try inner.beginScan(record) }
        func finishScan(_ id: Int64, status: ScanStatus, at: Date, failure: String?) async throws {
            try check("finish a scan"); try inner.finishScan(id, status: status, at: at, failure: failure)
        }
        func scan(_ id: Int64) async throws -> ScanRecord? { inner.scan(id) }
        func scan(uuid: UUID) async throws -> ScanRecord? { inner.scan(uuid: uuid) }
        func scans(client: String?, site: String?) async throws -> [ScanRecord] { inner.scans(client: client, site: site) }
        func record(_ o: [HostObservation], conflicts: [AddressConflict], scanId: Int64) async throws {
            try check("record hosts"); try inner.record(o, conflicts: conflicts, scanId: scanId)
        }
        func observations(scanId: Int64) async throws -> [HostObservation] { try inner.observations(scanId: scanId) }
        func conflicts(scanId: Int64) async throws -> [AddressConflict] { try inner.conflicts(scanId: scanId) }
        func recordFacts(_ facts: DeviceFacts, mac: MACAddress?, scanId: Int64) async throws {
            try check("record facts"); try inner.recordFacts(facts, mac: mac, scanId: scanId)
        }
        func facts(scanId: Int64) async throws -> [DeviceFacts] { inner.facts(scanId: scanId) }
        func factSummaries(scanId: Int64) async throws -> [FactSummary] { inner.factSummaries(scanId: scanId) }
        func lastCredential(ip: IPv4Address, client: String, site: String?) async throws -> String? { nil }
        func recordLearnt(_ hosts: [LearntHost], scanId: Int64) async throws { try check("record learnt hosts"); try inner.recordLearnt(hosts, scanId: scanId) }
        func learntHosts(scanId: Int64) async throws -> [LearntHost] { inner.learntHosts(scanId: scanId) }
        func recordIdentifications(_ list: [(IPv4Address, Identification)], scanId: Int64, at date: Date) async throws {
            try check("record identifications"); try inner.recordIdentifications(list, scanId: scanId, at: date)
        }
        func identifications(scanId: Int64) async throws -> [IPv4Address: Identification] { inner.identifications(scanId: scanId) }
        func devices(client: String) async throws -> [StoredDevice] { inner.devices(client: client) }
        func sightings(client: String, scans: [Int64]?) async throws -> [DeviceSighting] { inner.sightings(client: client, scans: scans) }
        func fileSightings(client: String, resolve: @escaping SightingResolver) async throws -> [Int64] {
            try check("file devices"); return try inner.fileSightings(client: client, resolve: resolve)
        }
        func mergeDevices(client: String, into device: Int64, from other: Int64, at date: Date) async throws {}
        func splitDevice(client: String, device: Int64, keys: [String], at date: Date) async throws -> Int64 { 0 }
        func importBundle(_ bundle: ScanBundle, resolve: @escaping @Sendable (Int64) -> SightingResolver) async throws -> (scanId: Int64, isNew: Bool) {
            try check("import a bundle"); return try inner.importBundle(bundle, resolve: resolve)
        }
    }

    /// What the client's devices look like, to compare two stores.
    func deviceSummary(_ store: any InventoryStore) async throws -> [String] {
        try await DeviceViews().snapshots(client: "acme", in: store).map { d in
            "\(d.ip?.description ?? "-") \(d.addresses.map(\.description).joined(separator: ",")) \(d.class.rawValue) \(d.sysName ?? "-")"
        }.sorted()
    }

    /// A store locked for a while (from the start of the scan): the scan carries on and is stored
    /// once the lock is gone, exactly as it would have been.
    func testAStoreLockedForAWhileGetsTheWholeScanOnceFree() async throws {
        let until = Date().addingTimeInterval(1.5)
        let store = LockedStore(locked: { Date() < until })
        let events = Events()
        let result = try await ScanPipeline(store: store, vendorRegistry: { NoVendors() }, storeWait: .seconds(20)).run(try request(), events: events.add)
        XCTAssertEqual(store.inner.scan(result.scanId)?.status, .complete)
        XCTAssertEqual(try store.inner.observations(scanId: result.scanId).count, 5)
        XCTAssertEqual(store.inner.facts(scanId: result.scanId).map(\.ip.description), ["198.18.0.11"])
        XCTAssertEqual(store.inner.identifications(scanId: result.scanId)[IPv4Address(198, 18, 0, 11)]?.class, .firewall)
        XCTAssertTrue(events.all.contains { if case .warning(let w) = $0 { w.contains("locked") } else { false } }, "\(events.all)")
        XCTAssertTrue(events.all.contains { if case .started(let id) = $0 { id == result.scanId } else { false } })

        let reference = MemoryStore()
        _ = try await ScanPipeline(store: reference, vendorRegistry: { NoVendors() }).run(try request())
        let expected = try await deviceSummary(reference)
        XCTAssertEqual(expected.count, 4)
        let stored = try await deviceSummary(store.inner)
        XCTAssertEqual(stored, expected)
    }

    /// A store locked part-way (after discovery was stored): what was stored is not doubled.
    func testAStoreLockedPartWayIsCompletedNotDoubled() async throws {
        let writes = Mutex(0)
        let store = LockedStore(locked: { writes.withLock { $0 += 1; return (3...6).contains($0) } })
        let result = try await ScanPipeline(store: store, vendorRegistry: { NoVendors() }, storeWait: .seconds(20)).run(try request())
        XCTAssertEqual(store.inner.scans(client: "acme", site: nil).count, 1)
        XCTAssertEqual(store.inner.scan(result.scanId)?.status, .complete)
        XCTAssertEqual(try store.inner.observations(scanId: result.scanId).count, 5)
        let stored = try await deviceSummary(store.inner)
        XCTAssertEqual(stored.count, 4)
    }

    /// A store that stays locked: the scan comes back as a bundle that imports to the same devices.
    func testAStoreThatStaysLockedGivesTheScanBackAsABundle() async throws {
        let store = LockedStore(locked: { true })
        do {
            _ = try await ScanPipeline(store: store, vendorRegistry: { NoVendors() }, storeWait: .milliseconds(600)).run(try request())
            XCTFail("a scan was stored in a locked store")
        } catch let unstored as UnstoredScan {
            XCTAssertTrue(unstored.reason.contains("locked by another process"), unstored.reason)
            XCTAssertEqual(unstored.result.discovered.count, 5)
            XCTAssertEqual(unstored.bundle.observations.count, 5)
            XCTAssertEqual(unstored.bundle.scan.status, .complete)
            XCTAssertEqual(unstored.bundle.facts.map(\.ip.description), ["198.18.0.11"])
            let decoded = try ScanBundle.decode(try unstored.bundle.encoded(), file: "recovery.census")
            let office = MemoryStore()
            let (_, isNew) = try await BundleExchange().import(decoded, into: office)
            XCTAssertTrue(isNew)
            let reference = MemoryStore()
            _ = try await ScanPipeline(store: reference, vendorRegistry: { NoVendors() }).run(try request())
            let (recovered, expected) = (try await deviceSummary(office), try await deviceSummary(reference))
            XCTAssertEqual(recovered, expected)
        }
        XCTAssertTrue(store.inner.scans(client: "acme", site: nil).isEmpty)
    }

    /// One filing rule (issue 15, item 6): a scan exported and imported elsewhere files the same
    /// devices as the scan did, router interfaces folded into the router included.
    func testAnImportedScanFilesTheSameDevicesAsTheScan() async throws {
        let scanned = MemoryStore()
        let result = try await ScanPipeline(store: scanned, vendorRegistry: { NoVendors() }).run(try request())
        let bundle = try await BundleExchange().export(scanId: result.scanId, from: scanned, at: Date())
        let imported = MemoryStore()
        _ = try await BundleExchange().import(bundle, into: imported)
        let expected = try await deviceSummary(scanned)
        XCTAssertEqual(expected.count, 4, "\(expected)")
        XCTAssertTrue(expected.contains { $0.hasPrefix("198.18.0.11 198.18.0.11,198.18.0.12 firewall") }, "\(expected)")
        let filed = try await deviceSummary(imported)
        XCTAssertEqual(filed, expected)
    }
}
