/// How a `KafkaConsumer` joins its group and where it starts reading.
///
/// Every field maps to one librdkafka property; `extra` passes any other property through unchanged and
/// wins over the typed fields.
public struct KafkaConsumerConfiguration: Sendable {
    /// Where to start when the group has no committed offset for a partition.
    public enum AutoOffsetReset: String, Sendable, Hashable {
        case earliest, latest
    }

    /// Whether records of open or aborted transactions are visible.
    public enum Isolation: String, Sendable, Hashable {
        case readCommitted = "read_committed"
        case readUncommitted = "read_uncommitted"
    }

    /// `host:port` of one or more brokers to bootstrap from.
    public var bootstrapServers: [String]
    /// The consumer group; librdkafka needs one even for `assign()`.
    public var groupID: String
    public var clientID: String = "emostream"
    public var autoOffsetReset: AutoOffsetReset = .earliest
    /// Off by default: services commit explicitly after processing, so a crash never skips records.
    public var enableAutoCommit: Bool = false
    /// How long the group waits for heartbeats before it drops this member.
    public var sessionTimeoutMs: Int = 45_000
    /// How long the application may go without reading before it is considered stuck and leaves the group.
    public var maxPollIntervalMs: Int = 300_000
    public var isolation: Isolation = .readCommitted
    /// Records the poller thread may hold that the application has not read yet; it pauses polling when full.
    public var bufferedMessages: Int = 1_000
    /// How long closing may take to revoke, commit final offsets and leave the group.
    ///
    /// librdkafka alone waits up to `sessionTimeoutMs` for an unreachable group coordinator (a commit waits for
    /// it); past this limit the consumer gives up, so a service told to stop exits in seconds even with the
    /// broker gone. Anything uncommitted is read again by the group's next member.
    public var closeTimeoutMs: Int = 3_000
    /// Whether `KafkaConsumer.partitionsReadToEnd` is tracked: librdkafka then reports each time it has fetched a
    /// partition to its end, one extra event per catch-up.
    public var reportsPartitionEnd: Bool = false
    /// Any other librdkafka property (see librdkafka's CONFIGURATION.md); applied last.
    public var extra: [String: String] = [:]

    public init(bootstrapServers: [String], groupID: String) {
        self.bootstrapServers = bootstrapServers
        self.groupID = groupID
    }

    /// The librdkafka properties this configuration stands for, in the order they are applied.
    var properties: [(String, String)] {
        var properties: [(String, String)] = [
            ("bootstrap.servers", bootstrapServers.joined(separator: ",")),
            ("group.id", groupID),
            ("client.id", clientID),
            ("auto.offset.reset", autoOffsetReset.rawValue),
            ("enable.auto.commit", String(enableAutoCommit)),
            // Offsets are committed explicitly (or from positions), never stored implicitly behind the app's back.
            ("enable.auto.offset.store", String(enableAutoCommit)),
            ("session.timeout.ms", String(sessionTimeoutMs)),
            ("max.poll.interval.ms", String(maxPollIntervalMs)),
            ("isolation.level", isolation.rawValue),
            ("enable.partition.eof", String(reportsPartitionEnd)),
        ]
        properties += extra.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return properties
    }
}
