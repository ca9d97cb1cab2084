import Metrics
import Synchronization

/// The window counters every server of EFP peers keeps: windows in, the history they fill, windows out and
/// peers cut off as too slow.
///
/// Each count goes both to swift-metrics, as `<prefix>.windows_received`, `<prefix>.history_windows`,
/// `<prefix>.windows_delivered` and `<prefix>.queue_drops`, and to an atomic its server reads back (tests,
/// health answers).
public final class WindowFlowStatistics: Sendable {
    private let received = Atomic<Int>(0)
    private let delivered = Atomic<Int>(0)
    private let dropped = Atomic<Int>(0)

    private let receivedCounter: Counter
    private let historyGauge: Gauge
    private let deliveredCounter: Counter
    private let droppedCounter: Counter

    /// - Parameters:
    ///   - prefix: the server's metric namespace, e.g. `emostream.publisher`.
    ///   - dimensions: what tells servers of one kind apart (their cluster, their name).
    ///   - factory: where the metrics go.
    public init(prefix: String, dimensions: [(String, String)], factory: any MetricsFactory) {
        receivedCounter = Counter(label: "\(prefix).windows_received", dimensions: dimensions, factory: factory)
        historyGauge = Gauge(label: "\(prefix).history_windows", dimensions: dimensions, factory: factory)
        deliveredCounter = Counter(label: "\(prefix).windows_delivered", dimensions: dimensions, factory: factory)
        droppedCounter = Counter(label: "\(prefix).queue_drops", dimensions: dimensions, factory: factory)
    }

    /// Distinct windows received from upstream.
    public var windowsReceived: Int { received.load(ordering: .relaxed) }
    /// Window frames handed to peer sockets, replays included.
    public var windowsDelivered: Int { delivered.load(ordering: .relaxed) }
    /// Peers cut off because their outbound queue overflowed.
    public var slowPeersDropped: Int { dropped.load(ordering: .relaxed) }

    /// A new window, after which the history holds `historyWindows` windows over all rooms.
    public func windowReceived(historyWindows: Int) {
        received.add(1, ordering: .relaxed)
        receivedCounter.increment()
        historyGauge.record(historyWindows)
    }

    /// `count` window frames handed to one peer's socket.
    public func windowsDelivered(_ count: Int) {
        delivered.add(count, ordering: .relaxed)
        deliveredCounter.increment(by: count)
    }

    public func slowPeerDropped() {
        dropped.add(1, ordering: .relaxed)
        droppedCounter.increment()
    }
}
