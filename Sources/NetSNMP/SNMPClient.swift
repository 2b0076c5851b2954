import CensusCore
import Foundation
import Synchronization

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
    /// How big a request the agent is asked, learnt from the ones it dropped.
    private let size = Mutex(RequestSize())
    /// What `mayEndAlone` goes by.
    private let silences = Mutex(Silences())

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
        let beyondSystem = oids.contains { !Self.systemGroup.isAncestor(of: $0) }
        do {
            let answer = try await withCheckedThrowingContinuation { continuation in
                loop.submit(.send(session: id, .init(kind: kind, oids: oids), continuation))
            }
            if beyondSystem { silences.withLock { $0.answeredBeyondSystem = true } }
            return answer
        } catch let error as SNMPError {
            if beyondSystem, case .agentError = error { silences.withLock { $0.answeredBeyondSystem = true } }
            throw error
        } catch {
            throw .sendFailed(target: target, reason: "\(error)")
        }
    }

    /// GET of the given objects. Missing ones come back as `noSuchObject`/`noSuchInstance`
    /// (SNMPv1's noSuchName error is turned into the same, so callers see one behaviour); so does
    /// one the agent fails with an error of its own (genErr, noAccess…), so the others are read.
    /// A genErr that names no object (error index 0) is traced by asking each half apart.
    public func get(_ oids: [OID]) async throws(SNMPError) -> [VarBind] {
        do {
            return try await request(.get, oids)
        } catch .agentError(_, let status, let index) where status != 1 && index >= 1 && index <= oids.count {
            // The agent rejects the whole PDU for one object: ask again without it.
            var rest = oids
            rest.remove(at: index - 1)
            var answer = rest.isEmpty ? [] : try await get(rest)
            answer.insert(VarBind(oid: oids[index - 1], value: .noSuchObject), at: index - 1)
            return answer
        } catch .agentError(_, 5, _) where !oids.isEmpty {
            // genErr on no object in particular: one of them fails, the halves tell which.
            guard oids.count > 1 else { return [VarBind(oid: oids[0], value: .noSuchObject)] }
            let half = oids.count / 2
            return try await get(Array(oids[..<half])) + get(Array(oids[half...]))
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
    /// `deadline` or when a request fails for good. Rows already read are kept. One result per root.
    ///
    /// A request that goes unanswered or draws tooBig is asked again a quarter the size (fewer
    /// repetitions, then fewer subtrees at a time; see `RequestSize`). An error the agent pins
    /// on one varbind (genErr, noAccess…) ends that subtree alone; one it does not pin (error
    /// index 0) is traced by asking one subtree at a time until the failing one is found. A
    /// subtree the agent never answers, even asked alone at the smallest size, ends alone too,
    /// while the agent still answers (see `mayEndAlone`); otherwise all stop. Before that, an
    /// agent that leaves GETBULK unanswered is asked by GETNEXT once; if it answers, the
    /// session walks by GETNEXT.
    public func walk(_ roots: [OID], maxRepetitions: Int = 25, maxRows: Int = 10_000,
                     deadline: ContinuousClock.Instant? = nil) async -> [WalkResult] {
        var cursors = roots
        var rows = [[VarBind]](repeating: [], count: roots.count)
        var cuts = [WalkTruncation?](repeating: nil, count: roots.count)
        var active = maxRows > 0 ? Array(roots.indices) : []
        if maxRows <= 0 { cuts = cuts.map { _ in .rowLimit(0) } }
        var pace = BulkPace(maximum: maxRepetitions)
        var oneAtATime = false
        // Whether this request is the GETNEXT asked once after GETBULKs went unanswered.
        var tryingGetNext = false, triedGetNext = false
        func results() -> [WalkResult] { roots.indices.map { WalkResult(varBinds: rows[$0], truncation: cuts[$0]) } }
        func stopAll(_ cut: WalkTruncation) -> [WalkResult] {
            for column in active { cuts[column] = cut }
            return results()
        }
        while !active.isEmpty {
            if let deadline, ContinuousClock.now >= deadline { return stopAll(.budget) }
            // Under a cap, the first subtrees still going are walked to their end before the next.
            let cap = size.withLock { $0.cap }
            let asked = oneAtATime ? [active[0]] : cap.map { Array(active.prefix($0)) } ?? active
            let fewest = asked.map { rows[$0].count }.min() ?? 0
            let byGetNext = isV1 || tryingGetNext || silences.withLock { $0.getBulkUnanswered }
            let repetitions = byGetNext ? 1 : min(pace.next(), max(1, maxRows - fewest), cap.map { max(1, $0 / asked.count) } ?? .max)
            let batch: [VarBind]
            do {
                batch = byGetNext ? try await getNext(asked.map { cursors[$0] })
                                  : try await getBulk(asked.map { cursors[$0] }, maxRepetitions: repetitions)
                if tryingGetNext {
                    // GETNEXT is answered where GETBULK was not: walk by GETNEXT from now on, at
                    // full size again (the requests were cut for GETBULK's silence, not their size).
                    silences.withLock { $0.getBulkUnanswered = true }
                    size.withLock { $0 = RequestSize() }
                    tryingGetNext = false
                }
            } catch {
                tryingGetNext = false
                if case .agentError(_, let status, let index) = error, status != 1 {
                    let pinned = index >= 1 && index <= asked.count
                    if !pinned && asked.count > 1 {
                        oneAtATime = true   // which subtree failed? ask them one by one
                        continue
                    }
                    // v1's noSuchName: that subtree is past the end of the MIB. Any other error
                    // ends that subtree, not the rest.
                    let column = asked[pinned ? index - 1 : 0]
                    if !(isV1 && status == 2) { cuts[column] = .failed(error) }
                    active.removeAll { $0 == column }
                    oneAtATime = false
                    continue
                }
                if size.withLock({ $0.shrink(after: error, asking: asked.count * repetitions) }) { continue }
                // Still unanswered at the smallest size: an agent that answers other requests
                // beyond its system group may not answer GETBULK at all (a v1 agent's code behind
                // a v2c community; some embedded agents), so ask the same by GETNEXT once.
                if case .timeout = error, !byGetNext, !triedGetNext, silences.withLock({ $0.answeredBeyondSystem }) {
                    tryingGetNext = true
                    triedGetNext = true
                    continue
                }
                // Still unanswered: one subtree may hang the agent (a broken module that never
                // replies). Ask one subtree at a time; the one that goes unanswered alone ends,
                // the rest go on, as long as the agent answers them.
                guard case .timeout = error, mayNarrow else { return stopAll(.failed(error)) }
                if asked.count > 1 {
                    oneAtATime = true
                    continue
                }
                guard await mayEndAlone() else { return stopAll(.failed(error)) }
                cuts[asked[0]] = .failed(error)
                active.removeAll { $0 == asked[0] }
                oneAtATime = false
                continue
            }
            if batch.isEmpty { return results() }
            // Varbinds come row by row: one per subtree asked in each repetition.
            var finished = Set<Int>()
            for (i, vb) in batch.enumerated() {
                let column = asked[i % asked.count]
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

    /// GET of many objects from an agent that has already answered (the system group): under
    /// the session's learnt size, and split when a request goes unanswered or draws tooBig, as
    /// a walk's are. A missing object comes back as `get` gives it. An object the agent never
    /// answers, even asked alone, while it answers the others (a hung module) is traced by
    /// halving the request and left out, listed in `unanswered`, while the agent still answers
    /// (see `mayEndAlone`); otherwise this throws.
    public func getInParts(_ oids: [OID]) async throws(SNMPError) -> (varBinds: [VarBind], unanswered: [OID]) {
        var answer: [VarBind] = []
        var unanswered: [OID] = []
        var rest = oids[...]
        var halved: Int?
        while !rest.isEmpty {
            let part = Array(rest.prefix(min(size.withLock { $0.cap } ?? rest.count, halved ?? .max)))
            do {
                answer += try await get(part)
                rest = rest.dropFirst(part.count)
            } catch {
                if size.withLock({ $0.shrink(after: error, asking: part.count) }) { continue }
                guard case .timeout = error, mayNarrow else { throw error }
                if part.count > 1 {
                    halved = part.count / 2
                    continue
                }
                guard await mayEndAlone() else { throw error }
                unanswered.append(part[0])
                rest = rest.dropFirst()
            }
        }
        return (answer, unanswered)
    }

    /// Whether a request that went unanswered even at the smallest size may cost only what it
    /// asked for (a hung module), not everything still to ask (a host gone, or an agent that
    /// answers nothing but its system group): the agent has answered, or failed, some request
    /// beyond its system group in this session; it still answers (one GET of sysUpTime.0); and
    /// fewer than `Silences.maxEnds` objects or subtrees ended so before.
    private func mayEndAlone() async -> Bool {
        guard mayNarrow, (try? await get([Self.sysUpTime])) != nil else { return false }
        silences.withLock { $0.ends += 1 }
        return true
    }

    /// Whether narrowing an unanswered request down may end in `mayEndAlone` saying yes (no
    /// request is spent on narrowing for an agent that never answered beyond its system group).
    private var mayNarrow: Bool { silences.withLock { $0.answeredBeyondSystem && $0.ends < Silences.maxEnds } }

    private static let systemGroup: OID = "1.3.6.1.2.1.1"

    private static let sysUpTime: OID = "1.3.6.1.2.1.1.3.0"

    /// Walks the subtree under `root` (see `walk(_:maxRepetitions:maxRows:deadline:)` for several).
    public func walk(_ root: OID, maxRepetitions: Int = 25, maxRows: Int = 10_000,
                     deadline: ContinuousClock.Instant? = nil) async -> WalkResult {
        await walk([root], maxRepetitions: maxRepetitions, maxRows: maxRows, deadline: deadline)[0]
    }
}

/// What a session has seen of requests that went unanswered (`SNMPSession.mayEndAlone`).
struct Silences {
    /// A hung module costs a few objects or subtrees; more is an agent that no longer answers.
    static let maxEnds = 4
    var ends = 0
    var answeredBeyondSystem = false
    /// GETBULK went unanswered where GETNEXT was answered: the session's walks use GETNEXT.
    var getBulkUnanswered = false
}

/// The most varbinds one request to an agent may hold. Some agents drop a request they cannot
/// answer whole instead of saying tooBig (snmpsim at some 250 varbinds, small embedded agents
/// far sooner). After such a silence, or a tooBig, requests are a quarter the size, down to one
/// varbind, at most three times per session: an agent with a small buffer is read whole, and a
/// host that died costs at most three more timeouts.
struct RequestSize {
    private(set) var cap: Int?
    private var shrinksLeft = 3

    /// Whether to ask again smaller after `error` on a request of `varBinds` varbinds.
    mutating func shrink(after error: SNMPError, asking varBinds: Int) -> Bool {
        let mayBeTooBig = switch error {
        case .timeout: true
        case .agentError(_, let status, _): status == 1   // tooBig
        default: false
        }
        guard mayBeTooBig, varBinds > 1, shrinksLeft > 0 else { return false }
        shrinksLeft -= 1
        cap = max(1, varBinds / 4)
        return true
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
