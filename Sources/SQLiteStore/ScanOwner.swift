import DeviceModel
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process that runs a scan, recorded with it (migration v7-scan-owner), so a scan left
/// `running` by a process that has since stopped (killed, crashed, the machine restarted) can
/// be told from one still in progress.
struct ScanOwner: Equatable, Sendable {
    var pid: Int32
    /// The machine's host name, with the process-id namespace on Linux: a process of another
    /// machine (a database on a shared disk) or container cannot be checked from here.
    var host: String
    /// This boot of the machine (Linux: its boot id): a different one means a restart since.
    var boot: String?
    /// When the process started (Linux: clock ticks after boot), so a reused process id is not
    /// taken for the process that ran the scan.
    var start: String?

    /// This process.
    static let current = ScanOwner(pid: getpid(), host: currentHost(), boot: currentBoot(), start: startTime(of: getpid()))

    private static func currentHost() -> String {
        let name = ProcessInfo.processInfo.hostName
        #if os(Linux)
        if let namespace = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/pid") { return "\(name) \(namespace)" }
        #endif
        return name
    }

    /// Whether the process still runs: nil when it cannot be told from here.
    func isRunning(seenFrom here: ScanOwner = .current) -> Bool? {
        guard host == here.host else { return nil }
        if let boot, let now = here.boot, boot != now { return false }
        if kill(pid, 0) != 0 && errno == ESRCH { return false }
        if let start, let now = Self.startTime(of: pid), start != now { return false }
        return true
    }

    private static func currentBoot() -> String? {
        #if os(Linux)
        return (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #else
        var boottime = timeval()
        var size = MemoryLayout<timeval>.size
        guard sysctlbyname("kern.boottime", &boottime, &size, nil, 0) == 0 else { return nil }
        return "\(boottime.tv_sec).\(boottime.tv_usec)"
        #endif
    }

    /// Field 22 of /proc/PID/stat (after the command name, which may hold spaces).
    static func startTime(of pid: Int32) -> String? {
        #if os(Linux)
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is the state (field 3), so field 22 is fields[19].
        return fields.count > 19 ? String(fields[19]) : nil
        #else
        return nil
        #endif
    }
}

extension SQLiteStore {
    /// What a scan left behind by a process that stopped is marked with.
    static let stoppedProcessFailure = "the process that ran it stopped"
    /// A `running` scan that names no owner (written before owners were recorded) is taken
    /// for abandoned once it is this old.
    static let ownerlessScanLifetime: TimeInterval = 86_400

    static func recordOwner(_ owner: ScanOwner, ofScan id: Int64, in db: Database) throws {
        try db.execute(sql: "UPDATE scan SET ownerPid = ?, ownerHost = ?, ownerBoot = ?, ownerStart = ? WHERE id = ?",
                       arguments: [owner.pid, owner.host, owner.boot, owner.start, id])
    }

    /// Closes the `running` scans whose process is gone: `partial` when they stored hosts
    /// (kept), else `failed`, both saying the process stopped. Returns their ids. Reads first,
    /// so a store another process keeps locked is only written to when there is something to close.
    @discardableResult
    static func closeStaleScans(in writer: any DatabaseWriter, now: Date = Date()) throws -> [Int64] {
        let running = try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, startedAt, ownerPid, ownerHost, ownerBoot, ownerStart FROM scan WHERE status = 'running'")
        }
        let stale: [Int64] = running.compactMap { row in
            let id: Int64 = row["id"]
            guard let pid: Int32 = row["ownerPid"], let host: String = row["ownerHost"] else {
                let startedAt: Date? = row["startedAt"]
                return (startedAt.map { now.timeIntervalSince($0) > ownerlessScanLifetime } ?? true) ? id : nil
            }
            let owner = ScanOwner(pid: pid, host: host, boot: row["ownerBoot"], start: row["ownerStart"])
            return owner.isRunning() == false ? id : nil
        }
        guard !stale.isEmpty else { return [] }
        try writer.write { db in
            for id in stale {
                let hosts = try Int.fetchOne(db, sql: "SELECT count(*) FROM observation WHERE scanId = ?", arguments: [id]) ?? 0
                try db.execute(sql: """
                    UPDATE scan SET status = ?, failure = ?,
                        finishedAt = max(startedAt, coalesce((SELECT max(lastSeen) FROM observation WHERE scanId = scan.id), startedAt))
                    WHERE id = ? AND status = 'running'
                    """, arguments: [hosts > 0 ? ScanStatus.partial.rawValue : ScanStatus.failed.rawValue, stoppedProcessFailure, id])
            }
        }
        return stale
    }
}
