import CensusCore

/// Bounds on how much one device may cost.
public struct InterrogationSettings: Sendable {
    /// How long each request waits for its answer (SNMPv1/v2c: the first question to a
    /// device waits `firstAttemptTimeout` instead, when it has retries left).
    public var timeout: Duration = .milliseconds(800)
    public var retries: Int = 1
    /// The wait of the very first request to a device over SNMPv1/v2c when a retry follows:
    /// a LAN agent answers within milliseconds, so a silent host is asked again early and only
    /// its later attempts wait the full `timeout`. An agent slower than this costs one request more.
    public var firstAttemptTimeout: Duration = .milliseconds(250)
    /// Wall-clock budget for one device, all sections together.
    public var budget: Duration = .seconds(20)
    public var maxRepetitions: Int = 25
    /// Rows kept per walk; a larger table is cut and marked truncated.
    public var maxRowsPerWalk: Int = 5_000

    public init() {}
}
