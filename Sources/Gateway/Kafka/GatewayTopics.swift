import KafkaClient
import Synchronization

/// Creates the topics the gateway uses (existing ones are left as they are), once per gateway.
///
/// Both the registry and the heartbeat listener wait for it: a consumer subscribed to a topic that does not exist
/// yet would only notice its creation at librdkafka's next periodic metadata refresh, minutes later.
final class GatewayTopics: Sendable {
    private let producer: KafkaProducer
    private let configuration: GatewayConfiguration
    private let created = Mutex(false)

    init(producer: KafkaProducer, configuration: GatewayConfiguration) {
        self.producer = producer
        self.configuration = configuration
    }

    /// Creates the topics unless an earlier call did.
    ///
    /// - Throws: `KafkaClientError` when the broker cannot be reached or refuses a topic.
    func ensureCreated() async throws {
        guard !created.withLock({ $0 }) else { return }
        try await producer.createTopics(
            Self.all(configuration), timeout: .milliseconds(configuration.produceTimeoutMilliseconds)
        )
        created.withLock { $0 = true }
    }

    static func all(_ configuration: GatewayConfiguration) -> [NewTopic] {
        [
            NewTopic(name: configuration.topics.emojis, partitions: Int32(configuration.emojiPartitions)),
            // One partition: the registry's order is the order of its writes, and one marker syncs all of it.
            NewTopic(name: configuration.topics.clients, partitions: 1, configs: ["cleanup.policy": "compact"]),
            // Only recent heartbeats matter; an hour is plenty for a restarting gateway to catch up.
            NewTopic(name: configuration.topics.subscribers, partitions: 1, configs: [
                "cleanup.policy": "delete", "retention.ms": "3600000",
            ]),
        ]
    }
}
