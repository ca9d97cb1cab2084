import CoreMetrics
import Prometheus
import Synchronization

/// Metric handles kept by label and dimensions, made through the factory only the first time.
///
/// Every request counts itself; making a handle each time would go through `PrometheusMetricsFactory` (which
/// sanitises the name and takes the registry's lock) on the hot path. Dimensions are bounded (route templates,
/// statuses, outcomes), so the cache is too.
final class MetricHandles: Sendable {
    private struct Key: Hashable {
        var label: String
        var dimensions: [String]

        init(_ label: String, _ dimensions: [(String, String)]) {
            self.label = label
            self.dimensions = dimensions.flatMap { [$0.0, $0.1] }
        }
    }

    private let factory: PrometheusMetricsFactory
    private let counters = Mutex<[Key: CoreMetrics.Counter]>([:])
    private let timers = Mutex<[Key: CoreMetrics.Timer]>([:])

    init(factory: PrometheusMetricsFactory) {
        self.factory = factory
    }

    func counter(_ label: String, dimensions: [(String, String)] = []) -> CoreMetrics.Counter {
        let key = Key(label, dimensions)
        if let counter = counters.withLock({ $0[key] }) { return counter }
        let counter = CoreMetrics.Counter(label: label, dimensions: dimensions, factory: factory)
        return counters.withLock { cache in
            if let existing = cache[key] { return existing }
            cache[key] = counter
            return counter
        }
    }

    func timer(_ label: String, dimensions: [(String, String)] = []) -> CoreMetrics.Timer {
        let key = Key(label, dimensions)
        if let timer = timers.withLock({ $0[key] }) { return timer }
        let timer = CoreMetrics.Timer(label: label, dimensions: dimensions, factory: factory)
        return timers.withLock { cache in
            if let existing = cache[key] { return existing }
            cache[key] = timer
            return timer
        }
    }
}
