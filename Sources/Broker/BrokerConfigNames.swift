/// The names Kafka gives, at broker level, to the defaults of the topic configs this broker understands.
///
/// They are not the topic names with a `log.` prefix: `segment.ms` defaults from `log.roll.ms`,
/// `delete.retention.ms` from `log.cleaner.delete.retention.ms`, `max.message.bytes` from
/// `message.max.bytes`. Admin tools and operators look for these exact names, so each is listed here
/// as Kafka's topic-config synonym table has it, not derived.
enum BrokerConfigNames {
    /// Topic config name → the broker config that sets its default.
    static let byTopicConfig: [String: String] = [
        "cleanup.policy": "log.cleanup.policy",
        "delete.retention.ms": "log.cleaner.delete.retention.ms",
        "index.interval.bytes": "log.index.interval.bytes",
        "max.message.bytes": "message.max.bytes",
        "min.cleanable.dirty.ratio": "log.cleaner.min.cleanable.ratio",
        "retention.bytes": "log.retention.bytes",
        "retention.ms": "log.retention.ms",
        "segment.bytes": "log.segment.bytes",
        "segment.ms": "log.roll.ms",
    ]

    /// The broker config behind a topic config, or nil for a name missing from the table.
    static func brokerName(forTopicConfig name: String) -> String? {
        byTopicConfig[name]
    }
}
