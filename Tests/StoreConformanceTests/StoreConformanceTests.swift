import CensusCore
import DeviceModel
import Foundation
import PostgresStore
import SQLiteStore
import XCTest

/// The behaviour every `InventoryStore` promises, run against each store: in memory, SQLite
/// (and PostgreSQL where the server's store is built). A new store passes these or is not one.
final class StoreConformanceTests: XCTestCase {
    /// A store under test, and how to dispose of it.
    struct Made {
        var store: any InventoryStore
        var dispose: () async -> Void = {}
    }

    /// Every store under test, freshly made: PostgreSQL too when `CENSUS_TEST_DATABASE_URL`
    /// names a server (each test in a schema of its own, dropped afterwards).
    static var stores: [(name: String, make: () async throws -> Made)] {
        var list: [(name: String, make: () async throws -> Made)] = [
            ("memory", { Made(store: MemoryStore()) }),
            ("sqlite", { Made(store: try SQLiteStore.inMemory()) }),
        ]
        if let url = ProcessInfo.processInfo.environment["CENSUS_TEST_DATABASE_URL"], !url.isEmpty {
            list.append(("postgres", {
                var configuration = try PostgresStore.Configuration(url: url)
                let schema = "conformance_" + UUID().uuidString.prefix(8).lowercased()
                try await PostgresStore.createSchema(schema, in: configuration)
                configuration.schema = schema
                let store = try await PostgresStore.connect(configuration)
                try await store.migrate()
                return Made(store: store, dispose: {
                    await store.shutdown()
                    try? await PostgresStore.dropSchema(schema, in: configuration)
                })
            }))
        }
        return list
    }

    private func eachStore(_ body: (String, any InventoryStore) async throws -> Void) async throws {
        let env = ProcessInfo.processInfo.environment
        if env["CI"] == "true", (env["CENSUS_TEST_DATABASE_URL"] ?? "").isEmpty {
            XCTFail("CENSUS_TEST_DATABASE_URL is not set under CI: the PostgreSQL store would go untested (tools/test sets it)")
        }
        for (name, make) in Self.stores {
            let made = try await make()
            do { try await body(name, made.store) } catch {
                await made.dispose()
                throw error
            }
            await made.dispose()
        }
    }

    private static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    private var t0: Date { Self.t0 }
    private func scan(_ client: String = "acme", site: String? = "hq", at offset: TimeInterval = 0, options: [String: String] = [:]) -> ScanRecord {
        ScanRecord(client: client, site: site, interface: "lan1", ranges: [try! IPv4Network(parsing: "198.18.0.0/24")], options: options,
                   startedAt: t0.addingTimeInterval(offset))
    }
    private func host(_ last: UInt8, mac: UInt64, _ how: Set<DiscoveryMethod> = [.arpSweep], at offset: TimeInterval = 1) -> HostObservation {
        HostObservation(ip: IPv4Address(198, 18, 0, last), mac: MACAddress(mac), seenBy: how, firstSeen: t0.addingTimeInterval(offset))
    }

    func testScansAreStoredRunningFinishedWithAReasonAndFoundByUUID() async throws {
        try await eachStore { name, store in
            var record = scan()
            record.status = .complete
            record.hostCount = 99
            let id = try await store.beginScan(record)
            let running = try await store.scan(id)
            XCTAssertEqual(running?.status, .running, name)
            XCTAssertEqual(running?.hostCount, 0, name)
            XCTAssertEqual(running?.uuid, record.uuid, name)
            XCTAssertEqual(running?.client, "acme", name)
            try await expectEqual(await store.scan(uuid: record.uuid)?.id, id, name)
            try await expectNil(await store.scan(uuid: UUID()), name)
            try await store.finishScan(id, status: .failed, at: t0.addingTimeInterval(5), failure: "the database went away")
            let failed = try await store.scan(id)
            XCTAssertEqual(failed?.status, .failed, name)
            XCTAssertEqual(failed?.failure, "the database went away", name)
            XCTAssertEqual(failed?.finishedAt, t0.addingTimeInterval(5), name)
            do {
                _ = try await store.beginScan(record)
                XCTFail("\(name): a second scan with the same UUID was stored")
            } catch {}
            do {
                try await store.finishScan(id + 100, status: .complete, at: t0, failure: nil)
                XCTFail("\(name): finished a scan that does not exist")
            } catch { XCTAssertEqual(error as? StoreError, .noSuchScan(id + 100), name) }
        }
    }

    func testScansListNewestFirstPerClientAndSite() async throws {
        try await eachStore { name, store in
            let older = try await store.beginScan(scan("acme", site: "hq", at: 0))
            let newer = try await store.beginScan(scan("acme", site: "depot", at: 60))
            let other = try await store.beginScan(scan("globex", site: "hq", at: 30))
            try await expectEqual(await store.scans(client: nil, site: nil).compactMap(\.id), [newer, other, older], name)
            try await expectEqual(await store.scans(client: "acme", site: nil).compactMap(\.id), [newer, older], name)
            try await expectEqual(await store.scans(client: "acme", site: "depot").compactMap(\.id), [newer], name)
            try await expectEqual(await store.scans(client: "initech", site: nil).count, 0, name)
        }
    }

    func testSecretsAreNeverStoredAsScanOptions() async throws {
        try await eachStore { name, store in
            do {
                _ = try await store.beginScan(scan(options: ["snmp_community": "s3cret"]))
                XCTFail("\(name): stored a community")
            } catch { XCTAssertEqual(error as? StoreError, .secretInOptions(key: "snmp_community"), name) }
            for key in ["snmp_v3_authpass", "api_key", "PrivPassphrase", "credential"] {
                do {
                    _ = try await store.beginScan(scan(options: [key: "s3cret"]))
                    XCTFail("\(name): stored \(key)")
                } catch { XCTAssertEqual(error as? StoreError, .secretInOptions(key: key), name) }
            }
            try await expectEqual(await store.scans(client: nil, site: nil).count, 0, name)
            // The options Census writes itself are no secrets.
            _ = try await store.beginScan(scan(options: ["passive_seconds": "30", "rate": "500", "exclude": "198.18.0.1"]))
        }
    }

    func testObservationsMergeAndCountAndConflictsGainMACs() async throws {
        try await eachStore { name, store in
            let id = try await store.beginScan(scan())
            try await store.record([host(1, mac: 0x0000_0C00_0001), host(2, mac: 0x0000_0C00_0002)],
                                   conflicts: [AddressConflict(ip: IPv4Address(198, 18, 0, 2), macs: [MACAddress(2), MACAddress(3)])], scanId: id)
            try await store.record([host(1, mac: 0x0000_0C00_0001, [.snmp], at: 9)],
                                   conflicts: [AddressConflict(ip: IPv4Address(198, 18, 0, 2), macs: [MACAddress(4)])], scanId: id)
            let hosts = try await store.observations(scanId: id)
            XCTAssertEqual(hosts.count, 2, name)
            XCTAssertEqual(hosts[0].seenBy, [.arpSweep, .snmp], name)
            XCTAssertEqual(hosts[0].lastSeen, t0.addingTimeInterval(9), name)
            try await expectEqual(await store.scan(id)?.hostCount, 2, name)
            try await expectEqual(await store.conflicts(scanId: id).first?.macs, [MACAddress(2), MACAddress(3), MACAddress(4)], name)
            do {
                _ = try await store.observations(scanId: id + 1)
                XCTFail("\(name): read hosts of a missing scan")
            } catch { XCTAssertEqual(error as? StoreError, .noSuchScan(id + 1), name) }
        }
    }

    func testFactsNeverLoseACompleteAnswerAndSummariesComeWithThem() async throws {
        try await eachStore { name, store in
            let id = try await store.beginScan(scan())
            let ip = IPv4Address(198, 18, 0, 3)
            let complete = DeviceFacts(ip: ip, credential: "v2c", collectedAt: t0, sections: [
                "system": .init(varBinds: [VarBind(oid: "1.3.6.1.2.1.1.5.0", value: .octets(Array("core-sw".utf8))),
                                           VarBind(oid: "1.3.6.1.2.1.1.1.0", value: .octets(Array("Cisco IOS Software".utf8)))]),
                "interfaces": .init(varBinds: [VarBind(oid: "1.3.6.1.2.1.2.2.1.6.1", value: .octets([0, 0x1b, 0x21, 0, 0, 1])),
                                               VarBind(oid: "1.3.6.1.2.1.2.2.1.6.2", value: .octets([0, 0x1b, 0x21, 0, 0, 2]))]),
            ])
            try await store.recordFacts(complete, mac: MACAddress(0x001b_2100_0001), scanId: id)
            var partial = complete
            partial.credential = "v3:monitor:authPriv"
            partial.sections["interfaces"] = .init(varBinds: [], truncation: "timeout")
            try await store.recordFacts(partial, mac: nil, scanId: id)
            let stored = try await store.facts(scanId: id)
            XCTAssertEqual(stored.count, 1, name)
            XCTAssertEqual(stored[0].sections["interfaces"]?.varBinds.count, 2, "\(name): a partial answer blanked a complete one")
            let summary = try await store.factSummaries(scanId: id)
            XCTAssertEqual(summary.first?.sysName, "core-sw", name)
            XCTAssertEqual(summary.first?.sysDescr, "Cisco IOS Software", name)
            XCTAssertEqual(summary.first?.interfaceMACs, [MACAddress(0x001b_2100_0001), MACAddress(0x001b_2100_0002)], name)
            XCTAssertEqual(summary.first?.credential, "v3:monitor:authPriv", name)
        }
    }

    func testTheLastWorkingCredentialIsRememberedPerClientAndSite() async throws {
        try await eachStore { name, store in
            let ip = IPv4Address(198, 18, 0, 3)
            let a = try await store.beginScan(scan("acme", site: "hq"))
            try await store.recordFacts(DeviceFacts(ip: ip, credential: "v3:monitor:authPriv", collectedAt: t0), mac: nil, scanId: a)
            let b = try await store.beginScan(scan("globex", site: "hq", at: 10))
            try await store.recordFacts(DeviceFacts(ip: ip, credential: "v2c", collectedAt: t0.addingTimeInterval(10)), mac: nil, scanId: b)
            try await expectEqual(await store.lastCredential(ip: ip, client: "acme", site: "hq"), "v3:monitor:authPriv", name)
            try await expectEqual(await store.lastCredential(ip: ip, client: "globex", site: "hq"), "v2c", name)
            try await expectNil(await store.lastCredential(ip: ip, client: "acme", site: "depot"), name)
        }
    }

    func testLearntHostsAndIdentificationsAreReplacedNotDuplicated() async throws {
        try await eachStore { name, store in
            let id = try await store.beginScan(scan())
            let via = IPv4Address(198, 18, 0, 1)
            try await store.recordLearnt([LearntHost(ip: nil, mac: MACAddress(7), source: .switchPort, via: via, ifIndex: nil, port: "3")], scanId: id)
            try await store.recordLearnt([LearntHost(ip: IPv4Address(10, 0, 0, 7), mac: MACAddress(7), source: .switchPort, via: via, ifIndex: 10103, port: nil)], scanId: id)
            let learnt = try await store.learntHosts(scanId: id)
            XCTAssertEqual(learnt.count, 1, name)
            XCTAssertEqual(learnt.first?.port, "3", name)
            XCTAssertEqual(learnt.first?.ifIndex, 10103, name)
            let ip = IPv4Address(198, 18, 0, 3)
            try await store.recordIdentifications([(ip, Identification(vendor: "Cisco", class: .switch))], scanId: id, at: t0)
            let second = Identification(vendor: "Cisco", class: .router, matches: [.init(rule: "user", fields: ["class"])])
            try await store.recordIdentifications([(ip, second)], scanId: id, at: t0)
            try await expectEqual(await store.identifications(scanId: id), [ip: second], name)
        }
    }

    func testRepeatsWithinOneCallMergeAsIfCalledInTurn() async throws {
        try await eachStore { name, store in
            let id = try await store.beginScan(scan())
            let via = IPv4Address(198, 18, 0, 1)
            try await store.recordLearnt([LearntHost(ip: nil, mac: MACAddress(7), source: .switchPort, via: via, ifIndex: nil, port: "3"),
                                          LearntHost(ip: IPv4Address(10, 0, 0, 7), mac: MACAddress(7), source: .switchPort, via: via, ifIndex: 10103, port: nil),
                                          LearntHost(ip: nil, mac: MACAddress(8), source: .routerARP, via: via)], scanId: id)
            let learnt = try await store.learntHosts(scanId: id).sorted { $0.mac < $1.mac }
            XCTAssertEqual(learnt.map(\.mac), [MACAddress(7), MACAddress(8)], name)
            XCTAssertEqual(learnt.first?.port, "3", name)
            XCTAssertEqual(learnt.first?.ifIndex, 10103, name)
            XCTAssertEqual(learnt.first?.ip, IPv4Address(10, 0, 0, 7), name)
            let ip = IPv4Address(198, 18, 0, 3)
            let second = Identification(vendor: "Cisco", class: .router)
            try await store.recordIdentifications([(ip, Identification(vendor: "HP", class: .printer)), (ip, second)], scanId: id, at: t0)
            try await expectEqual(await store.identifications(scanId: id), [ip: second], name)
            try await store.record([host(1, mac: 1), host(1, mac: 1, [.snmp], at: 5)], conflicts: [], scanId: id)
            let hosts = try await store.observations(scanId: id)
            XCTAssertEqual(hosts.count, 1, name)
            XCTAssertEqual(hosts.first?.seenBy, [.arpSweep, .snmp], name)
        }
    }

    private static func sighting(_ scanId: Int64, _ last: UInt8, device: Int64? = nil, group: Int? = 0, keys: [String], at offset: TimeInterval = 1,
                          site: String? = "hq", mac: MACAddress? = nil) -> SightingToStore {
        SightingToStore(device: device, newGroup: device == nil ? group : nil, scanId: scanId, site: site, ip: IPv4Address(198, 18, 0, last),
                        mac: mac, score: 100, reason: "test", seenAt: Self.t0.addingTimeInterval(offset), keys: keys)
    }

    func testFilingCreatesDevicesKeysNeverChangeOwnerAndRefilingReplaces() async throws {
        try await eachStore { name, store in
            let s1 = try await store.beginScan(scan())
            let ids = try await store.fileSightings(client: "acme") { known in
                XCTAssertTrue(known.isEmpty, name)
                return [Self.sighting(s1, 1, group: 0, keys: ["mac:00:1b:21:00:00:01"]),
                        Self.sighting(s1, 2, group: 0, keys: ["serial:cisco:FOC1"]),
                        Self.sighting(s1, 3, group: 1, keys: ["mac:00:1b:21:00:00:03"])]
            }
            XCTAssertEqual(ids[0], ids[1], "\(name): one new group is one device")
            XCTAssertNotEqual(ids[0], ids[2], name)
            let devices = try await store.devices(client: "acme")
            XCTAssertEqual(devices.map(\.keys), [["mac:00:1b:21:00:00:01", "serial:cisco:FOC1"], ["mac:00:1b:21:00:00:03"]], name)
            // A later scan: the known devices are handed to the resolver; a key offered for another device stays put.
            let s2 = try await store.beginScan(scan(at: 100))
            try await store.fileSightings(client: "acme") { known in
                XCTAssertEqual(known.map(\.id), ids.uniqued(), name)
                return [Self.sighting(s2, 9, device: ids[2], keys: ["mac:00:1b:21:00:00:03", "mac:00:1b:21:00:00:01"], at: 200)]
            }
            let after = try await store.devices(client: "acme")
            XCTAssertEqual(after.first { $0.id == ids[0] }?.keys.contains("mac:00:1b:21:00:00:01"), true, "\(name): a key changed owner")
            XCTAssertEqual(after.first { $0.id == ids[2] }?.lastSeen, t0.addingTimeInterval(200), name)
            // Filing the same scan again replaces its sightings.
            try await store.fileSightings(client: "acme") { _ in [Self.sighting(s2, 9, device: ids[2], keys: [], at: 300)] }
            let s2Sightings = try await store.sightings(client: "acme", scans: [s2])
            XCTAssertEqual(s2Sightings.count, 1, name)
            XCTAssertEqual(s2Sightings.first?.seenAt, t0.addingTimeInterval(300), name)
            try await expectEqual(await store.sightings(client: "acme", scans: nil).count, 4, name)
        }
    }

    func testDevicesComeInPagesByIDWithTheirOwnSightingsOnly() async throws {
        try await eachStore { name, store in
            let a = try await store.beginScan(scan("acme"))
            let b = try await store.beginScan(scan("globex"))
            var acme: [Int64] = []
            for last in UInt8(1)...3 {
                acme += try await store.fileSightings(client: "acme") { _ in [Self.sighting(a, last, keys: ["mac:00:1b:21:00:00:0\(last)"])] }
                // globex's devices take the ids between acme's.
                _ = try await store.fileSightings(client: "globex") { _ in [Self.sighting(b, last, keys: ["mac:3c:d9:2b:00:00:0\(last)"])] }
            }
            try await expectEqual(await store.devices(client: "acme", after: nil, limit: 2).map(\.id), Array(acme.prefix(2)), name)
            try await expectEqual(await store.devices(client: "acme", after: acme[1], limit: 2).map(\.id), [acme[2]], name)
            try await expectTrue(await store.devices(client: "acme", after: acme[2], limit: 2).isEmpty, name)
            let page = try await store.devices(client: "acme", after: nil, limit: 2)
            XCTAssertEqual(page.map(\.keys), [["mac:00:1b:21:00:00:01"], ["mac:00:1b:21:00:00:02"]], "\(name): a page's devices keep their keys")
            let seen = try await store.sightings(client: "acme", devices: acme[0]...acme[2])
            XCTAssertEqual(seen.map(\.deviceId), acme, "\(name): the range's sightings, none of globex's between")
        }
    }

    func testClientsAreSealedFromEachOther() async throws {
        try await eachStore { name, store in
            let a = try await store.beginScan(scan("acme"))
            let b = try await store.beginScan(scan("globex"))
            let acme = try await store.fileSightings(client: "acme") { _ in [Self.sighting(a, 1, keys: ["mac:00:1b:21:00:00:01"])] }
            let globex = try await store.fileSightings(client: "globex") { known in
                XCTAssertTrue(known.isEmpty, "\(name): globex was shown acme's devices")
                return [Self.sighting(b, 1, keys: ["mac:00:1b:21:00:00:01"])]
            }
            XCTAssertNotEqual(acme, globex, name)
            try await expectEqual(await store.devices(client: "acme").map(\.id), acme, name)
            try await expectEqual(await store.sightings(client: "globex", scans: nil).map(\.deviceId), globex, name)
            try await expectTrue(await store.sightings(client: "globex", scans: [a]).isEmpty, name)
            do {
                try await store.fileSightings(client: "globex") { _ in [Self.sighting(b, 2, device: acme[0], keys: [])] }
                XCTFail("\(name): filed a sighting under another client's device")
            } catch {}
            do {
                try await store.mergeDevices(client: "globex", into: globex[0], from: acme[0], at: t0)
                XCTFail("\(name): merged another client's device")
            } catch {}
            try await expectEqual(await store.devices(client: "acme").count, 1, name)
        }
    }

    func testMergeAndSplitMoveKeysAndSightingsAndAreWrittenDown() async throws {
        try await eachStore { name, store in
            let s = try await store.beginScan(scan())
            let ids = try await store.fileSightings(client: "acme") { _ in
                [Self.sighting(s, 1, group: 0, keys: ["mac:00:1b:21:00:00:01"], mac: MACAddress("00:1b:21:00:00:01")),
                 Self.sighting(s, 2, group: 1, keys: ["mac:00:1b:21:00:00:02"], mac: MACAddress("00:1b:21:00:00:02"))]
            }
            try await store.mergeDevices(client: "acme", into: ids[0], from: ids[1], at: t0)
            let merged = try await store.devices(client: "acme")
            XCTAssertEqual(merged.count, 1, name)
            XCTAssertEqual(merged[0].keys, ["mac:00:1b:21:00:00:01", "mac:00:1b:21:00:00:02"], name)
            XCTAssertEqual(merged[0].decision, "merged by hand with device \(ids[1]) on 2027-01-15", name)
            let owners = Set(try await store.sightings(client: "acme", scans: nil).map(\.deviceId))
            XCTAssertEqual(owners, [ids[0]], name)
            let new = try await store.splitDevice(client: "acme", device: ids[0], keys: ["mac:00:1b:21:00:00:02"], at: t0)
            let split = try await store.devices(client: "acme")
            XCTAssertEqual(split.map(\.id), [ids[0], new], name)
            XCTAssertEqual(split[1].keys, ["mac:00:1b:21:00:00:02"], name)
            XCTAssertTrue(split[1].decision?.hasPrefix("split by hand from device \(ids[0])") ?? false, name)
            do {
                _ = try await store.splitDevice(client: "acme", device: ids[0], keys: ["mac:00:1b:21:00:00:01"], at: t0)
                XCTFail("\(name): split every key off a device")
            } catch {}
            // Refused, and nothing changed: a device merged into itself (which once deleted it), a
            // key that none of the device's sightings came through (the new device would be empty).
            do {
                try await store.mergeDevices(client: "acme", into: ids[0], from: ids[0], at: t0)
                XCTFail("\(name): merged a device into itself")
            } catch let error as StoreError {
                XCTAssertTrue(error.isUsage, "\(name): \(error)")
            }
            let t = try await store.beginScan(scan())
            let third = try await store.fileSightings(client: "acme") { _ in
                [Self.sighting(t, 3, group: 0, keys: ["mac:00:1b:21:00:00:03", "serial:cisco:FOC123"], mac: MACAddress("00:1b:21:00:00:03"))]
            }
            do {
                _ = try await store.splitDevice(client: "acme", device: third[0], keys: ["serial:cisco:FOC123"], at: t0)
                XCTFail("\(name): split off a key no sighting came through")
            } catch let error as StoreError {
                XCTAssertTrue(error.isUsage && error.description.contains("nothing to show"), "\(name): \(error)")
            }
            try await expectEqual(await store.devices(client: "acme").map(\.id), [ids[0], new, third[0]], name)
            try await expectEqual(await store.devices(client: "acme").last?.keys, ["mac:00:1b:21:00:00:03", "serial:cisco:FOC123"], name)
        }
    }

    private func bundle(client: String = "acme") -> ScanBundle {
        var record = scan(client)
        record.status = .complete
        record.finishedAt = t0.addingTimeInterval(30)
        return ScanBundle(exportedAt: t0.addingTimeInterval(60), scan: record, observations: [host(3, mac: 0x001b_2100_0003)], conflicts: [],
                          facts: [DeviceFacts(ip: IPv4Address(198, 18, 0, 3), credential: "v2c", collectedAt: t0)], learnt: [],
                          identifications: [IPv4Address(198, 18, 0, 3): Identification(vendor: "Cisco", class: .switch)], decisions: [])
    }

    func testABundleImportsOnceByItsUUIDWithItsDevices() async throws {
        try await eachStore { name, store in
            let b = bundle()
            let first = try await store.importBundle(b) { scanId in { _ in [Self.sighting(scanId, 3, keys: ["mac:00:1b:21:00:00:03"])] } }
            XCTAssertTrue(first.isNew, name)
            let again = try await store.importBundle(b) { _ in { _ in XCTFail("\(name): resolved a bundle already imported"); return [] } }
            XCTAssertEqual(again.scanId, first.scanId, name)
            XCTAssertFalse(again.isNew, name)
            let stored = try await store.scan(first.scanId)
            XCTAssertEqual(stored?.status, .complete, name)
            XCTAssertEqual(stored?.uuid, b.scan.uuid, name)
            try await expectEqual(await store.observations(scanId: first.scanId).count, 1, name)
            try await expectEqual(await store.identifications(scanId: first.scanId).count, 1, name)
            try await expectEqual(await store.devices(client: "acme").count, 1, name)
            try await expectEqual(await store.scans(client: nil, site: nil).count, 1, name)
        }
    }

    func testAFailedImportLeavesNothingBehindAndCanBeRetried() async throws {
        struct Boom: Error {}
        try await eachStore { name, store in
            let b = bundle()
            do {
                _ = try await store.importBundle(b) { _ in { _ in throw Boom() } }
                XCTFail("\(name): the import did not fail")
            } catch {}
            try await expectEqual(await store.scans(client: nil, site: nil).count, 0, "\(name): a failed import left a scan")
            try await expectNil(await store.scan(uuid: b.scan.uuid), name)
            let retry = try await store.importBundle(b) { scanId in { _ in [Self.sighting(scanId, 3, keys: ["mac:00:1b:21:00:00:03"])] } }
            XCTAssertTrue(retry.isNew, "\(name): the bundle could not be imported after a failure")
        }
    }
}

func expectEqual<T: Equatable>(_ value: @autoclosure () async throws -> T, _ expected: T, _ message: String = "",
                                file: StaticString = #filePath, line: UInt = #line) async rethrows {
    let actual = try await value()
    XCTAssertEqual(actual, expected, message, file: file, line: line)
}

func expectNil<T>(_ value: @autoclosure () async throws -> T?, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) async rethrows {
    let actual = try await value()
    XCTAssertNil(actual, message, file: file, line: line)
}

func expectTrue(_ value: @autoclosure () async throws -> Bool, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) async rethrows {
    let actual = try await value()
    XCTAssertTrue(actual, message, file: file, line: line)
}

private extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
