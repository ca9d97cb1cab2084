@testable import Broker
import Foundation
import KafkaProtocol
import Logging
import Metrics
import MetricsEndpoint
import NIOCore
import Prometheus
import ServiceLifecycle
import ServiceTestSupport
import Testing

/// The broker's metrics move with real traffic: a broker in-process, raw Kafka requests, its own registry.
@Suite("Broker metrics", .timeLimit(.minutes(1)))
struct BrokerMetricsTests {
    @Test func produceFetchFsyncAndRequestsAreCounted() async throws {
        let registry = PrometheusCollectorRegistry()
        try await RunningBroker.run(metrics: Self.metrics(into: registry)) { running in
            let port = running.port
            try await WireExchange.createTopic("metered", partitions: 1, port: port)
            var builder = RecordBatchBuilder(baseTimestamp: 1_700_000_000_000)
            for index in 0..<10 { builder.append(key: nil, value: ByteBuffer(string: "value \(index)")) }
            let batch = builder.build()
            #expect(try await WireExchange.produce(topic: "metered", records: batch, port: port).errorCode == KafkaErrorCode.none)
            #expect(try await WireExchange.fetch(topic: "metered", offset: 0, port: port).records?.readableBytes == batch.readableBytes)

            let text = registry.emitToString()
            #expect(sample(#"emostream_broker_produce_records{topic="metered"}"#, in: text) == 10)
            #expect(sample(#"emostream_broker_produce_bytes{topic="metered"}"#, in: text) == Double(batch.readableBytes))
            #expect(sample(#"emostream_broker_fetch_records{topic="metered"}"#, in: text) == 10)
            #expect(sample(#"emostream_broker_fetch_bytes{topic="metered"}"#, in: text) == Double(batch.readableBytes))
            #expect(sample(#"emostream_broker_requests{api="createTopics"}"#, in: text) == 1)
            #expect(sample(#"emostream_broker_requests{api="produce"}"#, in: text) == 1)
            #expect(sample(#"emostream_broker_requests{api="fetch"}"#, in: text) == 1)
            #expect(sample(#"emostream_broker_requests{api="unknown"}"#, in: text) == 0)
            // The acks=all produce waited for a group-commit pass; the pass is recorded right after it completes.
            try await eventually("the fsync pass is recorded") {
                (sample("emostream_broker_fsync_duration_count", in: registry.emitToString()) ?? 0) >= 1
            }

            running.broker.refreshStorageMetrics()
            let storage = registry.emitToString()
            #expect(sample(#"emostream_broker_log_end_offset{topic="metered",partition="0"}"#, in: storage) == 10)
            #expect(sample("emostream_broker_topics", in: storage) == 1)
            #expect(sample("emostream_broker_partitions", in: storage) == 1)
            #expect(sample("emostream_broker_groups", in: storage) == 0)
        }
    }

    @Test func openConnectionsAreAGauge() async throws {
        let registry = PrometheusCollectorRegistry()
        try await RunningBroker.run(metrics: Self.metrics(into: registry)) { running in
            let connection = try await RawKafkaConnection.connect(port: running.port)
            try await eventually("the connection is counted") {
                sample("emostream_broker_connections", in: registry.emitToString()) == 1
            }
            try await connection.channel.executeThenClose { _, _ in }
            try await eventually("the closed connection is no longer counted") {
                sample("emostream_broker_connections", in: registry.emitToString()) == 0
            }
        }
    }

    @Test func seriesOfVanishedTopicsAreRemoved() {
        let registry = PrometheusCollectorRegistry()
        let metrics = BrokerMetrics(factory: MetricsBootstrap.makeFactory(registry: registry))
        metrics.produced(topic: "kept", bytes: 100, records: 2)
        metrics.produced(topic: "deleted", bytes: 50, records: 1)
        metrics.storageObserved(
            logEndOffsets: [("kept", 0, 2), ("deleted", 0, 1), ("deleted", 1, 0)], groupCount: 3
        )
        var text = registry.emitToString()
        #expect(sample(#"emostream_broker_log_end_offset{topic="deleted",partition="1"}"#, in: text) == 0)
        #expect(sample("emostream_broker_partitions", in: text) == 3)
        #expect(sample("emostream_broker_groups", in: text) == 3)

        metrics.storageObserved(logEndOffsets: [("kept", 0, 5)], groupCount: 1)
        text = registry.emitToString()
        #expect(sample(#"emostream_broker_log_end_offset{topic="kept",partition="0"}"#, in: text) == 5)
        #expect(!text.contains(#"topic="deleted""#))
        #expect(sample(#"emostream_broker_produce_records{topic="kept"}"#, in: text) == 2)
        #expect(sample("emostream_broker_topics", in: text) == 1)
    }

    // MARK: - Helpers

    private static func metrics(into registry: PrometheusCollectorRegistry) -> BrokerMetrics {
        BrokerMetrics(factory: MetricsBootstrap.makeFactory(registry: registry))
    }
}
