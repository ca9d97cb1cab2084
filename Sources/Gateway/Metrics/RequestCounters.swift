import CoreMetrics
import Prometheus
import Synchronization

/// `emostream.gateway.requests` counters by route template and status, made through the factory once per pair.
///
/// Route templates and statuses are both bounded, so the cache is too.
final class RequestCounters: Sendable {
    private struct Key: Hashable {
        var route: String
        var status: Int
    }

    private let factory: PrometheusMetricsFactory
    private let counters = Mutex<[Key: CoreMetrics.Counter]>([:])

    init(factory: PrometheusMetricsFactory) {
        self.factory = factory
    }

    func counter(route: String, status: Int) -> CoreMetrics.Counter {
        let key = Key(route: route, status: status)
        return counters.withLock { cache in
            if let counter = cache[key] { return counter }
            let counter = CoreMetrics.Counter(
                label: "emostream.gateway.requests", dimensions: [("route", route), ("status", String(status))],
                factory: factory
            )
            cache[key] = counter
            return counter
        }
    }
}
