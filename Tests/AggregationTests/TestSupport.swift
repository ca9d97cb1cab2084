import Aggregation
import Foundation
import KafkaClient
import Logging
import ServiceLifecycle
import ServiceTestSupport
import Synchronization

/// A fresh name, so tests sharing a broker never see each other's topics or groups.
func unique(_ prefix: String) -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
}

/// Topics and group of one test, plus the aggregator configuration that uses them.
struct TestTopics: Sendable {
    let bootstrap: String
    let input = unique("emoji_stream")
    let output = unique("processed_emojis")
    let group = unique("aggregator")

    func aggregatorConfiguration(windowMs: Int64 = 500) -> AggregatorConfiguration {
        var configuration = AggregatorConfiguration(brokers: [bootstrap])
        configuration.inputTopic = input
        configuration.outputTopic = output
        configuration.groupID = group
        configuration.window.windowMilliseconds = windowMs
        configuration.window.idleTimeoutMilliseconds = 1_500
        configuration.sessionTimeoutMilliseconds = 6_000
        configuration.consumerProperties = ["fetch.wait.max.ms": "50"]
        return configuration
    }

    func producer() throws -> KafkaProducer {
        var configuration = KafkaProducerConfiguration(bootstrapServers: [bootstrap])
        configuration.enableIdempotence = false
        configuration.lingerMs = 5
        configuration.messageTimeoutMs = 10_000
        return try KafkaProducer(configuration: configuration, logger: .quiet)
    }

    /// Creates the input topic the way the gateway does, so records can be produced before the aggregator runs.
    func createInput(partitions: Int32 = 3, using producer: KafkaProducer) async throws {
        try await producer.createTopics([NewTopic(name: input, partitions: partitions)])
    }
}

/// The gateway's record value for one emoji (the fields the aggregator reads, and the ones it ignores).
func emojiValue(_ emoji: String, room: String, user: Int) -> [UInt8] {
    let json = """
        {"emoji_type":"\(emoji)","user_id":"user-\(user)","room":"\(room)",\
        "client_timestamp":"2024-01-01T00:00:00Z","received_at":"2024-01-01T00:00:00.000Z"}
        """
    return Array(json.utf8)
}

/// Reads `processed_emojis` in its own group from the beginning and keeps every window it sees.
final class WindowCollector: Sendable {
    private let windows = Mutex<[WindowRecord]>([])
    private let consumer: KafkaConsumer

    init(topics: TestTopics) throws {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: [topics.bootstrap], groupID: unique("reader"))
        configuration.sessionTimeoutMs = 6_000
        configuration.extra["fetch.wait.max.ms"] = "50"
        consumer = try KafkaConsumer(configuration: configuration, logger: .quiet)
        try consumer.subscribe(topics: [topics.output])
    }

    /// Runs until the consumer closes; call `close()` to end it.
    func run() async throws {
        for try await message in consumer.messages {
            guard let value = message.value else { continue }
            let window = try WindowRecord.decode(value)
            windows.withLock { $0.append(window) }
        }
    }

    func close() async { await consumer.close() }

    var received: [WindowRecord] { windows.withLock { $0 } }
}

/// Runs an aggregator service in its own service group for the duration of `body`, then shuts it down gracefully.
func withAggregator<Result: Sendable>(
    _ configuration: AggregatorConfiguration, _ body: @Sendable (AggregatorService) async throws -> Result
) async throws -> Result {
    let service = try AggregatorService(configuration: configuration, logger: .quiet)
    let group = ServiceGroup(services: [service], logger: .quiet)
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        let result: Result
        do {
            result = try await body(service)
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
        return result
    }
}
