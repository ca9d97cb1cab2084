import KafkaClient

/// The topics the gateway creates on start (existing ones are left as they are).
enum GatewayTopics {
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
