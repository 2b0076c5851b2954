import CensusCore
import DeviceModel
import Foundation
import Inventory
import OutboundHTTP
import SQLiteStore

/// How hard to try one scan before giving up for this run: exponential backoff, bounded.
public struct RetryPolicy: Sendable {
    /// Tries per scan (the first included).
    public var attempts: Int
    public var initialDelay: Duration
    public var maxDelay: Duration

    public init(attempts: Int = 5, initialDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(8)) {
        self.attempts = max(1, attempts)
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
    }

    /// The wait before try `n + 1` (n ≥ 1): initial × 2^(n−1), at most `maxDelay`, ±20 % jitter.
    public func delay(after attempt: Int) -> Duration {
        let base = min(initialDelay.seconds, 1e6) * pow(2, Double(max(0, attempt - 1)))
        return .seconds(min(base, maxDelay.seconds) * Double.random(in: 0.8...1.2))
    }
}

/// What the server answered to one POST.
public struct HTTPAnswer: Sendable {
    public var status: Int
    public var body: Data
    public init(status: Int, body: Data) { self.status = status; self.body = body }
}

/// Sends one bundle. Over HTTP(S) by default (`HTTPPushTransport`); tests may substitute one.
public protocol PushTransport: Sendable {
    func post(_ url: URL, body: Data, token: String) async throws -> HTTPAnswer
}

public struct HTTPPushTransport: PushTransport {
    /// Time for one try, connecting and the whole answer included, before it fails (and is
    /// retried). Longer than the server's own bound on a database operation (120 s, then 503),
    /// so a server that is waiting for its database answers before the collector gives up.
    public var timeout: Duration

    public init(timeout: Duration = .seconds(150)) {
        self.timeout = timeout
    }

    public func post(_ url: URL, body: Data, token: String) async throws -> HTTPAnswer {
        let answer = try await OutboundHTTP.send("POST", url, headers: [("Content-Type", "application/json"), ("Authorization", "Bearer \(token)")],
                                                 body: body, timeout: timeout)
        return HTTPAnswer(status: answer.status, body: answer.body)
    }
}

/// Something that happened while pushing, for the front end to render.
public enum PushEvent: Sendable {
    case pushed(scanId: Int64, serverScanId: Int64, created: Bool)
    case retrying(scanId: Int64, attempt: Int, after: Duration, reason: String)
    case refused(scanId: Int64, reason: String)
}

/// How a push run ended.
public struct PushReport: Sendable {
    /// Scans the server now has: (local id, server id, created by this push).
    public var pushed: [(scanId: Int64, serverScanId: Int64, created: Bool)] = []
    /// Scans the server refused for good (bad bundle, another client, too large): (local id, why).
    public var refused: [(scanId: Int64, reason: String)] = []
    /// Why the run stopped early with scans left to send (server unreachable, token refused).
    public var stopped: String?
    /// The token itself was refused (401): no scan can be sent with it.
    public var unauthorized = false
    /// Scans still to send after this run.
    public var remaining: Int = 0

    public init() {}
}

/// The collector's side of the central server: sends every local scan the server has not
/// acknowledged, oldest first, each with bounded retries and exponential backoff. A run cut
/// off (server down, process killed) resumes with the next; the server is idempotent by scan
/// UUID, so a scan sent twice is stored once.
public struct Pusher: Sendable {
    public var store: SQLiteStore
    /// The server's base URL, as the outbox remembers it (no trailing slash).
    public var server: String
    public var token: String
    public var retry: RetryPolicy
    public var transport: any PushTransport

    public init(store: SQLiteStore, server: String, token: String, retry: RetryPolicy = RetryPolicy(),
                transport: any PushTransport = HTTPPushTransport()) throws(PushError) {
        guard let url = URL(string: server), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
            throw PushError("--server must be an http:// or https:// URL, not '\(server)'")
        }
        // The URL is printed and kept in the outbox: a password in it would be too.
        guard url.user == nil, url.password == nil else {
            throw PushError("--server must not carry a user or password (the token file is the credential): give \(scheme)://\(url.host!)\(url.port.map { ":\($0)" } ?? "")\(url.path)")
        }
        self.store = store
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
        self.token = token
        self.retry = retry
        self.transport = transport
    }

    var endpoint: URL { URL(string: server + "/api/v1/bundles")! }

    /// Scans not yet acknowledged by this server, oldest first; with `resend`, every finished
    /// scan (the server's database was restored from a backup and lost some: it stores each
    /// scan once, so those it has come back "already there").
    public func pending(resend: Bool = false) throws -> [OutboxEntry] {
        resend ? try store.outbox(server: server) : try store.outboxPending(server: server)
    }

    public func pushPending(resend: Bool = false, onEvent: @Sendable (PushEvent) -> Void = { _ in }) async throws -> PushReport {
        var report = PushReport()
        let queue = try pending(resend: resend)
        for (index, entry) in queue.enumerated() {
            let data = try await BundleExchange().export(scanId: entry.scanId, from: store, at: Date()).encoded()
            switch await send(data, scanId: entry.scanId, onEvent: onEvent) {
            case let .acknowledged(serverScanId, created):
                try store.outboxAcknowledged(scanId: entry.scanId, server: server, serverScanId: serverScanId, at: Date())
                report.pushed.append((entry.scanId, serverScanId, created))
                onEvent(.pushed(scanId: entry.scanId, serverScanId: serverScanId, created: created))
            case let .refused(reason):
                try store.outboxFailed(scanId: entry.scanId, server: server, error: reason)
                report.refused.append((entry.scanId, reason))
                onEvent(.refused(scanId: entry.scanId, reason: reason))
            case let .unauthorized(reason):
                try store.outboxFailed(scanId: entry.scanId, server: server, error: reason)
                report.unauthorized = true
                report.stopped = reason
                report.remaining = queue.count - index
                return report
            case let .unreachable(reason):
                try store.outboxFailed(scanId: entry.scanId, server: server, error: reason)
                report.stopped = reason
                report.remaining = queue.count - index
                return report
            }
        }
        report.remaining = report.refused.count
        return report
    }

    enum Outcome {
        case acknowledged(serverScanId: Int64, created: Bool)
        case refused(String)
        case unauthorized(String)
        case unreachable(String)
    }

    /// A transport failure as a sentence: what it means and what to check (the client library's
    /// own name for it, `remoteConnectionClosed`, says little to whoever runs a push).
    static func words(for error: any Error) -> String {
        let raw = "\(error)"
        let known: [(String, String)] = [
            ("CERTIFICATE_VERIFY_FAILED", "its TLS certificate is not trusted by this machine (a private CA must be in the system's trust store, e.g. /usr/local/share/ca-certificates and update-ca-certificates)"),
            ("remoteConnectionClosed", "the connection closed before the server answered (was it restarted or stopped?)"),
            ("Connection reset by peer", "the connection was reset (an https server asked over http?)"),
            ("connectTimeout", "no answer to the connection (a firewall, or the wrong address?)"),
            ("Connection refused", "connection refused (is the server running on that port?)"),
            ("connectionRefused", "connection refused (is the server running on that port?)"),
        ]
        return known.first { raw.contains($0.0) }?.1 ?? raw
    }

    /// One scan: retried on network failures, 5xx and 429; a 4xx is final.
    func send(_ data: Data, scanId: Int64, onEvent: @Sendable (PushEvent) -> Void) async -> Outcome {
        var lastReason = ""
        for attempt in 1...retry.attempts {
            if attempt > 1 {
                let wait = retry.delay(after: attempt - 1)
                onEvent(.retrying(scanId: scanId, attempt: attempt, after: wait, reason: lastReason))
                try? await Task.sleep(for: wait)
            }
            let answer: HTTPAnswer
            do {
                answer = try await transport.post(endpoint, body: data, token: token)
            } catch {
                lastReason = "cannot reach \(server): \(Self.words(for: error))"
                continue
            }
            let message = Self.errorMessage(answer.body)
            switch answer.status {
            case 200, 201:
                struct Receipt: Decodable { var scan_id: Int64 }
                guard let receipt = try? JSONDecoder().decode(Receipt.self, from: answer.body) else {
                    lastReason = "the server's answer was not understood"
                    continue
                }
                return .acknowledged(serverScanId: receipt.scan_id, created: answer.status == 201)
            case 401:
                return .unauthorized("the server refused the token (401\(message.map { ": " + $0 } ?? ""))")
            case 403 where message?.hasPrefix(Self.notACollector) ?? false:
                // A reader's or admin's token: no scan would go, whichever is sent.
                return .unauthorized("the server refused the token (403: \(message!))")
            case 404:
                return .refused("server answered 404 for \(endpoint.absoluteString): is --server the server's base URL (no /api/v1)?")
            case 429, 500...599:
                lastReason = "server answered \(answer.status)\(message.map { ": " + $0 } ?? "")"
            default:
                return .refused("server refused the scan (\(answer.status)\(message.map { ": " + $0 } ?? ""))")
            }
        }
        return .unreachable(lastReason + " (after \(retry.attempts) tries)")
    }

    /// How the server begins its 403 for a token that is not a collector's (CensusServer says so).
    static let notACollector = "this token may not push bundles"

    static func errorMessage(_ body: Data) -> String? {
        struct Failure: Decodable { var error: String }
        return (try? JSONDecoder().decode(Failure.self, from: body))?.error
    }
}

public struct PushError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Where a collector's token comes from: a file only its owner can read, else the environment.
public enum PushToken {
    public static func load(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(PushError) -> String {
        if let file {
            var info = stat()
            guard stat(file, &info) == 0 else { throw PushError("cannot read token file \(file)") }
            if info.st_mode & 0o077 != 0 {
                throw PushError("token file \(file) is accessible to others (mode \(String(info.st_mode & 0o777, radix: 8))); run: chmod 600 \(file)")
            }
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw PushError("cannot read token file \(file)") }
            let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw PushError("token file \(file) is empty") }
            return token
        }
        if let token = environment["CENSUS_SERVER_TOKEN"]?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty { return token }
        throw PushError("no token: give --token-file FILE (mode 600) or set CENSUS_SERVER_TOKEN")
    }
}
