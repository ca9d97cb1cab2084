import CoreMetrics
import Prometheus

/// The gateway's metrics, registered in its own Prometheus registry and served at `/metrics`.
///
/// Metrics are created through an injected factory rather than the global `MetricsSystem`, so several gateways
/// in one process (as in tests) keep separate counts.
public struct GatewayMetrics: Sendable {
    /// What `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        self.factory = PrometheusMetricsFactory(registry: registry)
    }

    /// Counts a finished request by route template (never the raw path, which is unbounded) and status.
    func requestFinished(route: String, status: Int) {
        Counter(
            label: "emostream.gateway.requests", dimensions: [("route", route), ("status", String(status))],
            factory: factory
        ).increment()
    }

    /// Records how long a produce took to be acknowledged (or to fail).
    func produceFinished(after duration: Duration, succeeded: Bool) {
        Timer(
            label: "emostream.gateway.produce.duration", dimensions: [("outcome", succeeded ? "acked" : "failed")],
            factory: factory
        ).recordNanoseconds(duration.nanoseconds)
    }

    /// Counts a registry change: `registered`, `moved`, `deregistered`.
    func registration(_ result: String) {
        Counter(label: "emostream.gateway.registrations", dimensions: [("result", result)], factory: factory).increment()
    }

    func rateLimited() {
        Counter(label: "emostream.gateway.rate_limited", dimensions: [], factory: factory).increment()
    }

    /// The Prometheus text exposition of every metric.
    func render() -> [UInt8] { registry.emitToBuffer() }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
