import CensusCore

/// A failure of the SNMP layer. Messages never include a community or key.
public enum SNMPError: Error, Equatable, Sendable, CustomStringConvertible {
    /// net-snmp could not be set up (directories, configuration), or the event loop could not
    /// start (no file descriptor for its wake-up pipe).
    case setup(String)
    /// The session could not be opened (bad address, v3 engine discovery failed...).
    case openFailed(target: String, reason: String)
    /// No answer within the timeout and retries.
    case timeout(target: String)
    /// The agent answered with an error status (e.g. noSuchName, tooBig, authorizationError).
    case agentError(target: String, status: Int, index: Int)
    /// SNMPv3 security refused the exchange (unknown user, wrong password or key, unsupported
    /// security level); `reason` is net-snmp's text for the agent's Report.
    case authenticationFailed(target: String, reason: String)
    /// The request could not be sent.
    case sendFailed(target: String, reason: String)
    /// The device's time budget ran out.
    case budgetExhausted(target: String)
    /// The work was cancelled.
    case cancelled

    public var description: String {
        switch self {
        case .setup(let message): return "SNMP set-up failed: \(message)"
        case let .openFailed(target, reason): return "cannot open SNMP session to \(target): \(reason)"
        case .timeout(let target): return "no SNMP answer from \(target)"
        case let .agentError(target, status, index): return "\(target) answered with SNMP error \(Self.statusName(status)) at varbind \(index)"
        case let .authenticationFailed(target, reason): return "SNMPv3 security check failed at \(target): \(reason)"
        case let .sendFailed(target, reason): return "cannot send SNMP request to \(target): \(reason)"
        case .budgetExhausted(let target): return "time budget for \(target) used up"
        case .cancelled: return "cancelled"
        }
    }

    static func statusName(_ status: Int) -> String {
        let names = ["noError", "tooBig", "noSuchName", "badValue", "readOnly", "genErr", "noAccess", "wrongType",
                     "wrongLength", "wrongEncoding", "wrongValue", "noCreation", "inconsistentValue",
                     "resourceUnavailable", "commitFailed", "undoFailed", "authorizationError", "notWritable", "inconsistentName"]
        return status >= 0 && status < names.count ? names[status] : "\(status)"
    }
}
