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

    /// Walks several subtrees side by side (the columns of a table, or unrelated subtrees): each
    /// GETBULK (GETNEXT for v1) asks for the next rows of every subtree still going, so N
    /// subtrees cost about 1/N of the requests of walking them one by one. Each subtree stops at
    /// its end, at `maxRows`, or at an OID that does not increase (a looping agent); all stop at
    /// `deadline` or when a request fails. Rows already read are kept. One result per root.
    public func walk(_ roots: [OID], maxRepetitions: Int = 25, maxRows: Int = 10_000,
                     deadline: ContinuousClock.Instant? = nil) async -> [WalkResult] {
        var cursors = roots
        var rows = [[VarBind]](repeating: [], count: roots.count)
        var cuts = [WalkTruncation?](repeating: nil, count: roots.count)
        var active = maxRows > 0 ? Array(roots.indices) : []
        if maxRows <= 0 { cuts = cuts.map { _ in .rowLimit(0) } }
        var pace = BulkPace(maximum: maxRepetitions)
        func results() -> [WalkResult] { roots.indices.map { WalkResult(varBinds: rows[$0], truncation: cuts[$0]) } }
        func stopAll(_ cut: WalkTruncation) -> [WalkResult] {
            for column in active { cuts[column] = cut }
            return results()
        }
        while !active.isEmpty {
            if let deadline, ContinuousClock.now >= deadline { return stopAll(.budget) }
            let fewest = active.map { rows[$0].count }.min() ?? 0
            let batch: [VarBind]
            do {
                batch = isV1 ? try await getNext(active.map { cursors[$0] })
                             : try await getBulk(active.map { cursors[$0] }, maxRepetitions: min(pace.next(), max(1, maxRows - fewest)))
            } catch .agentError(_, 2, let index) where isV1 && index >= 1 && index <= active.count {
                active.remove(at: index - 1)   // v1's noSuchName: that subtree is past the end of the MIB
                continue
            } catch {
                return stopAll(.failed(error))
            }
            if batch.isEmpty { return results() }
            // Varbinds come row by row: one per active subtree in each repetition.
            var finished = Set<Int>()
            for (i, vb) in batch.enumerated() {
                let column = active[i % active.count]
                if finished.contains(column) { continue }
                if vb.value == .endOfMibView || !roots[column].isAncestor(of: vb.oid) {
                    finished.insert(column)
                } else if !(cursors[column] < vb.oid) {
                    cuts[column] = .nonIncreasing(previous: cursors[column], returned: vb.oid)
                    finished.insert(column)
                } else {
                    rows[column].append(vb)
                    cursors[column] = vb.oid
                    if rows[column].count >= maxRows {
                        cuts[column] = .rowLimit(maxRows)
                        finished.insert(column)
                    }
                }
            }
            active.removeAll { finished.contains($0) }
        }
        return results()
    }

    /// Walks the subtree under `root` (see `walk(_:maxRepetitions:maxRows:deadline:)` for several).
    public func walk(_ root: OID, maxRepetitions: Int = 25, maxRows: Int = 10_000,
                     deadline: ContinuousClock.Instant? = nil) async -> WalkResult {
        await walk([root], maxRepetitions: maxRepetitions, maxRows: maxRows, deadline: deadline)[0]
    }
}

/// How many rows each GETBULK of a walk asks for: few at first (an absent or short table then
/// costs the agent little: every repetition past a table's end is work thrown away), doubling
/// while the table goes on, up to the maximum.
struct BulkPace {
    let maximum: Int
    private var current: Int

    init(maximum: Int) {
        self.maximum = max(1, maximum)
        current = min(4, self.maximum)
    }

    mutating func next() -> Int {
        defer { current = min(current * 2, maximum) }
        return current
    }
}
