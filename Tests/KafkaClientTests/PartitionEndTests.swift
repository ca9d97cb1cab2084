import KafkaClient
import ServiceTestSupport
import Synchronization
import Testing

/// `partitionsReadToEnd`: how a reader tells a partition with nothing to read from one not fetched yet.
@Suite("KafkaConsumer partitions read to their end")
struct PartitionEndTests {
    @Test func aPartitionIsReadToItsEndOnlyOnceTheReaderAskedPastItsLastRecord() async throws {
        try await RunningBroker.with { bootstrap in
            let producer = try KafkaProducer(configuration: producerConfiguration(bootstrap), logger: .quiet)
            let topic = uniqueTopic()
            try await producer.createTopics([NewTopic(name: topic, partitions: 2)])
            for index in 0..<10 {
                _ = try await producer.send(topic: topic, value: Array("record \(index)".utf8), partition: 0)
            }
            var configuration = consumerConfiguration(bootstrap)
            configuration.reportsPartitionEnd = true
            let consumer = try KafkaConsumer(configuration: configuration, logger: .quiet)
            let full = TopicPartition(topic: topic, partition: 0)
            let empty = TopicPartition(topic: topic, partition: 1)
            try await consumer.assign([
                TopicPartitionOffset(topic: topic, partition: 0, offset: .beginning),
                TopicPartitionOffset(topic: topic, partition: 1, offset: .beginning),
            ])

            // Nothing read yet: the full partition has ten records waiting, so it is not at its end.
            #expect(!consumer.partitionsReadToEnd.contains(full))
            let reader = RecordingReader(consumer)
            try await eventually("every record read and both partitions at their end") {
                reader.count == 10 && consumer.partitionsReadToEnd == [full, empty]
            }

            // A new record takes the partition out of the set until it, too, has been read.
            _ = try await producer.send(topic: topic, value: Array("record 10".utf8), partition: 0)
            try await eventually("the new record read and the partition at its end again") {
                reader.count == 11 && consumer.partitionsReadToEnd.contains(full)
            }

            // A seek makes the partition's position unknown again.
            try await consumer.seek([TopicPartitionOffset(topic: topic, partition: 0, offset: 3)], timeout: .seconds(10))
            #expect(!consumer.partitionsReadToEnd.contains(full))
            try await eventually("the re-read records read and the partition at its end again") {
                reader.count == 19 && consumer.partitionsReadToEnd.contains(full)
            }
            #expect(reader.offsets == Array(0...10) + Array(3...10))

            await consumer.close()
            await reader.finish()
            await producer.shutdown()
        }
    }

    @Test func withoutReportsNoPartitionIsEverAtItsEnd() async throws {
        try await RunningBroker.with { bootstrap in
            let topic = try await produceNumbered(3, bootstrap: bootstrap)
            let consumer = try KafkaConsumer(configuration: consumerConfiguration(bootstrap), logger: .quiet)
            try await consumer.assign([TopicPartitionOffset(topic: topic, partition: 0, offset: .beginning)])
            let messages = try await read(3, from: consumer)
            #expect(messages.count == 3)
            #expect(consumer.partitionsReadToEnd.isEmpty)
            await consumer.close()
        }
    }
}

/// Reads a consumer's records in a background task, so the reader is always asking for the next one.
private final class RecordingReader: Sendable {
    private let log = OffsetLog()
    private let task: Task<Void, any Error>

    init(_ consumer: KafkaConsumer) {
        let log = self.log
        task = Task {
            for try await message in consumer.messages { log.append(message.offset) }
        }
    }

    var count: Int { log.offsets.count }
    var offsets: [Int64] { log.offsets }

    /// Waits for the reading task, which ends when the consumer closes.
    func finish() async {
        _ = await task.result
    }
}

/// The offsets read so far, shared with the reading task.
private final class OffsetLog: Sendable {
    private let read = Mutex<[Int64]>([])

    func append(_ offset: Int64) { read.withLock { $0.append(offset) } }
    var offsets: [Int64] { read.withLock { $0 } }
}
