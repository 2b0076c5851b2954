import CensusCore
import DeviceModel
import Foundation
import ScanPipeline
import SQLiteStore

/// How long a command waits for a database another process keeps locked before it gives up
/// (a scan's results then go to a recovery file): `CENSUS_DB_WAIT` seconds, default 30.
enum DatabaseWait {
    static let defaultSeconds = 30.0

    static var seconds: Double {
        guard let text = ProcessInfo.processInfo.environment["CENSUS_DB_WAIT"], let value = Double(text), value > 0 else { return defaultSeconds }
        return value
    }

    /// How long one write waits for the lock (the pipeline tries again until `seconds` have passed).
    static var busyTimeout: TimeInterval { min(10, seconds) }
}

/// Opens the SQLite store at `path`.
func openStore(_ path: String) throws -> SQLiteStore {
    do throws(StoreError) { return try SQLiteStore(path: path, busyTimeout: DatabaseWait.busyTimeout) } catch {
        throw CensusFailure(error.description)
    }
}

/// A scan as it ended: stored, or given back unstored (the database stayed locked) and kept in
/// a recovery bundle instead.
enum KeptScan: Sendable {
    case stored(ScanPipeline.Result)
    /// `file` is the recovery bundle, nil when it could not be written (`problem` says why).
    case unstored(UnstoredScan, file: String?, problem: String?)
}

/// Runs the scan so that what it finds is kept whatever happens: a signal stops it cleanly
/// (`cancellingOnInterrupt`), and a database that stays locked gets a recovery bundle, written
/// before the signal trap is released.
func runKeepingResults(_ pipeline: ScanPipeline, _ request: ScanPipeline.Request, database: String) async throws -> KeptScan {
    try await cancellingOnInterrupt {
        do {
            return .stored(try await pipeline.run(request, events: ProgressPrinter.show))
        } catch let unstored as UnstoredScan {
            do {
                return .unstored(unstored, file: try Recovery.write(unstored.bundle, database: database), problem: nil)
            } catch {
                return .unstored(unstored, file: nil, problem: "\(error)")
            }
        }
    }
}

/// Recovery bundles: scans the database could not take, kept where `census import` finds them.
enum Recovery {
    /// `$XDG_STATE_HOME/census/recovery` (default `~/.local/state/census/recovery`).
    static func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let state: String
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") {
            state = xdg
        } else {
            let home = UserPaths.home(environment: environment)
            state = URL(fileURLWithPath: home).appendingPathComponent(".local/state").path
        }
        return URL(fileURLWithPath: state).appendingPathComponent("census/recovery").path
    }

    /// Writes `bundle` to the recovery folder, else next to the database; returns its path.
    static func write(_ bundle: ScanBundle, database: String) throws -> String {
        let stamp = ISO8601DateFormatter.string(from: bundle.scan.startedAt, timeZone: TimeZone(identifier: "UTC")!,
                                                formatOptions: [.withYear, .withMonth, .withDay, .withTime])
        let client = String(bundle.scan.client.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
        let name = "scan-\(client)-\(stamp)-\(bundle.scan.uuid.uuidString.prefix(8).lowercased()).census"
        let data = try bundle.encoded()
        var problems: [String] = []
        for folder in [folder(), URL(fileURLWithPath: database).deletingLastPathComponent().path] {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try data.write(to: URL(fileURLWithPath: path), options: .atomic)
                return path
            } catch {
                problems.append("\(folder): \(error.localizedDescription)")
            }
        }
        throw CensusFailure("cannot write a recovery file (\(problems.joined(separator: "; ")))")
    }

    /// What the command says when a scan could not be stored.
    static func failure(_ unstored: UnstoredScan, file: String?, problem: String?, database: String) -> CensusFailure {
        let hosts = unstored.bundle.observations.count
        let head = "the database \(database) stayed locked by another process (waited \(Int(unstored.waited.seconds.rounded())) s): the \(hosts) host\(hosts == 1 ? "" : "s") found \(hosts == 1 ? "is" : "are") not stored there"
        guard let file else {
            return CensusFailure("\(head), and \(problem ?? "no recovery file could be written"); they are printed above")
        }
        return CensusFailure("\(head); they are kept in \(file): run `census import \(file) --db \(database)` once it is free")
    }
}
