import KafkaClient
import Logging
import ServiceTestSupport
import Testing

@Suite("KafkaConsumer with assigned partitions")
struct ConsumerTests {
    /// Records with every shape a field can take: null and empty keys and values, headers, explicit timestamps.
    static let records: [(key: [UInt8]?, value: [UInt8]?, headers: [KafkaHeader])] = [
        (Array("room-1".utf8), Array("😊".utf8), [KafkaHeader(key: "source", value: Array("test".utf8))]),
        (nil, Array("no key".utf8), []),
        (Array("room-2".utf8), nil, []),
        (Array("room-3".utf8), [], [KafkaHeader(key: "empty", value: []), KafkaHeader(key: "null", value: nil)]),
        ([], Array(repeating: 0xAB, count: 10_000), []),
    ]

    @Test func assignReadsBackExactlyWhatWasProduced() async throws {
        try await RunningBroker.with { bootstrap in
            let producer = try KafkaProducer(configuration: producerConfiguration(bootstrap), logger: .quiet)
            let topic = uniqueTopic()
            try await producer.createTopics([NewTopic(name: topic, partitions: 1)])
            for (index, record) in Self.records.enumerated() {
                _ = try await producer.send(
                    topic: topic, key: record.key, value: record.value, headers: record.headers,
                    timestamp: KafkaTimestamp(millisecondsSinceEpoch: 1_000 * Int64(index + 1))
                )
            }
            let consumer = try KafkaConsumer(configuration: consumerConfiguration(bootstrap), logger: .quiet)
            try await consumer.assign([TopicPartitionOffset(topic: topic, partition: 0, offset: .beginning)])
            let messages = try await read(Self.records.count, from: consumer)

            #expect(messages.map(\.offset) == Array(0..<Int64(Self.records.count)))
            #expect(messages.allSatisfy { $0.topic == topic && $0.partition == 0 })
            #expect(messages.map(\.key) == Self.records.map(\.key))
            #expect(messages.map(\.value) == Self.records.map(\.value))
            #expect(messages.map(\.headers) == Self.records.map(\.headers))
            #expect(messages.map { $0.timestamp?.millisecondsSinceEpoch } == (1...5).map { 1_000 * Int64($0) })
            await consumer.close()
            await producer.shutdown()
        }
    }

    @Test func assignStartsAtAConcreteOffset() async throws {
        try await RunningBroker.with { bootstrap in
            let topic = try await produceNumbered(10, bootstrap: bootstrap)
            let consumer = try KafkaConsumer(configuration: consumerConfiguration(bootstrap), logger: .quiet)
            try await consumer.assign([TopicPartitionOffset(topic: topic, partition: 0, offset: 6)])
            let messages = try await read(4, from: consumer)
            #expect(messages.map(\.offset) == [6, 7, 8, 9])
            #expect(messages.map(\.value) == (6..<10).map { Array("record \($0)".utf8) })
            await consumer.close()
        }
    }

    @Test func aSlowReaderGetsEveryRecordInOrder() async throws {
        try await RunningBroker.with { bootstrap in
            let topic = try await produceNumbered(300, bootstrap: bootstrap)
            var configuration = consumerConfiguration(bootstrap)
            // Far fewer than the records, so the poller has to pause and resume many times.
            configuration.bufferedMessages = 7
            let consumer = try KafkaConsumer(configuration: configuration, logger: .quiet)
            try await consumer.assign([TopicPartitionOffset(topic: topic, partition: 0, offset: .beginning)])
            let messages = try await withHangGuard("slow reading") {
                var messages: [KafkaConsumerMessage] = []
                for try await message in consumer.messages {
                    messages.append(message)
                    if messages.count % 50 == 0 { try await Task.sleep(for: .milliseconds(20)) }
                    if messages.count == 300 { break }
                }
                return messages
            }
            #expect(messages.map(\.offset) == Array(0..<300))
            await consumer.close()
        }
    }

    @Test func seekRereadsFromTheNewPositionWithoutStaleRecords() async throws {
        try await RunningBroker.with { bootstrap in
            let topic = try await produceNumbered(20, bootstrap: bootstrap)
            let consumer = try KafkaConsumer(configuration: consumerConfiguration(bootstrap), logger: .quiet)
            try await consumer.assign([TopicPartitionOffset(topic: topic, partition: 0, offset: .beginning)])
            let first = try await read(3, from: consumer)
            #expect(first.map(\.offset) == [0, 1, 2])
            // Records 3… are likely buffered already; after the seek they must not show up first.
            try await consumer.seek(
                [TopicPartitionOffset(topic: topic, partition: 0, offset: 15)], timeout: .seconds(5)
            )
            let afterSeek = try await read(5, from: consumer)
            #expect(afterSeek.map(\.offset) == [15, 16, 17, 18, 19])
            await consumer.close()
        }
    }

    @Test func offsetsForTimesFindsTheFirstRecordAtOrAfterATime() async throws {
        try await RunningBroker.with { bootstrap in
            let producer = try KafkaProducer(configuration: producerConfiguration(bootstrap), logger: .quiet)
            let topic = uniqueTopic()
            try await producer.createTopics([NewTopic(name: topic, partitions: 1)])
            for seconds in [10, 20, 30, 40] as [Int64] {
                _ = try await producer.send(
                    topic: topic, value: [UInt8(seconds)],
                    timestamp: KafkaTimestamp(millisecondsSinceEpoch: 1_700_000_000_000 + seconds * 1_000)
                )
            }
            await producer.shutdown()
            let consumer = try KafkaConsumer(configuration: consumerConfiguration(bootstrap), logger: .quiet)
            let partition = TopicPartition(topic: topic, partition: 0)
            let found = try await consumer.offsetsForTimes(
                [partition: KafkaTimestamp(millisecondsSinceEpoch: 1_700_000_025_000)], timeout: .seconds(5)
            )
            #expect(found == [TopicPartitionOffset(topic: topic, partition: 0, offset: 2)])
            await consumer.close()
        }
    }

    @Test func closeEndsTheMessagesAndRefusesFurtherWork() async throws {
        try await RunningBroker.with { bootstrap in
            let topic = try await produceNumbered(3, bootstrap: bootstrap)
            let consumer = try KafkaConsumer(configuration: consumerConfiguration(bootstrap), logger: .quiet)
            try await consumer.assign([TopicPartitionOffset(topic: topic, partition: 0, offset: .beginning)])
            _ = try await read(3, from: consumer)
            await consumer.close()
            let remaining = try await withHangGuard("iterating a closed consumer") {
                var count = 0
                for try await _ in consumer.messages { count += 1 }
                return count
            }
            #expect(remaining == 0)
            let error = await #expect(throws: KafkaClientError.self) {
                try await consumer.assign([TopicPartitionOffset(topic: topic, partition: 0, offset: .beginning)])
            }
            #expect(error?.code == .shutDown)
        }
    }

    @Test func aBadConsumerPropertyIsAClearError() throws {
        var configuration = consumerConfiguration("127.0.0.1:1")
        configuration.extra["session.timeout.ms"] = "soon"
        let error = #expect(throws: KafkaClientError.self) {
            _ = try KafkaConsumer(configuration: configuration, logger: .quiet)
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("session.timeout.ms") == true)
    }
}

/// Produces `count` records "record 0"… to partition 0 of a new single-partition topic and returns its name.
func produceNumbered(_ count: Int, bootstrap: String) async throws -> String {
    let producer = try KafkaProducer(configuration: producerConfiguration(bootstrap), logger: .quiet)
    let topic = uniqueTopic()
    try await producer.createTopics([NewTopic(name: topic, partitions: 1)])
    for index in 0..<count {
        try producer.enqueue(topic: topic, key: Array("key \(index)".utf8), value: Array("record \(index)".utf8))
    }
    try await producer.flush(timeout: .seconds(10))
    await producer.shutdown()
    return topic
}
