internal import CNetSNMP
import CensusCore
import Foundation
import Logging
import Synchronization

/// One thread that owns every net-snmp session: it opens them, sends requests with
/// `snmp_sess_async_send`, sleeps in poll(2) on all their sockets at once, and hands answers
/// back to the awaiting tasks. net-snmp's USM state is not thread-safe, so nothing else
/// touches the library while the loop runs.
final class SNMPEventLoop: @unchecked Sendable {
    enum Command {
        case open(SessionSpec, CheckedContinuation<Int, any Error>)
        case send(session: Int, RequestSpec, CheckedContinuation<[VarBind], any Error>)
        case close(session: Int)
    }

    struct SessionSpec: Sendable {
        var host: String
        var port: UInt16
        var credential: SNMPCredential
        var timeout: Duration
        var retries: Int
        var target: String { port == 161 ? host : "\(host):\(port)" }
    }

    enum PDUKind: Sendable { case get, getNext, getBulk(nonRepeaters: Int, maxRepetitions: Int) }

    struct RequestSpec: Sendable {
        var kind: PDUKind
        var oids: [OID]
    }

    /// How often the loop looks at the library when it has nothing to read.
    enum Tuning {
        /// poll(2) timeout with no request outstanding: only a command can wake the loop.
        static let idlePollMilliseconds: Int32 = 1000
        /// poll(2) timeout with requests outstanding: net-snmp's retransmissions and timeouts
        /// are checked at least this often.
        static let busyPollMilliseconds: Int32 = 10
        /// How often requests the library forgot are looked for.
        static let watchdogInterval: Duration = .milliseconds(100)
        /// A request is given up on after every try (first send and each retry) has had this
        /// many times its timeout...
        static let watchdogTimeoutsPerTry = 2
        /// ...plus this much.
        static let watchdogGrace: Duration = .seconds(1)
        /// notInTimeWindow Reports accepted for one request (net-snmp re-sends after each with
        /// the agent's boots and time, RFC 3414 §3.2 step 7); the next one ends the request.
        static let maxTimeSyncs = 2
        /// Bytes read from the wake-up pipe at a time (each command writes one).
        static let wakeDrainBytes = 256
    }

    /// The slots of a request's callback tag (see `send`).
    enum TagSlot {
        /// Scratch: some net-snmp paths write an int through `magic`.
        static let scratch = 0
        /// The loop's address.
        static let loop = 1
        /// The request's ticket.
        static let ticket = 2
        static let count = 3
    }

    private let queue = Mutex<[Command]>([])
    private var wakeRead: Int32 = -1
    private var wakeWrite: Int32 = -1
    /// Why the loop could not start (no wake-up pipe): every command then fails with it.
    private let startupError: SNMPError?
    // Loop-thread state.
    private var sessions: [Int: OpenSession] = [:]
    private var nextSessionID = 1
    private var inflight: [Int: Pending] = [:]
    private var nextTicket = 1
    private var nextWatchdogCheck = ContinuousClock.now
    /// Sessions to close once net-snmp has returned (never from inside one of its callbacks).
    private var deferredCloses: [Int] = []
    private let logger = Logger(label: "census.snmp")

    final class OpenSession {
        let handle: UnsafeMutableRawPointer
        let fd: Int32
        let target: String
        let spec: SessionSpec
        /// What a v1/v2c answer must carry; a reply with another community is not ours.
        let community: [UInt8]?
        var pending = 0
        /// Every callback tag handed to net-snmp for this session. The library may call back
        /// with a tag after its request ended (a re-send it decided on by itself), so tags live
        /// until the session is closed.
        var tags: [UnsafeMutablePointer<Int>] = []
        init(handle: UnsafeMutableRawPointer, fd: Int32, spec: SessionSpec) {
            self.handle = handle
            self.fd = fd
            self.target = spec.target
            self.spec = spec
            switch spec.credential {
            case .v1(let c), .v2c(let c): community = Array(c.utf8)
            case .v3: community = nil
            }
        }
    }

    /// Who waits for an outstanding request.
    enum Waiter {
        /// An ordinary request: the answer's variables.
        case request(CheckedContinuation<[VarBind], any Error>)
        /// A v3 engine-discovery probe on a newly opened session: the session's id.
        case open(session: Int, CheckedContinuation<Int, any Error>)
    }

    /// One outstanding request. net-snmp gets a small tag (not this object) as the callback's
    /// `magic`, so a late or repeated callback from the library finds nothing rather than
    /// freed memory; a watchdog ends any request the library forgets.
    final class Pending {
        let id: Int
        let waiter: Waiter
        let session: OpenSession
        let tag: UnsafeMutablePointer<Int>
        let deadline: ContinuousClock.Instant
        /// notInTimeWindow Reports seen; net-snmp re-sends after each (v3 time sync).
        var timeSyncs = 0
        init(id: Int, waiter: Waiter, session: OpenSession, tag: UnsafeMutablePointer<Int>, deadline: ContinuousClock.Instant) {
            self.id = id
            self.waiter = waiter
            self.session = session
            self.tag = tag
            self.deadline = deadline
        }
    }

    /// Starts the loop's thread. When its wake-up pipe cannot be made (no file descriptors
    /// left), no thread starts and every command fails with `SNMPError.setup`.
    init() {
        do throws(SNMPError) {
            (wakeRead, wakeWrite) = try makeWakePipe()
            startupError = nil
        } catch {
            startupError = error
            return
        }
        let thread = Thread { [self] in self.run() }
        thread.name = "census-snmp"
        thread.start()
    }

    func submit(_ command: Command) {
        if let startupError {
            switch command {
            case .open(_, let continuation): continuation.resume(throwing: startupError)
            case .send(_, _, let continuation): continuation.resume(throwing: startupError)
            case .close: break
            }
            return
        }
        queue.withLock { $0.append(command) }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    private func run() {
        var fds: [pollfd] = []
        var order: [OpenSession] = []
        while true {
            for command in queue.withLock({ q in defer { q.removeAll() }; return q }) { handle(command) }
            fds.removeAll(keepingCapacity: true)
            order.removeAll(keepingCapacity: true)
            fds.append(pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0))
            for session in sessions.values where session.pending > 0 {
                fds.append(pollfd(fd: session.fd, events: Int16(POLLIN), revents: 0))
                order.append(session)
            }
            _ = poll(&fds, nfds_t(fds.count), order.isEmpty ? Tuning.idlePollMilliseconds : Tuning.busyPollMilliseconds)
            if fds[0].revents != 0 {
                var buffer = [UInt8](repeating: 0, count: Tuning.wakeDrainBytes)
                while read(wakeRead, &buffer, buffer.count) > 0 {}
            }
            for (i, session) in order.enumerated() where fds[i + 1].revents != 0 {
                _ = census_sess_read(session.handle, session.fd)
            }
            for session in order where session.pending > 0 {
                snmp_sess_timeout(session.handle)
            }
            expireForgottenRequests()
            while let id = deferredCloses.popLast() { close(id) }
        }
    }

    private func handle(_ command: Command) {
        switch command {
        case let .open(spec, continuation):
            let handle: UnsafeMutableRawPointer
            do { handle = try openSession(spec) } catch { return continuation.resume(throwing: error) }
            let id = nextSessionID
            nextSessionID += 1
            let session = OpenSession(handle: handle, fd: census_sess_fd(handle), spec: spec)
            sessions[id] = session
            guard case .v3 = spec.credential else { return continuation.resume(returning: id) }
            // v3: learn the agent's engine ID first, without blocking the loop.
            census_sess_never_probe(handle)
            guard let probe = census_v3_probe_pdu() else {
                close(id)
                return continuation.resume(throwing: SNMPError.openFailed(target: spec.target, reason: "out of memory"))
            }
            send(probe, on: session, .open(session: id, continuation))
        case let .send(id, request, continuation):
            guard let session = sessions[id] else {
                return continuation.resume(throwing: SNMPError.sendFailed(target: "?", reason: "session closed"))
            }
            guard let pdu = makePDU(request) else {
                return continuation.resume(throwing: SNMPError.sendFailed(target: session.target, reason: "out of memory"))
            }
            send(pdu, on: session, .request(continuation))
        case .close(let id):
            close(id)
        }
    }

    private func close(_ id: Int) {
        guard let session = sessions.removeValue(forKey: id) else { return }
        snmp_sess_close(session.handle)
        for pending in inflight.values where pending.session === session {
            finish(pending, with: .failure(SNMPError.cancelled))
        }
        session.tags.forEach { $0.deallocate() }
        session.tags.removeAll()
    }

    private func openSession(_ spec: SessionSpec) throws(SNMPError) -> UnsafeMutableRawPointer {
        var session = netsnmp_session()
        snmp_sess_init(&session)
        let peer = strdup("udp:\(spec.host):\(spec.port)")
        defer { free(peer) }
        session.peername = peer
        session.timeout = Int(microseconds(spec.timeout))
        session.retries = Int32(spec.retries)
        var keep: [UnsafeMutablePointer<CChar>] = []
        defer { keep.forEach { free($0) } }
        switch spec.credential {
        case .v1(let community), .v2c(let community):
            if case .v1 = spec.credential { session.version = Int(SNMP_VERSION_1) } else { session.version = Int(SNMP_VERSION_2c) }
            let c = strdup(community)!
            keep.append(c)
            session.community = UnsafeMutableRawPointer(c).assumingMemoryBound(to: UInt8.self)
            session.community_len = strlen(c)
        case .v3(let user):
            session.version = Int(SNMP_VERSION_3)
            // The engine ID is discovered asynchronously (see `handle(.open)`), never by a
            // blocking probe inside snmp_sess_open.
            session.flags |= UInt(SNMP_FLAGS_DONT_PROBE)
            session.securityModel = Int32(SNMP_SEC_MODEL_USM)
            let name = strdup(user.user)!
            keep.append(name)
            session.securityName = name
            session.securityNameLen = strlen(name)
            session.securityLevel = Int32(SNMP_SEC_LEVEL_NOAUTH)
            if let auth = user.authProtocol {
                let hash: ProtocolOID = switch auth {
                case .sha: (census_usm_sha1(), census_usm_sha1_len())
                case .sha256: (census_usm_sha256(), census_usm_sha256_len())
                }
                try setKey(user.authPassphrase, hash: hash, protocol: hash, what: "authentication", spec,
                           protocolField: &session.securityAuthProto, protocolLength: &session.securityAuthProtoLen,
                           key: &session.securityAuthKey, keyLength: &session.securityAuthKeyLen, capacity: USM_AUTH_KU_LEN)
                session.securityLevel = Int32(SNMP_SEC_LEVEL_AUTHNOPRIV)
                if user.privacyProtocol != nil {
                    try setKey(user.privacyPassphrase, hash: hash, protocol: (census_usm_aes128(), census_usm_aes128_len()), what: "privacy", spec,
                               protocolField: &session.securityPrivProto, protocolLength: &session.securityPrivProtoLen,
                               key: &session.securityPrivKey, keyLength: &session.securityPrivKeyLen, capacity: USM_PRIV_KU_LEN)
                    session.securityLevel = Int32(SNMP_SEC_LEVEL_AUTHPRIV)
                }
            }
        }
        guard let handle = snmp_sess_open(&session) else {
            let reason = snmp_api_errstring(session.s_snmp_errno).map { String(cString: $0) } ?? "unknown error"
            throw .openFailed(target: spec.target, reason: reason)
        }
        return handle
    }

    /// An OID net-snmp names a USM protocol by, with its length.
    typealias ProtocolOID = (oid: UnsafePointer<oid>?, length: Int)

    /// Sets one SNMPv3 key of a session (authentication or privacy): the protocol's OID, and
    /// the key (Ku, RFC 3414 §A.2) derived from `passphrase` with the authentication `hash`
    /// into the session's fixed-size key field of `capacity` bytes.
    private func setKey<Key>(_ passphrase: String, hash: ProtocolOID, protocol proto: ProtocolOID, what: String, _ spec: SessionSpec,
                             protocolField: inout UnsafeMutablePointer<oid>?, protocolLength: inout Int,
                             key: inout Key, keyLength: inout Int, capacity: Int32) throws(SNMPError) {
        protocolField = snmp_duplicate_objid(proto.oid, proto.length)
        protocolLength = proto.length
        keyLength = Int(capacity)
        let rc = withUnsafeMutableBytes(of: &key) { bytes in
            generate_Ku(hash.oid, UInt32(hash.length), passphrase, passphrase.utf8.count,
                        bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), &keyLength)
        }
        guard rc == SNMPERR_SUCCESS else {
            throw .openFailed(target: spec.target, reason: "cannot derive the v3 \(what) key (passphrase too short? at least 8 characters)")
        }
    }

    private func makePDU(_ request: RequestSpec) -> UnsafeMutablePointer<netsnmp_pdu>? {
        let command = switch request.kind {
        case .get: PDUType.get
        case .getNext: PDUType.getNext
        case .getBulk: PDUType.getBulk
        }
        guard let pdu = snmp_pdu_create(command) else { return nil }
        if case let .getBulk(nonRepeaters, maxRepetitions) = request.kind {
            census_pdu_set_bulk(pdu, nonRepeaters, maxRepetitions)
        }
        for oid in request.oids {
            var parts = oid.components.map { oid_t($0) }
            snmp_add_null_var(pdu, &parts, parts.count)
        }
        return pdu
    }

    private func send(_ pdu: UnsafeMutablePointer<netsnmp_pdu>, on session: OpenSession, _ waiter: Waiter) {
        let id = nextTicket
        nextTicket += 1
        let tag = UnsafeMutablePointer<Int>.allocate(capacity: TagSlot.count)
        tag.initialize(repeating: 0, count: TagSlot.count)
        tag[TagSlot.loop] = Int(bitPattern: Unmanaged.passUnretained(self).toOpaque())
        tag[TagSlot.ticket] = id
        // Give up on the library after every try has had its share of time, plus a grace.
        let patience = session.spec.timeout * ((session.spec.retries + 1) * Tuning.watchdogTimeoutsPerTry) + Tuning.watchdogGrace
        session.tags.append(tag)
        let pending = Pending(id: id, waiter: waiter, session: session, tag: tag, deadline: .now + patience)
        inflight[id] = pending
        session.pending += 1
        if snmp_sess_async_send(session.handle, pdu, snmpCallback, tag) == 0 {
            snmp_free_pdu(pdu)
            let text = census_sess_error(session.handle)
            let reason = text.map { String(cString: $0) } ?? "send failed"
            free(text)
            finish(pending, with: .failure(SNMPError.sendFailed(target: session.target, reason: reason)))
        }
    }

    /// Ends a request once; later callbacks for it are ignored.
    private func finish(_ pending: Pending, with result: Result<[VarBind], any Error>) {
        guard inflight.removeValue(forKey: pending.id) != nil else { return }
        pending.session.pending -= 1
        switch (pending.waiter, result) {
        case let (.request(continuation), _):
            continuation.resume(with: result)
        case let (.open(id, continuation), .success):
            continuation.resume(returning: id)
        case let (.open(id, continuation), .failure(error)):
            deferredCloses.append(id)
            continuation.resume(throwing: error)
        }
    }

    private func expireForgottenRequests() {
        let now = ContinuousClock.now
        guard now >= nextWatchdogCheck, !inflight.isEmpty else { return }
        nextWatchdogCheck = now + Tuning.watchdogInterval
        for pending in inflight.values where now >= pending.deadline {
            finish(pending, with: .failure(SNMPError.timeout(target: pending.session.target)))
        }
    }

    /// Called by net-snmp (on this thread) for the request with ticket `id`. Returns 1 when the
    /// library may drop its request (during a v3 time sync it re-sends it instead), 0 to have it
    /// keep waiting (a reply that is not really the agent's).
    fileprivate func callback(_ operation: Int32, ticket id: Int, pdu: UnsafeMutablePointer<netsnmp_pdu>?) -> Int32 {
        guard let pending = inflight[id] else { return 1 }   // already ended: ignore late calls
        let target = pending.session.target
        logger.trace("net-snmp callback", metadata: ["target": "\(target)", "operation": "\(operation)",
                                                     "pdu": "\(pdu.map { census_pdu_command($0) } ?? 0)",
                                                     "report": "\(pdu.map { census_pdu_command($0) == PDUType.report ? snmpv3_get_report_type($0) : 0 } ?? 0)"])
        switch operation {
        case NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE, NETSNMP_CALLBACK_OP_SEC_ERROR:
            guard let pdu else {
                let reason = operation == NETSNMP_CALLBACK_OP_SEC_ERROR ? "the answer failed SNMPv3 security checks" : "empty response"
                finish(pending, with: .failure(operation == NETSNMP_CALLBACK_OP_SEC_ERROR
                    ? SNMPError.authenticationFailed(target: target, reason: reason) : SNMPError.sendFailed(target: target, reason: reason)))
                return 1
            }
            if let expected = pending.session.community, census_pdu_has_community(pdu, expected, expected.count) == 0 {
                return 0   // a forged or stray reply: not an answer, keep waiting for the real one
            }
            if case .open = pending.waiter {
                // The discovery Report (net-snmp hands it over as a security error, since the
                // empty user is unknown to the agent): its engine ID is what the probe was for.
                let adopted = census_pdu_command(pdu) == PDUType.report && census_v3_adopt_engine(pending.session.handle, pdu) == SNMPERR_SUCCESS
                finish(pending, with: adopted ? .success([])
                    : .failure(SNMPError.openFailed(target: target, reason: "the agent did not answer SNMPv3 engine discovery")))
                return 1
            }
            if census_pdu_command(pdu) == PDUType.report {
                let type = snmpv3_get_report_type(pdu)
                if type == SNMPERR_NOT_IN_TIME_WINDOW && pending.timeSyncs < Tuning.maxTimeSyncs {
                    pending.timeSyncs += 1   // net-snmp re-sends with the agent's boots and time
                } else {
                    finish(pending, with: .failure(SNMPError.authenticationFailed(target: target, reason: Self.errorText(type))))
                }
                return 1
            }
            if operation == NETSNMP_CALLBACK_OP_SEC_ERROR {
                finish(pending, with: .failure(SNMPError.authenticationFailed(target: target, reason: "the answer failed SNMPv3 security checks")))
                return 1
            }
            let status = pdu.pointee.errstat
            if status != SNMP_ERR_NOERROR {
                finish(pending, with: .failure(SNMPError.agentError(target: target, status: Int(status), index: Int(pdu.pointee.errindex))))
            } else {
                finish(pending, with: .success(varBinds(pdu.pointee.variables)))
            }
        case NETSNMP_CALLBACK_OP_TIMED_OUT:
            finish(pending, with: .failure(SNMPError.timeout(target: target)))
        case NETSNMP_CALLBACK_OP_SEND_FAILED:
            finish(pending, with: .failure(SNMPError.sendFailed(target: target, reason: "the transport failed")))
        default:
            break   // RESEND, CONNECT, DISCONNECT: informational
        }
        return 1
    }

    private static func errorText(_ code: Int32) -> String {
        snmp_api_errstring(code).map { String(cString: $0) } ?? "SNMP error \(code)"
    }
}

typealias oid_t = oid

/// net-snmp calls this on the loop thread; `magic` is a tag from `SNMPEventLoop.send`.
private let snmpCallback: netsnmp_callback = { operation, _, _, pdu, magic in
    guard let tag = magic?.assumingMemoryBound(to: Int.self),
          let loopAddress = UnsafeRawPointer(bitPattern: tag[SNMPEventLoop.TagSlot.loop]) else { return 1 }
    let loop = Unmanaged<SNMPEventLoop>.fromOpaque(loopAddress).takeUnretainedValue()
    return loop.callback(operation, ticket: tag[SNMPEventLoop.TagSlot.ticket], pdu: pdu)
}

/// Copies a PDU's variables into Swift values (the PDU is freed after the callback).
private func varBinds(_ first: UnsafeMutablePointer<netsnmp_variable_list>?) -> [VarBind] {
    var result: [VarBind] = []
    var cursor = first
    while let v = cursor?.pointee {
        defer { cursor = v.next_variable }
        let name = OID((0..<v.name_length).map { UInt32(truncatingIfNeeded: v.name[$0]) })
        result.append(VarBind(oid: name, value: decodeValue(v)))
    }
    return result
}

private func decodeValue(_ v: netsnmp_variable_list) -> SNMPValue {
    func bytes() -> [UInt8] {
        guard let p = v.val.string, v.val_len > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: p, count: v.val_len))
    }
    switch UInt32(v.type) {
    case ASN_INTEGER: return v.val.integer.map { .integer(Int64($0.pointee)) } ?? .null
    case ASN_OCTET_STR: return .octets(bytes())
    case ASN_NULL: return .null
    case ASN_OBJECT_ID:
        guard let p = v.val.objid else { return .null }
        let count = v.val_len / MemoryLayout<oid>.size
        return .oid(OID((0..<count).map { UInt32(truncatingIfNeeded: p[$0]) }))
    case ASN_IPADDRESS:
        let b = bytes()
        return b.count == 4 ? .ipAddress(IPv4Address(bytes: b)) : .octets(b)
    case ASN_COUNTER: return v.val.integer.map { .counter32(UInt32(truncatingIfNeeded: $0.pointee)) } ?? .null
    case ASN_GAUGE: return v.val.integer.map { .gauge32(UInt32(truncatingIfNeeded: $0.pointee)) } ?? .null
    case ASN_TIMETICKS: return v.val.integer.map { .timeticks(UInt32(truncatingIfNeeded: $0.pointee)) } ?? .null
    case ASN_OPAQUE: return .opaque(bytes())
    case ASN_COUNTER64:
        // net-snmp keeps the two 32-bit halves in `unsigned long`s.
        guard let c = v.val.counter64 else { return .null }
        return .counter64(UInt64(c.pointee.high) << 32 | UInt64(c.pointee.low & 0xFFFF_FFFF))
    case VarBindException.noSuchObject: return .noSuchObject
    case VarBindException.noSuchInstance: return .noSuchInstance
    case VarBindException.endOfMibView: return .endOfMibView
    default: return .opaque(bytes())
    }
}

/// The wake-up pipe of the loop: commands write a byte to the write end, the loop polls the
/// read end (non-blocking, so it can drain it). Fails when the process has no descriptors left.
private func makeWakePipe() throws(SNMPError) -> (read: Int32, write: Int32) {
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else {
        throw .setup("cannot create the SNMP event loop's wake-up pipe: \(String(cString: strerror(errno)))")
    }
    guard fcntl(fds[0], F_SETFL, O_NONBLOCK) == 0 else {
        let reason = String(cString: strerror(errno))
        close(fds[0])
        close(fds[1])
        throw .setup("cannot make the SNMP event loop's wake-up pipe non-blocking: \(reason)")
    }
    return (fds[0], fds[1])
}

/// A duration in whole microseconds (net-snmp's session timeout unit), rounded down.
func microseconds(_ duration: Duration) -> Int64 {
    let (seconds, attoseconds) = duration.components
    return seconds * microsecondsPerSecond + attoseconds / attosecondsPerMicrosecond
}

private let microsecondsPerSecond: Int64 = 1_000_000
private let attosecondsPerMicrosecond: Int64 = 1_000_000_000_000
