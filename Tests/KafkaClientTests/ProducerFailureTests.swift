import KafkaClient
import Logging
import ServiceLifecycle
import ServiceTestSupport
import Testing

@Suite("KafkaProducer failures and shutdown")
struct ProducerFailureTests {
    /// Nothing listens on port 1 of loopback: connections are refused at once.
    static let unreachable = "127.0.0.1:1"

    @Test func sendToAnUnreachableBrokerFailsAsBrokerUnavailable() async throws {
        var configuration = producerConfiguration(Self.unreachable)
        configuration.messageTimeoutMs = 1_000
        let producer = try KafkaProducer(configuration: configuration, logger: .quiet)
        let error = try await withHangGuard("send to an unreachable broker") {
            await #expect(throws: KafkaClientError.self) {
                _ = try await producer.send(topic: "nowhere", value: Array("lost".utf8))
            }
        }
        #expect(error?.code == .brokerUnavailable)
        #expect(error?.isRetriable == true)
        #expect(await producer.isBrokerReachable(timeout: .milliseconds(500)) == false)
        await producer.shutdown(flushTimeout: .zero)
    }

    @Test func aFullQueueIsReportedOnceTheWaitIsOver() async throws {
        var configuration = producerConfiguration(Self.unreachable)
        configuration.extra["queue.buffering.max.messages"] = "1"
        configuration.queueFullTimeoutMs = 100
        // The first message must still be queued when the later ones arrive, however slow the machine is:
        // if it timed out first, the queue would have room and the failure would be a delivery timeout instead.
        configuration.messageTimeoutMs = 300_000
        let producer = try KafkaProducer(configuration: configuration, logger: .quiet)
        try producer.enqueue(topic: "nowhere", value: [1])
        let enqueueError = #expect(throws: KafkaClientError.self) {
            try producer.enqueue(topic: "nowhere", value: [2])
        }
        #expect(enqueueError?.code == .queueFull)
        let sendError = await #expect(throws: KafkaClientError.self) {
            _ = try await producer.send(topic: "nowhere", value: [3])
        }
        #expect(sendError?.code == .queueFull)
        await producer.shutdown(flushTimeout: .zero)
    }

    @Test(arguments: [
        ("no.such.property", "1"),
        ("linger.ms", "not-a-number"),
        ("compression.type", "brotli"),
    ])
    func aBadPropertyIsAClearError(name: String, value: String) throws {
        var configuration = producerConfiguration(Self.unreachable)
        configuration.extra[name] = value
        let error = #expect(throws: KafkaClientError.self) {
            _ = try KafkaProducer(configuration: configuration, logger: .quiet)
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains(name) == true)
    }

    @Test func idempotenceWithoutAcksAllIsRefused() throws {
        var configuration = producerConfiguration(Self.unreachable)
        configuration.enableIdempotence = true
        configuration.acks = .leader
        let error = #expect(throws: KafkaClientError.self) {
            _ = try KafkaProducer(configuration: configuration, logger: .quiet)
        }
        #expect(error?.code == .invalidConfiguration)
    }

    @Test func shutdownFlushesLingeringRecordsAndThenRefusesSends() async throws {
        try await RunningBroker.with { bootstrap in
            var configuration = producerConfiguration(bootstrap)
            // Long enough that only the shutdown flush can get these records out in time.
            configuration.lingerMs = 60_000
            configuration.messageTimeoutMs = 120_000
            let producer = try KafkaProducer(configuration: configuration, logger: .quiet)
            let topic = uniqueTopic()
            for index in 0..<10 {
                try producer.enqueue(topic: topic, value: [UInt8(index)], partition: 0)
            }
            await producer.shutdown()
            let error = await #expect(throws: KafkaClientError.self) {
                _ = try await producer.send(topic: topic, value: [99])
            }
            #expect(error?.code == .shutDown)

            let consumer = try KafkaConsumer(configuration: consumerConfiguration(bootstrap), logger: .quiet)
            try await consumer.assign([TopicPartitionOffset(topic: topic, partition: 0, offset: .beginning)])
            let messages = try await read(10, from: consumer)
            #expect(messages.map(\.value) == (0..<10).map { [UInt8($0)] })
            await consumer.close()
        }
    }

    @Test func gracefulShutdownOfTheServiceGroupFlushesTheProducer() async throws {
        try await RunningBroker.with { bootstrap in
            var configuration = producerConfiguration(bootstrap)
            configuration.lingerMs = 60_000
            configuration.messageTimeoutMs = 120_000
            let producer = try KafkaProducer(configuration: configuration, logger: .quiet)
            let topic = uniqueTopic()
            let group = ServiceGroup(services: [producer], logger: .quiet)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                for index in 0..<10 {
                    try producer.enqueue(topic: topic, value: [UInt8(index)], partition: 0)
                }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            let consumer = try KafkaConsumer(configuration: consumerConfiguration(bootstrap), logger: .quiet)
            try await consumer.assign([TopicPartitionOffset(topic: topic, partition: 0, offset: .beginning)])
            let messages = try await read(10, from: consumer)
            #expect(messages.map(\.value) == (0..<10).map { [UInt8($0)] })
            await consumer.close()
        }
    }
}
