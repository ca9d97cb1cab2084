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
            try await createTopic("metered", port: port)
            var builder = RecordBatchBuilder(baseTimestamp: 1_700_000_000_000)
            for index in 0..<10 { builder.append(key: nil, value: ByteBuffer(string: "value \(index)")) }
            let batch = builder.build()
            #expect(try await produce(topic: "metered", records: batch, port: port) == KafkaErrorCode.none)
            #expect(try await fetchedBytes(topic: "metered", port: port) == batch.readableBytes)

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

    private func createTopic(_ name: String, port: Int) async throws {
        let request = RawKafkaConnection.frame(apiKey: ApiKey.createTopics.rawValue, version: 4, correlationID: 1) {
            CreateTopicsRequest(topics: [.init(name: name, numPartitions: 1, replicationFactor: 1)]).encode(into: &$0, version: 4)
        }
        var frame = try #require(try await RawKafkaConnection.connect(port: port).exchange([request], expecting: 1).first)
        _ = try ResponseHeader.decode(from: &frame, headerVersion: 0)
        #expect(try CreateTopicsResponse(from: &frame, version: 4).topics.first?.errorCode == KafkaErrorCode.none)
    }

    private func produce(topic: String, records: ByteBuffer, port: Int) async throws -> KafkaErrorCode? {
        let request = RawKafkaConnection.frame(apiKey: ApiKey.produce.rawValue, version: 7, correlationID: 2) {
            ProduceRequest(acks: -1, timeoutMs: 5000, topics: [.init(name: topic, partitions: [.init(index: 0, records: records)])])
                .encode(into: &$0, version: 7)
        }
        var frame = try #require(try await RawKafkaConnection.connect(port: port).exchange([request], expecting: 1).first)
        _ = try ResponseHeader.decode(from: &frame, headerVersion: 0)
        return try ProduceResponse(from: &frame, version: 7).responses.first?.partitions.first?.errorCode
    }

    private func fetchedBytes(topic: String, port: Int) async throws -> Int {
        let request = RawKafkaConnection.frame(apiKey: ApiKey.fetch.rawValue, version: 11, correlationID: 3) {
            FetchRequest(
                maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 20,
                topics: [.init(topic: topic, partitions: [.init(partition: 0, fetchOffset: 0, partitionMaxBytes: 1 << 20)])]
            ).encode(into: &$0, version: 11)
        }
        var frame = try #require(try await RawKafkaConnection.connect(port: port).exchange([request], expecting: 1).first)
        _ = try ResponseHeader.decode(from: &frame, headerVersion: 0)
        let partition = try #require(try FetchResponse(from: &frame, version: 11).responses.first?.partitions.first)
        return partition.records?.readableBytes ?? 0
    }
}
