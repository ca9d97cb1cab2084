import CoreMetrics
import MetricsEndpoint
import Prometheus
import Synchronization

/// The gateway's metrics, registered in its own Prometheus registry and served at `/metrics`.
///
/// Metrics are created through a factory for that registry rather than the global `MetricsSystem`, so several
/// gateways in one process (as in tests) keep separate counts. Handles with fixed dimensions are made once here;
/// only request counters, whose (route, status) pairs are seen as they come, are made on first use and cached, so
/// the hot path never goes through the factory (which sanitises names and takes the registry's lock).
public struct GatewayMetrics: Sendable {
    /// What `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    private let requests: RequestCounters
    private let producesAcked: CoreMetrics.Timer
    private let producesFailed: CoreMetrics.Timer
    private let registrations: [String: CoreMetrics.Counter]
    private let rateLimitedCounter: CoreMetrics.Counter

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        let factory = MetricsBootstrap.makeFactory(registry: registry)
        func produceTimer(_ outcome: String) -> CoreMetrics.Timer {
            CoreMetrics.Timer(label: "emostream.gateway.produce.duration", dimensions: [("outcome", outcome)], factory: factory)
        }
        self.registry = registry
        requests = RequestCounters(factory: factory)
        producesAcked = produceTimer("acked")
        producesFailed = produceTimer("failed")
        registrations = Dictionary(uniqueKeysWithValues: ["registered", "moved", "deregistered"].map { result in
            (result, CoreMetrics.Counter(label: "emostream.gateway.registrations", dimensions: [("result", result)], factory: factory))
        })
        rateLimitedCounter = CoreMetrics.Counter(label: "emostream.gateway.rate_limited", factory: factory)
    }

    /// Counts a finished request by route template (never the raw path, which is unbounded) and status.
    func requestFinished(route: String, status: Int) {
        requests.counter(route: route, status: status).increment()
    }

    /// Records how long a produce took to be acknowledged (or to fail).
    func produceFinished(after duration: Duration, succeeded: Bool) {
        (succeeded ? producesAcked : producesFailed).record(duration: duration)
    }

    /// Counts a registry change: `registered`, `moved`, `deregistered`.
    func registration(_ result: String) {
        registrations[result]?.increment()
    }

    func rateLimited() {
        rateLimitedCounter.increment()
    }

    /// The Prometheus text exposition of every metric.
    func render() -> [UInt8] { registry.emitToBuffer() }
}
