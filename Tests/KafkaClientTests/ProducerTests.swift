import KafkaClient
import Logging
import ServiceTestSupport
import Testing

@Suite("KafkaProducer against the in-process broker")
struct ProducerTests {
    @Test func deliveryReportsCarryConsecutiveOffsetsAndTheRecordTimestamp() async throws {
        try await RunningBroker.with { bootstrap in
            let producer = try KafkaProducer(configuration: producerConfiguration(bootstrap), logger: .quiet)
            let topic = uniqueTopic()
            try await producer.createTopics([NewTopic(name: topic, partitions: 1)])
            var reports: [KafkaDeliveryReport] = []
            for index in 0..<5 {
                let timestamp = KafkaTimestamp(millisecondsSinceEpoch: 1_700_000_000_000 + Int64(index))
                reports.append(try await producer.send(
                    topic: topic, key: Array("k\(index)".utf8), value: Array("v\(index)".utf8), timestamp: timestamp
                ))
            }
            #expect(reports.map(\.offset) == [0, 1, 2, 3, 4])
            #expect(reports.allSatisfy { $0.topic == topic && $0.partition == 0 })
            #expect(reports.map { $0.timestamp?.millisecondsSinceEpoch } == (0..<5).map { 1_700_000_000_000 + Int64($0) })
            await producer.shutdown()
        }
    }

    @Test func concurrentSendsEachGetTheirOwnOffset() async throws {
        try await RunningBroker.with { bootstrap in
            let producer = try KafkaProducer(configuration: producerConfiguration(bootstrap), logger: .quiet)
            let topic = uniqueTopic()
            let offsets = try await withThrowingTaskGroup(of: Int64.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        try await producer.send(topic: topic, value: Array("\(index)".utf8), partition: 1).offset
                    }
                }
                return try await group.reduce(into: [Int64]()) { $0.append($1) }
            }
            #expect(offsets.sorted() == Array(0..<200))
            await producer.shutdown()
        }
    }

    @Test func sendWaitsForRoomWhenTheLocalQueueIsFull() async throws {
        try await RunningBroker.with { bootstrap in
            var configuration = producerConfiguration(bootstrap)
            configuration.extra["queue.buffering.max.messages"] = "2"
            configuration.queueFullTimeoutMs = 30_000
            let producer = try KafkaProducer(configuration: configuration, logger: .quiet)
            let topic = uniqueTopic()
            let offsets = try await withThrowingTaskGroup(of: Int64.self) { group in
                for index in 0..<40 {
                    group.addTask { try await producer.send(topic: topic, value: [UInt8(index)], partition: 0).offset }
                }
                return try await group.reduce(into: [Int64]()) { $0.append($1) }
            }
            #expect(offsets.sorted() == Array(0..<40))
            await producer.shutdown()
        }
    }

    @Test func createTopicsCreatesPartitionsAndToleratesExistingTopics() async throws {
        try await RunningBroker.with(configure: { $0.autoCreateTopics = false }) { bootstrap in
            let producer = try KafkaProducer(configuration: producerConfiguration(bootstrap), logger: .quiet)
            let topic = uniqueTopic()
            let newTopic = NewTopic(name: topic, partitions: 4, configs: ["cleanup.policy": "compact"])
            try await producer.createTopics([newTopic])
            try await producer.createTopics([newTopic])
            let report = try await producer.send(topic: topic, key: [1], value: [2], partition: 3)
            #expect(report.partition == 3)
            let error = await #expect(throws: KafkaClientError.self) {
                _ = try await producer.send(topic: topic, value: [2], partition: 4)
            }
            #expect(error?.code == .unknownTopicOrPartition)
            await producer.shutdown()
        }
    }

    @Test func createTopicsRejectsAnInvalidPartitionCount() async throws {
        try await RunningBroker.with { bootstrap in
            let producer = try KafkaProducer(configuration: producerConfiguration(bootstrap), logger: .quiet)
            let error = await #expect(throws: KafkaClientError.self) {
                try await producer.createTopics([NewTopic(name: uniqueTopic(), partitions: 0)])
            }
            #expect(error?.code == .topicCreation)
            await producer.shutdown()
        }
    }

    @Test func enqueuedRecordsArriveAfterFlush() async throws {
        try await RunningBroker.with { bootstrap in
            let producer = try KafkaProducer(configuration: producerConfiguration(bootstrap), logger: .quiet)
            let topic = uniqueTopic()
            try await producer.createTopics([NewTopic(name: topic, partitions: 1)])
            for index in 0..<20 {
                try producer.enqueue(topic: topic, key: [UInt8(index)], value: Array("fire-and-forget \(index)".utf8))
            }
            try await producer.flush(timeout: .seconds(10))
            let consumer = try KafkaConsumer(configuration: consumerConfiguration(bootstrap), logger: .quiet)
            try await consumer.assign([TopicPartitionOffset(topic: topic, partition: 0, offset: .beginning)])
            let messages = try await read(20, from: consumer)
            #expect(messages.map(\.key) == (0..<20).map { [UInt8($0)] })
            await consumer.close()
            await producer.shutdown()
        }
    }

    @Test func isBrokerReachableAnswersForALiveBroker() async throws {
        try await RunningBroker.with { bootstrap in
            let producer = try KafkaProducer(configuration: producerConfiguration(bootstrap), logger: .quiet)
            #expect(await producer.isBrokerReachable(timeout: .seconds(5)))
            await producer.shutdown()
        }
    }

    @Test func librdkafkaLogLinesReachTheCallersLogger() async throws {
        try await RunningBroker.with { bootstrap in
            let captured = CapturedLog()
            var configuration = producerConfiguration(bootstrap)
            configuration.extra["debug"] = "broker"
            let producer = try KafkaProducer(configuration: configuration, logger: captured.logger)
            #expect(await producer.isBrokerReachable(timeout: .seconds(5)))
            await producer.shutdown()
            #expect(captured.hasLine(withMetadataKey: "rdkafka.facility"))
        }
    }

    @Test func theDefaultIdempotentProducerDeliversEveryRecordOnce() async throws {
        try await RunningBroker.with { bootstrap in
            var configuration = KafkaProducerConfiguration(bootstrapServers: [bootstrap])
            configuration.lingerMs = 1
            #expect(configuration.enableIdempotence && configuration.acks == .all)
            let producer = try KafkaProducer(configuration: configuration, logger: .quiet)
            let topic = uniqueTopic()
            try await producer.createTopics([NewTopic(name: topic, partitions: 1)])
            let offsets = try await withThrowingTaskGroup(of: Int64.self) { group in
                for index in 0..<50 {
                    group.addTask { try await producer.send(topic: topic, value: [UInt8(index)]).offset }
                }
                return try await group.reduce(into: [Int64]()) { $0.append($1) }
            }
            #expect(offsets.sorted() == Array(0..<50))
            await producer.shutdown()
        }
    }
}
