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

    init(cluster: Int) {
        let dimensions = [("cluster", "\(cluster)")]
        subscribersGauge = Gauge(label: "emostream.publisher.subscribers", dimensions: dimensions)
        receivedCounter = Counter(label: "emostream.publisher.windows_received", dimensions: dimensions)
        deliveredCounter = Counter(label: "emostream.publisher.windows_delivered", dimensions: dimensions)
        droppedCounter = Counter(label: "emostream.publisher.queue_drops", dimensions: dimensions)
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

    func windowReceived() {
        received.add(1, ordering: .relaxed)
        receivedCounter.increment()
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
