import Foundation
import Prometheus

/// The server's Prometheus metrics (served at `/metrics`). One registry per server, so tests
/// running several servers in one process do not share counts.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()

    public init() {}

    /// A push, by outcome: `created`, `duplicate`, `refused` (auth or client), `bad` (malformed,
    /// too large), `failed` (store).
    func push(_ outcome: String) {
        registry.makeCounter(name: "census_pushes_total", labels: [("outcome", outcome)],
                             help: "Bundles pushed to the server, by outcome").increment()
    }

    func ingestDuration(_ duration: Duration) {
        registry.makeDurationHistogram(name: "census_ingest_duration_seconds", labels: [],
                                       buckets: [.milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250),
                                                 .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30)],
                                       help: "Time to ingest one bundle (decode, file, commit)").record(duration)
    }

    func devices(_ count: Int, client: String) {
        registry.makeGauge(name: "census_devices", labels: [("client", client)], help: "Devices per client").set(Double(count))
    }

    func request(status: Int) {
        registry.makeCounter(name: "census_http_requests_total", labels: [("status", String(status))],
                             help: "HTTP requests answered, by status").increment()
    }

    public func text() -> String { registry.emitToString() }
}
