import Metrics
import Synchronization

/// Live counters of one subscriber, kept both for swift-metrics and for callers (tests, health answers).
public final class SubscriberStatistics: Sendable {
    private let viewersNow = Atomic<Int>(0)
    private let delivered = Atomic<Int>(0)
    private let dropped = Atomic<Int>(0)
    private let refusedCount = Atomic<Int>(0)
    private let upstreamWindows = Atomic<Int>(0)

    private let efpConnections: Meter
    private let webSocketConnections: Meter
    private let deliveredCounter: Counter
    private let droppedCounter: Counter
    private let refusedCounter: Counter
    private let upstreamCounter: Counter
    private let historyGauge: Gauge
    private let deliveryLatency: Timer

    /// - Parameter factory: where the metrics go; the global `MetricsSystem` unless a test injects its own.
    init(subscriberName: String, factory: any MetricsFactory = MetricsSystem.factory) {
        let dimensions = [("subscriber", subscriberName)]
        func connections(_ transport: String) -> Meter {
            Meter(label: "emostream.subscriber.connections", dimensions: dimensions + [("transport", transport)], factory: factory)
        }
        efpConnections = connections("efp")
        webSocketConnections = connections("websocket")
        deliveredCounter = Counter(label: "emostream.subscriber.windows_delivered", dimensions: dimensions, factory: factory)
        droppedCounter = Counter(label: "emostream.subscriber.queue_drops", dimensions: dimensions, factory: factory)
        refusedCounter = Counter(label: "emostream.subscriber.handshakes_refused", dimensions: dimensions, factory: factory)
        upstreamCounter = Counter(label: "emostream.subscriber.windows_received", dimensions: dimensions, factory: factory)
        historyGauge = Gauge(label: "emostream.subscriber.history_windows", dimensions: dimensions, factory: factory)
        deliveryLatency = Timer(label: "emostream.subscriber.delivery_latency", dimensions: dimensions, factory: factory)
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

    func viewerJoined(_ transport: ViewerTransport) {
        viewersNow.add(1, ordering: .relaxed)
        connections(transport).increment()
    }

    func viewerLeft(_ transport: ViewerTransport) {
        viewersNow.subtract(1, ordering: .relaxed)
        connections(transport).decrement()
    }

    /// Replayed windows handed to a viewer after its handshake.
    func windowsReplayed(_ count: Int) {
        delivered.add(count, ordering: .relaxed)
        deliveredCounter.increment(by: count)
    }

    /// A live window handed to a viewer's socket.
    func liveWindowDelivered() {
        delivered.add(1, ordering: .relaxed)
        deliveredCounter.increment()
    }

    /// A live window handed to (or given up on for) the last of its viewers, `ageMilliseconds` after it ended.
    ///
    /// That age is the longest any of its viewers waited for it after it ended, the aggregator's lateness allowance
    /// and every hop included. It compares this host's clock with the gateway's, which stamped the records, so
    /// hosts must keep their clocks in sync (NTP) for it to mean that.
    func windowFannedOut(ageMilliseconds: Int64) {
        deliveryLatency.recordMilliseconds(max(0, ageMilliseconds))
    }

    func slowViewerDropped() {
        dropped.add(1, ordering: .relaxed)
        droppedCounter.increment()
    }

    func handshakeRefused() {
        refusedCount.add(1, ordering: .relaxed)
        refusedCounter.increment()
    }

    /// A new window from the publisher, after which the history holds `historyWindows` windows over all rooms.
    func windowReceived(historyWindows: Int) {
        upstreamWindows.add(1, ordering: .relaxed)
        upstreamCounter.increment()
        historyGauge.record(historyWindows)
    }

    private func connections(_ transport: ViewerTransport) -> Meter {
        switch transport {
        case .efp: efpConnections
        case .webSocket: webSocketConnections
        }
    }
}
