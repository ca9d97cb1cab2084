import FanoutServer
import Metrics
import Synchronization

/// Live counters of one cluster publisher, kept both for swift-metrics and for callers (tests, logs).
public final class PublisherStatistics: Sendable {
    /// Windows in, history, windows out and slow subscribers cut off, as `emostream.publisher.*`.
    let windowFlow: WindowFlowStatistics
    private let subscribersNow = Atomic<Int>(0)
    private let subscribersGauge: Gauge

    /// - Parameter factory: where the metrics go; the global `MetricsSystem` unless a test injects its own.
    init(cluster: Int, factory: any MetricsFactory = MetricsSystem.factory) {
        let dimensions = [("cluster", "\(cluster)")]
        windowFlow = WindowFlowStatistics(prefix: "emostream.publisher", dimensions: dimensions, factory: factory)
        subscribersGauge = Gauge(label: "emostream.publisher.subscribers", dimensions: dimensions, factory: factory)
    }

    /// Subscribers past their handshake right now.
    public var connectedSubscribers: Int { subscribersNow.load(ordering: .relaxed) }

    func subscriberJoined() {
        subscribersGauge.record(subscribersNow.add(1, ordering: .relaxed).newValue)
    }

    func subscriberLeft() {
        subscribersGauge.record(subscribersNow.subtract(1, ordering: .relaxed).newValue)
    }
}
