import CensusCore
import DeviceModel
import Foundation
import GRDB

extension SQLiteStore {
    /// Stores (or replaces) what identification made of a device in a scan.
    public func recordIdentification(_ identification: Identification, ip: IPv4Address, scanId: Int64,
                                     at date: Date = Date()) throws(StoreError) {
        try recordIdentifications([(ip, identification)], scanId: scanId, at: date)
    }

    /// Stores (or replaces) the identifications of several devices of a scan in one transaction.
    public func recordIdentifications(_ list: [(IPv4Address, Identification)], scanId: Int64, at date: Date = Date()) throws(StoreError) {
        try access("record identifications of scan \(scanId)") {
            try writer.write { db in try Self.recordIdentifications(list, scanId: scanId, at: date, in: db) }
        }
    }

    static func recordIdentifications(_ list: [(IPv4Address, Identification)], scanId: Int64, at date: Date, in db: Database) throws {
        _ = try requireScan(scanId, in: db)
        let statement = try db.cachedStatement(sql: """
            INSERT INTO identification (scanId, ip, vendor, model, class, serial, os, version, family, matches, identifiedAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(scanId, ip) DO UPDATE SET vendor = excluded.vendor, model = excluded.model, class = excluded.class,
                serial = excluded.serial, os = excluded.os, version = excluded.version, family = excluded.family,
                matches = excluded.matches, identifiedAt = excluded.identifiedAt
            """)
        for (ip, id) in list {
            let matches = String(decoding: try JSONEncoder().encode(id.matches), as: UTF8.self)
            try statement.execute(arguments: [scanId, ip.description, id.vendor, id.model, id.class.rawValue, id.serial,
                                              id.os, id.version, id.family, matches, date])
        }
    }

    /// The identifications of a scan's devices.
    public func identifications(scanId: Int64) throws(StoreError) -> [IPv4Address: Identification] {
        try access("read the identifications of scan \(scanId)") {
            try writer.read { db in
                var result: [IPv4Address: Identification] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT * FROM identification WHERE scanId = ?", arguments: [scanId]) {
                    guard let ip = IPv4Address(row["ip"] as String) else { continue }
                    let matches = try JSONDecoder().decode([Identification.Match].self, from: Data((row["matches"] as String).utf8))
                    result[ip] = Identification(vendor: row["vendor"], model: row["model"],
                                                class: DeviceClass(rawValue: row["class"]) ?? .unknown, serial: row["serial"],
                                                os: row["os"], version: row["version"], family: row["family"], matches: matches)
                }
                return result
            }
        }
    }
}
