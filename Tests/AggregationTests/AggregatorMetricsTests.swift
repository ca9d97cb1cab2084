import Aggregation
import KafkaClient
import MetricsEndpoint
import Prometheus
import ServiceLifecycle
import ServiceTestSupport
import Testing

/// The aggregator's metrics move with real records: an in-process broker, the service, a registry of its own.
@Suite("Aggregator metrics", .timeLimit(.minutes(2)))
struct AggregatorMetricsTests {
    @Test func countedAndLateRecordsClosedWindowsAndTheirLagAreRecorded() async throws {
        try await RunningBroker.with { bootstrap in
            let topics = TestTopics(bootstrap: bootstrap)
            let producer = try topics.producer()
            try await topics.createInput(partitions: 1, using: producer)
            let now = KafkaTimestamp.now().millisecondsSinceEpoch
            for index in 0..<20 {
                _ = try await producer.send(
                    topic: topics.input, key: Array("stage".utf8), value: emojiValue("🔥", room: "stage", user: index),
                    timestamp: KafkaTimestamp(millisecondsSinceEpoch: now)
                )
            }
            // A minute older than everything before it on the same partition: behind the watermark, so dropped.
            _ = try await producer.send(
                topic: topics.input, key: Array("stage".utf8), value: emojiValue("🐢", room: "stage", user: 99),
                timestamp: KafkaTimestamp(millisecondsSinceEpoch: now - 60_000)
            )
            await producer.shutdown()

            let registry = PrometheusCollectorRegistry()
            let metrics = AggregatorMetrics(factory: MetricsBootstrap.makeFactory(registry: registry))
            let service = try AggregatorService(configuration: topics.aggregatorConfiguration(), logger: .quiet, metrics: metrics)
            let group = ServiceGroup(services: [service], logger: .quiet)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                defer { tasks.cancelAll() }
                do {
                    try await eventually("the window is closed and every record accounted for") {
                        let text = registry.emitToString()
                        return (sample(#"emostream_aggregator_records{outcome="counted"}"#, in: text) ?? 0) >= 20
                            && (sample("emostream_aggregator_late_records_dropped", in: text) ?? 0) >= 1
                            && (sample("emostream_aggregator_windows", in: text) ?? 0) >= 1
                            && (sample("emostream_aggregator_window_close_lag_count", in: text) ?? 0) >= 1
                    }
                    let text = registry.emitToString()
                    #expect((sample(#"emostream_aggregator_records{outcome="late"}"#, in: text) ?? 0) >= 1)
                    #expect(sample(#"emostream_aggregator_records{outcome="invalid"}"#, in: text) == 0)
                } catch {
                    await group.triggerGracefulShutdown()
                    throw error
                }
                await group.triggerGracefulShutdown()
                try await tasks.next()
            }
        }
    }
}
