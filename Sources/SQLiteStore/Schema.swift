import CensusCore
import DeviceModel
import Foundation
import GRDB
import SNMPModel

/// The database schema, as an ordered list of migrations.
///
/// A migration, once released, is never edited: later changes are new migrations appended to
/// `migrator`, named `v<N>-<what-it-does>`. Migrations spell out literal values (status names)
/// rather than reading Swift enums, so that they keep meaning what they meant when written.
enum Schema {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-scans-observations", migrate: createScansAndObservations)
        migrator.registerMigration("v2-device-facts-learnt-hosts", migrate: createDeviceFactsAndLearntHosts)
        migrator.registerMigration("v3-identification", migrate: createIdentification)
        migrator.registerMigration("v4-devices", migrate: createDevices)
        migrator.registerMigration("v5-scan-uuid-client-failure-fact-summaries", migrate: addUUIDsClientsFailuresSummaries)
        migrator.registerMigration("v6-lifecycle-products", migrate: createLifecycleProducts)
        migrator.registerMigration("v7-scan-owner", migrate: addScanOwners)
        migrator.registerMigration("v8-outbox", migrate: createOutbox)
        return migrator
    }()

    private static func createScansAndObservations(_ db: Database) throws {
        try db.create(table: "scan") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("client", .text)
            t.column("site", .text)
            t.column("interface", .text).notNull()
            t.column("ranges", .jsonText).notNull()
            t.column("options", .jsonText).notNull()
            t.column("startedAt", .datetime).notNull()
            t.column("finishedAt", .datetime)
            t.column("status", .text).notNull().check { ["running", "complete", "partial", "failed"].contains($0) }
            t.column("hostCount", .integer).notNull().defaults(to: 0)
        }
        try db.create(index: "scan_on_client_site", on: "scan", columns: ["client", "site"])

        try db.create(table: "observation") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("scanId", .integer).notNull().references("scan", onDelete: .cascade)
            t.column("ip", .text).notNull()
            t.column("mac", .text).notNull()
            t.column("vendor", .text)
            t.column("seenBy", .text).notNull()
            t.column("firstSeen", .datetime).notNull()
            t.column("lastSeen", .datetime).notNull()
            t.column("responseTimeMs", .double)
            t.uniqueKey(["scanId", "ip", "mac"])
        }
        try db.create(index: "observation_on_mac", on: "observation", columns: ["mac"])
        try db.create(index: "observation_on_ip", on: "observation", columns: ["ip"])

        try db.create(table: "conflict") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("scanId", .integer).notNull().references("scan", onDelete: .cascade)
            t.column("ip", .text).notNull()
            t.column("macs", .text).notNull()
            t.uniqueKey(["scanId", "ip"])
        }
    }

    private static func createDeviceFactsAndLearntHosts(_ db: Database) throws {
        // The raw SNMP answers of one device in one scan, as JSON, so identification can be
        // re-run without rescanning. Never holds a credential's secret, only its label.
        try db.create(table: "device_facts") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("scanId", .integer).notNull().references("scan", onDelete: .cascade)
            t.column("ip", .text).notNull()
            t.column("mac", .text)
            t.column("credential", .text).notNull()
            t.column("complete", .boolean).notNull()
            t.column("collectedAt", .datetime).notNull()
            t.column("facts", .jsonText).notNull()
            t.uniqueKey(["scanId", "ip"])
        }
        try db.create(index: "device_facts_on_ip", on: "device_facts", columns: ["ip"])

        // Hosts other devices told us about: router ARP caches and switch forwarding tables.
        try db.create(table: "learnt_host") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("scanId", .integer).notNull().references("scan", onDelete: .cascade)
            t.column("ip", .text)
            t.column("mac", .text).notNull()
            t.column("source", .text).notNull()
            t.column("via", .text).notNull()
            t.column("ifIndex", .integer)
            t.column("port", .text)
            t.uniqueKey(["scanId", "mac", "source", "via"])
        }
    }

    private static func createIdentification(_ db: Database) throws {
        // What the catalog made of a device's facts in a scan, with the rules that decided it.
        // Re-written by `census reidentify` after a catalog change.
        try db.create(table: "identification") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("scanId", .integer).notNull().references("scan", onDelete: .cascade)
            t.column("ip", .text).notNull()
            t.column("vendor", .text)
            t.column("model", .text)
            t.column("class", .text).notNull()
            t.column("serial", .text)
            t.column("os", .text)
            t.column("version", .text)
            t.column("family", .text)
            t.column("matches", .jsonText).notNull()
            t.column("identifiedAt", .datetime).notNull()
            t.uniqueKey(["scanId", "ip"])
        }
    }

    private static func createDevices(_ db: Database) throws {
        // One row per physical device of a client, across scans, sites and address changes.
        try db.create(table: "device") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("client", .text).notNull()
            t.column("firstSeen", .datetime).notNull()
            t.column("lastSeen", .datetime).notNull()
            t.column("reason", .text).notNull()
            // A person's merge or split, in words (kept with the device; the moved keys make it stick).
            t.column("decision", .text)
        }
        try db.create(index: "device_on_client", on: "device", columns: ["client"])
        // The keys that say "this device" (serial, MACs, name with model); one owner each per client.
        try db.create(table: "device_key") { t in
            t.column("client", .text).notNull()
            t.column("key", .text).notNull()
            t.column("deviceId", .integer).notNull().references("device", onDelete: .cascade)
            t.primaryKey(["client", "key"])
        }
        // Each time a scan saw the device: where, as what address, why it was taken for it.
        try db.create(table: "device_sighting") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("deviceId", .integer).notNull().references("device", onDelete: .cascade)
            t.column("scanId", .integer).notNull().references("scan", onDelete: .cascade)
            t.column("site", .text)
            t.column("ip", .text).notNull()
            t.column("mac", .text)
            t.column("score", .integer).notNull()
            t.column("reason", .text).notNull()
            t.column("seenAt", .datetime).notNull()
            t.uniqueKey(["scanId", "ip", "mac"])
        }
        try db.create(index: "device_sighting_on_device", on: "device_sighting", columns: ["deviceId"])
    }

    private static func addUUIDsClientsFailuresSummaries(_ db: Database) throws {
        // Every scan has a UUID (bundles and the server recognise it by that) and a client:
        // scans filed under none belong to the client "default", as their devices already did.
        try db.alter(table: "scan") { t in
            t.add(column: "uuid", .text)
            t.add(column: "failure", .text)
        }
        for id in try Int64.fetchAll(db, sql: "SELECT id FROM scan") {
            try db.execute(sql: "UPDATE scan SET uuid = ? WHERE id = ?", arguments: [UUID().uuidString.lowercased(), id])
        }
        try db.execute(sql: "UPDATE scan SET client = 'default' WHERE client IS NULL")
        try db.create(index: "scan_on_uuid", on: "scan", columns: ["uuid"], options: .unique)
        // The readings device views show, beside the raw facts.
        try db.alter(table: "device_facts") { t in
            t.add(column: "sysName", .text)
            t.add(column: "sysDescr", .text)
            t.add(column: "sysObjectID", .text)
            t.add(column: "interfaceMACs", .text).notNull().defaults(to: "")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        for row in try Row.fetchAll(db, sql: "SELECT id, facts FROM device_facts") {
            guard let facts = try? decoder.decode(DeviceFacts.self, from: Data((row["facts"] as String).utf8)) else { continue }
            try db.execute(sql: "UPDATE device_facts SET sysName = ?, sysDescr = ?, sysObjectID = ?, interfaceMACs = ? WHERE id = ?",
                           arguments: [facts.sysName, facts.sysDescr, facts.sysObjectID?.description,
                                       facts.macs.map(\.description).joined(separator: " "), row["id"] as Int64])
        }
    }

    private static func createLifecycleProducts(_ db: Database) throws {
        // Software lifecycle data imported or fetched (endoflife.date's format), overriding the
        // snapshot shipped with Census, with the day it was fetched.
        try db.create(table: "lifecycle_product") { t in
            t.primaryKey("product", .text)
            t.column("cycles", .jsonText).notNull()
            t.column("fetchedAt", .text).notNull()
            t.column("origin", .text).notNull()
        }
    }

    private static func addScanOwners(_ db: Database) throws {
        // The process running a scan (id, machine, boot, start time), so a scan left `running`
        // by a process that stopped can be closed when a store is next opened.
        try db.alter(table: "scan") { t in
            t.add(column: "ownerPid", .integer)
            t.add(column: "ownerHost", .text)
            t.add(column: "ownerBoot", .text)
            t.add(column: "ownerStart", .text)
        }
    }

    private static func createOutbox(_ db: Database) throws {
        // What each central server has acknowledged of the local scans (`census push`): a scan
        // without a row acknowledged for a server is still to be sent there.
        try db.create(table: "outbox") { t in
            t.column("scanId", .integer).notNull().references("scan", onDelete: .cascade)
            t.column("server", .text).notNull()
            t.column("acknowledgedAt", .datetime)
            t.column("serverScanId", .integer)
            t.column("attempts", .integer).notNull().defaults(to: 0)
            t.column("lastError", .text)
            t.primaryKey(["scanId", "server"])
        }
    }
}
