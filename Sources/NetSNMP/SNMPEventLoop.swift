internal import CNetSNMP
import CensusCore
import Foundation
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

    private let queue = Mutex<[Command]>([])
    private var wakeRead: Int32 = -1
    private var wakeWrite: Int32 = -1
    // Loop-thread state.
    private var sessions: [Int: OpenSession] = [:]
    private var nextSessionID = 1

    final class OpenSession {
        let handle: UnsafeMutableRawPointer
        let fd: Int32
        let target: String
        var pending = 0
        init(handle: UnsafeMutableRawPointer, fd: Int32, target: String) {
            self.handle = handle
            self.fd = fd
            self.target = target
        }
    }

    /// State for one outstanding request, passed through net-snmp as the callback's `magic`.
    final class Pending {
        let continuation: CheckedContinuation<[VarBind], any Error>
        let session: OpenSession
        init(_ continuation: CheckedContinuation<[VarBind], any Error>, session: OpenSession) {
            self.continuation = continuation
            self.session = session
        }
    }

    init() {
        var fds: [Int32] = [0, 0]
        pipe(&fds)
        wakeRead = fds[0]
        wakeWrite = fds[1]
        _ = fcntl(wakeRead, F_SETFL, O_NONBLOCK)
        let thread = Thread { [self] in self.run() }
        thread.name = "census-snmp"
        thread.start()
    }

    func submit(_ command: Command) {
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
            // Retransmissions and timeouts are checked at least every 10 ms.
            _ = poll(&fds, nfds_t(fds.count), order.isEmpty ? 1000 : 10)
            if fds[0].revents != 0 {
                var buffer = [UInt8](repeating: 0, count: 256)
                while read(wakeRead, &buffer, buffer.count) > 0 {}
            }
            for (i, session) in order.enumerated() where fds[i + 1].revents != 0 {
                _ = census_sess_read(session.handle, session.fd)
            }
            for session in order where session.pending > 0 {
                snmp_sess_timeout(session.handle)
            }
        }
    }

    private func handle(_ command: Command) {
        switch command {
        case let .open(spec, continuation):
            do {
                let handle = try openSession(spec)
                let id = nextSessionID
                nextSessionID += 1
                sessions[id] = OpenSession(handle: handle, fd: census_sess_fd(handle), target: spec.target)
                continuation.resume(returning: id)
            } catch {
                continuation.resume(throwing: error)
            }
        case let .send(id, request, continuation):
            guard let session = sessions[id] else {
                return continuation.resume(throwing: SNMPError.sendFailed(target: "?", reason: "session closed"))
            }
            send(request, on: session, continuation)
        case .close(let id):
            if let session = sessions.removeValue(forKey: id) { snmp_sess_close(session.handle) }
        }
    }

    private func openSession(_ spec: SessionSpec) throws(SNMPError) -> UnsafeMutableRawPointer {
        var session = netsnmp_session()
        snmp_sess_init(&session)
        let peer = strdup("udp:\(spec.host):\(spec.port)")
        defer { free(peer) }
        session.peername = peer
        session.timeout = Int(spec.timeout.components.seconds * 1_000_000 + spec.timeout.components.attoseconds / 1_000_000_000_000)
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
            let name = strdup(user.user)!
            keep.append(name)
            session.securityName = name
            session.securityNameLen = strlen(name)
            session.securityLevel = Int32(SNMP_SEC_LEVEL_NOAUTH)
            if let auth = user.authProtocol {
                let (proto, length) = switch auth {
                case .sha: (census_usm_sha1(), census_usm_sha1_len())
                case .sha256: (census_usm_sha256(), census_usm_sha256_len())
                }
                session.securityAuthProto = snmp_duplicate_objid(proto, length)
                session.securityAuthProtoLen = length
                session.securityAuthKeyLen = Int(USM_AUTH_KU_LEN)
                let rc = withUnsafeMutableBytes(of: &session.securityAuthKey) { key in
                    generate_Ku(proto, UInt32(length), user.authPassphrase, user.authPassphrase.utf8.count,
                                key.baseAddress!.assumingMemoryBound(to: UInt8.self), &session.securityAuthKeyLen)
                }
                guard rc == SNMPERR_SUCCESS else { throw .openFailed(target: spec.target, reason: "cannot derive the v3 authentication key (passphrase too short?)") }
                session.securityLevel = Int32(SNMP_SEC_LEVEL_AUTHNOPRIV)
                if user.privacyProtocol != nil {
                    session.securityPrivProto = snmp_duplicate_objid(census_usm_aes128(), census_usm_aes128_len())
                    session.securityPrivProtoLen = census_usm_aes128_len()
                    session.securityPrivKeyLen = Int(USM_PRIV_KU_LEN)
                    let rc = withUnsafeMutableBytes(of: &session.securityPrivKey) { key in
                        generate_Ku(proto, UInt32(length), user.privacyPassphrase, user.privacyPassphrase.utf8.count,
                                    key.baseAddress!.assumingMemoryBound(to: UInt8.self), &session.securityPrivKeyLen)
                    }
                    guard rc == SNMPERR_SUCCESS else { throw .openFailed(target: spec.target, reason: "cannot derive the v3 privacy key (passphrase too short?)") }
                    session.securityLevel = Int32(SNMP_SEC_LEVEL_AUTHPRIV)
                }
            }
        }
        guard let handle = snmp_sess_open(&session) else {
            if session.s_snmp_errno == SNMPERR_TIMEOUT { throw .timeout(target: spec.target) }
            let reason = snmp_api_errstring(session.s_snmp_errno).map { String(cString: $0) } ?? "unknown error"
            throw .openFailed(target: spec.target, reason: reason)
        }
        return handle
    }

    private func send(_ request: RequestSpec, on session: OpenSession, _ continuation: CheckedContinuation<[VarBind], any Error>) {
        let command: Int32 = switch request.kind {
        case .get: 0xA0       // SNMP_MSG_GET
        case .getNext: 0xA1   // SNMP_MSG_GETNEXT
        case .getBulk: 0xA5   // SNMP_MSG_GETBULK
        }
        guard let pdu = snmp_pdu_create(command) else {
            return continuation.resume(throwing: SNMPError.sendFailed(target: session.target, reason: "out of memory"))
        }
        if case let .getBulk(nonRepeaters, maxRepetitions) = request.kind {
            census_pdu_set_bulk(pdu, nonRepeaters, maxRepetitions)
        }
        for oid in request.oids {
            var parts = oid.components.map { oid_t($0) }
            snmp_add_null_var(pdu, &parts, parts.count)
        }
        let pending = Pending(continuation, session: session)
        let magic = Unmanaged.passRetained(pending).toOpaque()
        if snmp_sess_async_send(session.handle, pdu, snmpCallback, magic) == 0 {
            Unmanaged<Pending>.fromOpaque(magic).release()
            snmp_free_pdu(pdu)
            let text = census_sess_error(session.handle)
            let reason = text.map { String(cString: $0) } ?? "send failed"
            free(text)
            return continuation.resume(throwing: SNMPError.sendFailed(target: session.target, reason: reason))
        }
        session.pending += 1
    }
}

typealias oid_t = oid

/// net-snmp calls this on the loop thread when an answer arrives or a request times out.
private let snmpCallback: netsnmp_callback = { operation, _, _, pdu, magic in
    // Only an answer, a timeout or a failed send ends a request; a retransmission (RESEND)
    // and connection notices are informational.
    guard let magic, operation == NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE || operation == NETSNMP_CALLBACK_OP_TIMED_OUT
            || operation == NETSNMP_CALLBACK_OP_SEND_FAILED else { return 1 }
    let pending = Unmanaged<SNMPEventLoop.Pending>.fromOpaque(magic).takeRetainedValue()
    pending.session.pending -= 1
    let target = pending.session.target
    switch operation {
    case NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE:
        guard let pdu else {
            pending.continuation.resume(throwing: SNMPError.sendFailed(target: target, reason: "empty response"))
            return 1
        }
        let status = pdu.pointee.errstat
        if status != SNMP_ERR_NOERROR {
            pending.continuation.resume(throwing: SNMPError.agentError(target: target, status: Int(status), index: Int(pdu.pointee.errindex)))
        } else {
            pending.continuation.resume(returning: varBinds(pdu.pointee.variables))
        }
    case NETSNMP_CALLBACK_OP_TIMED_OUT:
        pending.continuation.resume(throwing: SNMPError.timeout(target: target))
    default:
        pending.continuation.resume(throwing: SNMPError.sendFailed(target: target, reason: "the transport failed"))
    }
    return 1
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
    switch Int32(v.type) {
    case 0x02: return v.val.integer.map { .integer(Int64($0.pointee)) } ?? .null
    case 0x04: return .octets(bytes())
    case 0x05: return .null
    case 0x06:
        guard let p = v.val.objid else { return .null }
        let count = v.val_len / MemoryLayout<oid>.size
        return .oid(OID((0..<count).map { UInt32(truncatingIfNeeded: p[$0]) }))
    case 0x40:
        let b = bytes()
        return b.count == 4 ? .ipAddress(IPv4Address(bytes: b)) : .octets(b)
    case 0x41: return v.val.integer.map { .counter32(UInt32(truncatingIfNeeded: $0.pointee)) } ?? .null
    case 0x42: return v.val.integer.map { .gauge32(UInt32(truncatingIfNeeded: $0.pointee)) } ?? .null
    case 0x43: return v.val.integer.map { .timeticks(UInt32(truncatingIfNeeded: $0.pointee)) } ?? .null
    case 0x44: return .opaque(bytes())
    case 0x46:
        guard let c = v.val.counter64 else { return .null }
        return .counter64(UInt64(c.pointee.high) << 32 | UInt64(c.pointee.low & 0xFFFF_FFFF))
    case 0x80: return .noSuchObject
    case 0x81: return .noSuchInstance
    case 0x82: return .endOfMibView
    default: return .opaque(bytes())
    }
}
