import CensusCore

/// Bounds on how much one device may cost.
public struct InterrogationSettings: Sendable {
    public var timeout: Duration = .milliseconds(800)
    public var retries: Int = 1
    /// Wall-clock budget for one device, all sections together.
    public var budget: Duration = .seconds(20)
    public var maxRepetitions: Int = 25
    /// Rows kept per walk; a larger table is cut and marked truncated.
    public var maxRowsPerWalk: Int = 5_000

    public init() {}
}
