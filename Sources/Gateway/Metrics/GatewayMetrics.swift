import CoreMetrics
import Prometheus

/// The gateway's metrics, registered in its own Prometheus registry and served at `/metrics`.
///
/// Metrics are created through an injected factory rather than the global `MetricsSystem`, so several gateways
/// in one process (as in tests) keep separate counts.
public struct GatewayMetrics: Sendable {
    /// What `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    private let handles: MetricHandles

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        self.handles = MetricHandles(factory: PrometheusMetricsFactory(registry: registry))
    }

    /// Counts a finished request by route template (never the raw path, which is unbounded) and status.
    func requestFinished(route: String, status: Int) {
        handles.counter("emostream.gateway.requests", dimensions: [("route", route), ("status", String(status))])
            .increment()
    }

    /// Records how long a produce took to be acknowledged (or to fail).
    func produceFinished(after duration: Duration, succeeded: Bool) {
        handles.timer("emostream.gateway.produce.duration", dimensions: [("outcome", succeeded ? "acked" : "failed")])
            .record(duration: duration)
    }

    /// Counts a registry change: `registered`, `moved`, `deregistered`.
    func registration(_ result: String) {
        handles.counter("emostream.gateway.registrations", dimensions: [("result", result)]).increment()
    }

    func rateLimited() {
        handles.counter("emostream.gateway.rate_limited").increment()
    }

    /// The Prometheus text exposition of every metric.
    func render() -> [UInt8] { registry.emitToBuffer() }
}
