import Metrics
import Synchronization

/// Live counters of one subscriber, kept both for swift-metrics and for callers (tests, health answers).
public final class SubscriberStatistics: Sendable {
    private let viewersNow = Atomic<Int>(0)
    private let delivered = Atomic<Int>(0)
    private let dropped = Atomic<Int>(0)
    private let refusedCount = Atomic<Int>(0)
    private let upstreamWindows = Atomic<Int>(0)

    private let connectionsGauge: Gauge
    private let deliveredCounter: Counter
    private let droppedCounter: Counter
    private let refusedCounter: Counter
    private let upstreamCounter: Counter

    init(subscriberName: String) {
        let dimensions = [("subscriber", subscriberName)]
        connectionsGauge = Gauge(label: "emostream.subscriber.connections", dimensions: dimensions)
        deliveredCounter = Counter(label: "emostream.subscriber.windows_delivered", dimensions: dimensions)
        droppedCounter = Counter(label: "emostream.subscriber.queue_drops", dimensions: dimensions)
        refusedCounter = Counter(label: "emostream.subscriber.handshakes_refused", dimensions: dimensions)
        upstreamCounter = Counter(label: "emostream.subscriber.windows_received", dimensions: dimensions)
    }

    /// Viewers past their handshake right now.
    public var connectedViewers: Int { viewersNow.load(ordering: .relaxed) }
    /// Window frames handed to viewer sockets, replays included.
    public var windowsDelivered: Int { delivered.load(ordering: .relaxed) }
    /// Viewers cut off because their outbound queue overflowed.
    public var slowViewersDropped: Int { dropped.load(ordering: .relaxed) }
    /// Handshakes answered with an ERROR.
    public var handshakesRefused: Int { refusedCount.load(ordering: .relaxed) }
    /// Distinct windows received from the publisher.
    public var windowsReceived: Int { upstreamWindows.load(ordering: .relaxed) }

    func viewerJoined() {
        connectionsGauge.record(viewersNow.add(1, ordering: .relaxed).newValue)
    }

    func viewerLeft() {
        connectionsGauge.record(viewersNow.subtract(1, ordering: .relaxed).newValue)
    }

    func windowsDelivered(_ count: Int) {
        delivered.add(count, ordering: .relaxed)
        deliveredCounter.increment(by: count)
    }

    func slowViewerDropped() {
        dropped.add(1, ordering: .relaxed)
        droppedCounter.increment()
    }

    func handshakeRefused() {
        refusedCount.add(1, ordering: .relaxed)
        refusedCounter.increment()
    }

    func windowReceived() {
        upstreamWindows.add(1, ordering: .relaxed)
        upstreamCounter.increment()
    }
}
