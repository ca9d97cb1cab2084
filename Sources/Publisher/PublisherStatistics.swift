import Metrics
import Synchronization

/// Live counters of one cluster publisher, kept both for swift-metrics and for callers (tests, logs).
public final class PublisherStatistics: Sendable {
    private let subscribersNow = Atomic<Int>(0)
    private let received = Atomic<Int>(0)
    private let delivered = Atomic<Int>(0)
    private let dropped = Atomic<Int>(0)

    private let subscribersGauge: Gauge
    private let receivedCounter: Counter
    private let deliveredCounter: Counter
    private let droppedCounter: Counter
    private let historyGauge: Gauge

    /// - Parameter factory: where the metrics go; the global `MetricsSystem` unless a test injects its own.
    init(cluster: Int, factory: any MetricsFactory = MetricsSystem.factory) {
        let dimensions = [("cluster", "\(cluster)")]
        subscribersGauge = Gauge(label: "emostream.publisher.subscribers", dimensions: dimensions, factory: factory)
        receivedCounter = Counter(label: "emostream.publisher.windows_received", dimensions: dimensions, factory: factory)
        deliveredCounter = Counter(label: "emostream.publisher.windows_delivered", dimensions: dimensions, factory: factory)
        droppedCounter = Counter(label: "emostream.publisher.queue_drops", dimensions: dimensions, factory: factory)
        historyGauge = Gauge(label: "emostream.publisher.history_windows", dimensions: dimensions, factory: factory)
    }

    /// Subscribers past their handshake right now.
    public var connectedSubscribers: Int { subscribersNow.load(ordering: .relaxed) }
    /// Distinct windows read from Kafka.
    public var windowsReceived: Int { received.load(ordering: .relaxed) }
    /// Window frames handed to subscriber sockets, replays included.
    public var windowsDelivered: Int { delivered.load(ordering: .relaxed) }
    /// Subscribers cut off because their outbound queue overflowed.
    public var slowSubscribersDropped: Int { dropped.load(ordering: .relaxed) }

    func subscriberJoined() {
        subscribersGauge.record(subscribersNow.add(1, ordering: .relaxed).newValue)
    }

    func subscriberLeft() {
        subscribersGauge.record(subscribersNow.subtract(1, ordering: .relaxed).newValue)
    }

    /// A new window, after which the history holds `historyWindows` windows over all rooms.
    func windowReceived(historyWindows: Int) {
        received.add(1, ordering: .relaxed)
        receivedCounter.increment()
        historyGauge.record(historyWindows)
    }

    func windowsDelivered(_ count: Int) {
        delivered.add(count, ordering: .relaxed)
        deliveredCounter.increment(by: count)
    }

    func slowSubscriberDropped() {
        dropped.add(1, ordering: .relaxed)
        droppedCounter.increment()
    }
}
