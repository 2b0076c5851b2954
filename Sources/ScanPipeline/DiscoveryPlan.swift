/// What a discovery would do, for `--dry-run`: nothing is sent to make it.
public struct DiscoveryPlan: Sendable, Codable, Equatable {
    public var interface: String
    public var sourceIP: String
    public var sourceMAC: String
    public var ranges: [String]
    public var excluded: [String]
    public var targets: Int
    public var firstTarget: String
    public var lastTarget: String
    public var packetsPerSecond: Double
    public var maxPacketsPerSecond: Double
    public var retries: Int
    public var timeoutMs: Int
    public var bestCaseSeconds: Double
    public var expectedSeconds: Double
    public var worstCaseSeconds: Double
}
