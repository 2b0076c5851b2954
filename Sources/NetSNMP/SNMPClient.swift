import CensusCore
import Foundation

/// Talks SNMP to many devices at once from one event-loop thread (net-snmp underneath).
///
/// Create one per process and open a session per device; sessions are cheap. Every request
/// is bounded by the session's timeout and retries, so a silent agent costs at most that.
public final class SNMPClient: Sendable {
    private let loop = SNMPEventLoop()

    public init() {}

    /// Opens a session to `host` (IPv4 address or name). v1/v2c opening is local and instant;
    /// v3 first discovers the agent's engine ID (one exchange, bounded by timeout and retries,
    /// run on the event loop so other sessions go on meanwhile).
    public func open(host: String, port: UInt16 = 161, credential: SNMPCredential,
                     timeout: Duration = .seconds(1), retries: Int = 1) async throws(SNMPError) -> SNMPSession {
        let spec = SNMPEventLoop.SessionSpec(host: host, port: port, credential: credential, timeout: timeout, retries: retries)
        do {
            let id = try await withCheckedThrowingContinuation { loop.submit(.open(spec, $0)) }
            return SNMPSession(id: id, target: spec.target, credential: credential, loop: loop)
        } catch let error as SNMPError {
            throw error
        } catch {
            throw .openFailed(target: spec.target, reason: "\(error)")
        }
    }
}

/// Why a table walk stopped before the end of its subtree.
public enum WalkTruncation: Sendable, Equatable, CustomStringConvertible {
    /// The row cap was reached.
    case rowLimit(Int)
    /// The agent answered with an OID not after the previous one (a looping table).
    case nonIncreasing(previous: OID, returned: OID)
    /// The device's time budget ran out.
    case budget
    /// A request failed mid-walk (timeout or agent error); rows before it are kept.
    case failed(SNMPError)

    public var description: String {
        switch self {
        case .rowLimit(let n): "stopped at the \(n)-row cap"
        case let .nonIncreasing(previous, returned): "agent returned \(returned) after \(previous) (not increasing); walk stopped"
        case .budget: "time budget used up"
        case .failed(let error): error.description
        }
    }
}

/// The rows of a walk and, if it stopped early, why.
public struct WalkResult: Sendable {
    public var varBinds: [VarBind]
    public var truncation: WalkTruncation?
}

/// A conversation with one agent. Close it when done (or let it go: it closes on deinit).
public final class SNMPSession: Sendable {
    public let target: String
    /// The credential in use (its description hides the secret).
    public let credential: SNMPCredential
    private let id: Int
    private let loop: SNMPEventLoop

    init(id: Int, target: String, credential: SNMPCredential, loop: SNMPEventLoop) {
        self.id = id
        self.target = target
        self.credential = credential
        self.loop = loop
    }

    deinit { loop.submit(.close(session: id)) }

    private var isV1: Bool { if case .v1 = credential { true } else { false } }

    private func request(_ kind: SNMPEventLoop.PDUKind, _ oids: [OID]) async throws(SNMPError) -> [VarBind] {
        if Task.isCancelled { throw .cancelled }
        do {
            return try await withCheckedThrowingContinuation { continuation in
                loop.submit(.send(session: id, .init(kind: kind, oids: oids), continuation))
            }
        } catch let error as SNMPError {
            throw error
        } catch {
            throw .sendFailed(target: target, reason: "\(error)")
        }
    }

    /// GET of the given objects. Missing ones come back as `noSuchObject`/`noSuchInstance`
    /// (SNMPv1's noSuchName error is turned into the same, so callers see one behaviour).
    public func get(_ oids: [OID]) async throws(SNMPError) -> [VarBind] {
        do {
            return try await request(.get, oids)
        } catch .agentError(_, 2, let index) where isV1 && index >= 1 && index <= oids.count {
            // v1 rejects the whole PDU for one missing object: ask again without it.
            var rest = oids
            rest.remove(at: index - 1)
            var answer = rest.isEmpty ? [] : try await get(rest)
            answer.insert(VarBind(oid: oids[index - 1], value: .noSuchObject), at: index - 1)
            return answer
        }
    }

    public func getNext(_ oids: [OID]) async throws(SNMPError) -> [VarBind] {
        try await request(.getNext, oids)
    }

    public func getBulk(_ oids: [OID], nonRepeaters: Int = 0, maxRepetitions: Int) async throws(SNMPError) -> [VarBind] {
        try await request(.getBulk(nonRepeaters: nonRepeaters, maxRepetitions: maxRepetitions), oids)
    }

    /// Walks the subtree under `root` with GETBULK (GETNEXT for v1), bounded by `maxRows`
    /// and `deadline`. Stops, keeping what it has, on a non-increasing OID (looping agents),
    /// a failure mid-walk, or the end of the subtree.
    public func walk(_ root: OID, maxRepetitions: Int = 25, maxRows: Int = 10_000,
                     deadline: ContinuousClock.Instant? = nil) async -> WalkResult {
        var rows: [VarBind] = []
        var cursor = root
        while true {
            if let deadline, ContinuousClock.now >= deadline { return WalkResult(varBinds: rows, truncation: .budget) }
            let batch: [VarBind]
            do {
                batch = isV1
                    ? try await getNext([cursor])
                    : try await getBulk([cursor], maxRepetitions: min(maxRepetitions, max(1, maxRows - rows.count)))
            } catch .agentError(_, 2, _) where isV1 {
                return WalkResult(varBinds: rows, truncation: nil)   // v1's end of MIB
            } catch {
                return WalkResult(varBinds: rows, truncation: .failed(error))
            }
            if batch.isEmpty { return WalkResult(varBinds: rows, truncation: nil) }
            for vb in batch {
                if vb.value == .endOfMibView || !root.isAncestor(of: vb.oid) { return WalkResult(varBinds: rows, truncation: nil) }
                guard cursor < vb.oid else {
                    return WalkResult(varBinds: rows, truncation: .nonIncreasing(previous: cursor, returned: vb.oid))
                }
                rows.append(vb)
                cursor = vb.oid
                if rows.count >= maxRows { return WalkResult(varBinds: rows, truncation: .rowLimit(maxRows)) }
            }
        }
    }
}
