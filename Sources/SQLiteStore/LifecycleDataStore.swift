import CensusCore
import DeviceModel
import Foundation
import GRDB

/// Software lifecycle data kept beside the scans: imported files and `census lifecycle update`
/// fetches, which override the data Census ships with.
extension SQLiteStore {
    /// One product's cycles as stored: the endoflife.date JSON, when and how it came.
    public struct LifecycleProductData: Sendable, Equatable {
        public var product: String
        public var cycles: Data
        public var fetchedAt: CalendarDate
        /// `imported FILE` or `fetched URL`.
        public var origin: String
        public init(product: String, cycles: Data, fetchedAt: CalendarDate, origin: String) {
            self.product = product
            self.cycles = cycles
            self.fetchedAt = fetchedAt
            self.origin = origin
        }
    }

    /// Stores (or replaces) a product's cycles.
    public func storeLifecycleProduct(_ data: LifecycleProductData) throws(StoreError) {
        try access("store lifecycle data of \(data.product)") {
            try writer.write { db in
                try db.execute(sql: """
                    INSERT INTO lifecycle_product (product, cycles, fetchedAt, origin) VALUES (?, ?, ?, ?)
                    ON CONFLICT(product) DO UPDATE SET cycles = excluded.cycles, fetchedAt = excluded.fetchedAt, origin = excluded.origin
                    """, arguments: [data.product, String(decoding: data.cycles, as: UTF8.self), data.fetchedAt.description, data.origin])
            }
        }
    }

    /// Every stored product, by name.
    public func lifecycleProducts() throws(StoreError) -> [LifecycleProductData] {
        try access("read lifecycle data") {
            try writer.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM lifecycle_product ORDER BY product").compactMap { row in
                    guard let day = CalendarDate(iso: row["fetchedAt"] as String) else { return nil }
                    return LifecycleProductData(product: row["product"], cycles: Data((row["cycles"] as String).utf8), fetchedAt: day, origin: row["origin"])
                }
            }
        }
    }
}
