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
        registry.makeCounter(descriptor: .init(namespace: "census", metricName: "pushes", unitName: "total",
                                               helpText: "Bundles pushed to the server, by outcome"),
                             labels: [("outcome", outcome)]).increment()
    }

    func ingestDuration(_ duration: Duration) {
        registry.makeDurationHistogram(descriptor: .init(namespace: "census", metricName: "ingest_duration", unitName: "seconds",
                                                         helpText: "Time to ingest one bundle (decode, file, commit)"),
                                       buckets: [.milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250),
                                                 .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30)])
            .record(duration)
    }

    /// Every client's devices together. No client's name is a label: `/metrics` answers anyone,
    /// and an MSP's list of clients is its own (admins have per-client counts from GET /api/v1/clients).
    func devices(total: Int) {
        registry.makeGauge(descriptor: .init(namespace: "census", metricName: "devices", unitName: "", helpText: "Devices of every client"))
            .set(Double(total))
    }

    func request(status: Int) {
        registry.makeCounter(descriptor: .init(namespace: "census", subsystem: "http", metricName: "requests", unitName: "total",
                                               helpText: "HTTP requests answered, by status"),
                             labels: [("status", String(status))]).increment()
    }

    public func text() -> String { registry.emitToString() }
}
