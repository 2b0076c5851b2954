import DeviceModel
import Foundation
import GRDB

/// A local scan as the outbox sees it for one central server.
public struct OutboxEntry: Sendable, Equatable {
    public var scanId: Int64
    public var uuid: UUID
    public var client: String
    public var startedAt: Date
    public var acknowledgedAt: Date?
    public var serverScanId: Int64?
    public var attempts: Int
    public var lastError: String?
}

/// The collector's outbox: which scans each central server has acknowledged. Not part of
/// `InventoryStore` (only a collector's embedded store pushes).
extension SQLiteStore {
    /// Every finished scan (not `running`) the server has not acknowledged, oldest first.
    public func outboxPending(server: String) throws(StoreError) -> [OutboxEntry] {
        try outbox(server: server).filter { $0.acknowledgedAt == nil }
    }

    /// Every finished scan with what the server said of it, oldest first.
    public func outbox(server: String) throws(StoreError) -> [OutboxEntry] {
        try access("read the outbox") {
            try writer.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT s.id, s.uuid, s.client, s.startedAt, o.acknowledgedAt, o.serverScanId, coalesce(o.attempts, 0) AS attempts, o.lastError
                    FROM scan s LEFT JOIN outbox o ON o.scanId = s.id AND o.server = ?
                    WHERE s.status != 'running' ORDER BY s.startedAt, s.id
                    """, arguments: [server]).compactMap { row in
                    guard let uuid = UUID(uuidString: row["uuid"] as String) else { return nil }
                    return OutboxEntry(scanId: row["id"], uuid: uuid, client: row["client"], startedAt: row["startedAt"],
                                       acknowledgedAt: row["acknowledgedAt"], serverScanId: row["serverScanId"],
                                       attempts: row["attempts"], lastError: row["lastError"])
                }
            }
        }
    }

    /// Counts a failed attempt to send a scan, with why.
    public func outboxFailed(scanId: Int64, server: String, error: String) throws(StoreError) {
        try access("update the outbox") {
            try writer.write { db in
                try db.execute(sql: """
                    INSERT INTO outbox (scanId, server, attempts, lastError) VALUES (?, ?, 1, ?)
                    ON CONFLICT(scanId, server) DO UPDATE SET attempts = attempts + 1, lastError = excluded.lastError
                    """, arguments: [scanId, server, error])
            }
        }
    }

    /// The server has the scan (as its scan `serverScanId`).
    public func outboxAcknowledged(scanId: Int64, server: String, serverScanId: Int64, at date: Date) throws(StoreError) {
        try access("update the outbox") {
            try writer.write { db in
                try db.execute(sql: """
                    INSERT INTO outbox (scanId, server, acknowledgedAt, serverScanId, attempts) VALUES (?, ?, ?, ?, 1)
                    ON CONFLICT(scanId, server) DO UPDATE SET acknowledgedAt = excluded.acknowledgedAt,
                        serverScanId = excluded.serverScanId, attempts = attempts + 1, lastError = NULL
                    """, arguments: [scanId, server, date, serverScanId])
            }
        }
    }
}
