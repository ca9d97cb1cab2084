import FanoutServer
import Metrics
import Synchronization

/// Live counters of one subscriber, kept both for swift-metrics and for callers (tests, health answers).
public final class SubscriberStatistics: Sendable {
    /// Windows from the publisher, history, windows out and slow viewers cut off, as `emostream.subscriber.*`.
    let windowFlow: WindowFlowStatistics
    private let viewersNow = Atomic<Int>(0)
    private let refusedCount = Atomic<Int>(0)

    private let efpConnections: Meter
    private let webSocketConnections: Meter
    private let refusedCounter: Counter
    private let deliveryLatency: Timer

    /// - Parameter factory: where the metrics go; the global `MetricsSystem` unless a test injects its own.
    init(subscriberName: String, factory: any MetricsFactory = MetricsSystem.factory) {
        let dimensions = [("subscriber", subscriberName)]
        func connections(_ transport: String) -> Meter {
            Meter(label: "emostream.subscriber.connections", dimensions: dimensions + [("transport", transport)], factory: factory)
        }
        efpConnections = connections("efp")
        webSocketConnections = connections("websocket")
        windowFlow = WindowFlowStatistics(prefix: "emostream.subscriber", dimensions: dimensions, factory: factory)
        refusedCounter = Counter(label: "emostream.subscriber.handshakes_refused", dimensions: dimensions, factory: factory)
        deliveryLatency = Timer(label: "emostream.subscriber.delivery_latency", dimensions: dimensions, factory: factory)
    }

    /// Viewers past their handshake right now.
    public var connectedViewers: Int { viewersNow.load(ordering: .relaxed) }
    /// Viewers cut off because their outbound queue overflowed.
    public var slowViewersDropped: Int { windowFlow.slowPeersDropped }
    /// Handshakes answered with an ERROR.
    public var handshakesRefused: Int { refusedCount.load(ordering: .relaxed) }
    /// Distinct windows received from the publisher.
    public var windowsReceived: Int { windowFlow.windowsReceived }

    func viewerJoined(_ transport: ViewerTransport) {
        viewersNow.add(1, ordering: .relaxed)
        connections(transport).increment()
    }

    func viewerLeft(_ transport: ViewerTransport) {
        viewersNow.subtract(1, ordering: .relaxed)
        connections(transport).decrement()
    }

    /// A live window handed to (or given up on for) the last of its viewers, `ageMilliseconds` after it ended.
    ///
    /// That age is the longest any of its viewers waited for it after it ended, the aggregator's lateness allowance
    /// and every hop included. It compares this host's clock with the gateway's, which stamped the records, so
    /// hosts must keep their clocks in sync (NTP) for it to mean that.
    func windowFannedOut(ageMilliseconds: Int64) {
        deliveryLatency.recordMilliseconds(max(0, ageMilliseconds))
    }

    func handshakeRefused() {
        refusedCount.add(1, ordering: .relaxed)
        refusedCounter.increment()
    }

    private func connections(_ transport: ViewerTransport) -> Meter {
        switch transport {
        case .efp: efpConnections
        case .webSocket: webSocketConnections
        }
    }
}
