import CoreMetrics
import Prometheus

/// Makes swift-prometheus the process's `MetricsSystem` backend, once, the same way for every EmoStream service.
///
/// Libraries create their metrics through `MetricsSystem.factory` (or a factory a test injects); after this
/// bootstrap those land in one registry, which ``MetricsEndpoint`` renders at `GET /metrics`.
public enum MetricsBootstrap {
    /// Latency buckets from 100 µs to 30 s: an fsync takes a fraction of a millisecond on an SSD, while a window
    /// reaches viewers seconds after it ends; Prometheus' default buckets would put every fsync in the first one.
    public static let durationBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500),
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2_500), .seconds(5), .seconds(10), .seconds(30),
    ]

    /// The process-wide registry; the first access bootstraps `MetricsSystem` with it.
    private static let processRegistry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(makeFactory(registry: registry))
        return registry
    }()

    /// Bootstraps `MetricsSystem` on the first call and returns the registry behind it; later calls return the
    /// same registry. Call it before creating the services, whose metrics come from `MetricsSystem.factory`.
    @discardableResult
    public static func bootstrap() -> PrometheusCollectorRegistry {
        processRegistry
    }

    /// A factory recording into `registry` with EmoStream's latency buckets, for the process or for a test.
    public static func makeFactory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = durationBuckets
        return factory
    }
}
