import FanoutServer
import Metrics
import Testing

/// The counts a server reads back from its window counters (the metric names are checked end to end in
/// FanoutServiceTests' FanoutMetricsTests).
@Suite struct WindowFlowStatisticsTests {
    @Test func countsWhatItIsTold() {
        let statistics = WindowFlowStatistics(prefix: "test", dimensions: [], factory: NOOPMetricsHandler.instance)
        statistics.windowReceived(historyWindows: 1)
        statistics.windowReceived(historyWindows: 2)
        statistics.windowsDelivered(3)
        statistics.windowsDelivered(0)
        statistics.windowsDelivered(1)
        statistics.slowPeerDropped()
        #expect(statistics.windowsReceived == 2)
        #expect(statistics.windowsDelivered == 4)
        #expect(statistics.slowPeersDropped == 1)
    }
}
