/// How a `KafkaProducer` talks to the cluster and batches records.
///
/// Every field maps to one librdkafka property; `extra` passes any other property through unchanged and
/// wins over the typed fields.
public struct KafkaProducerConfiguration: Sendable {
    /// How many replicas must have a record before the broker acknowledges it.
    public enum Acks: String, Sendable, Hashable {
        /// Every in-sync replica (required by idempotence).
        case all = "all"
        /// The partition leader only.
        case leader = "1"
        /// No acknowledgement: delivery reports carry no offsets.
        case none = "0"
    }

    /// Compression codec for produced batches.
    public enum Compression: String, Sendable, Hashable {
        case none, gzip, snappy, lz4, zstd
    }

    /// `host:port` of one or more brokers to bootstrap from.
    public var bootstrapServers: [String]
    public var clientID: String = "emostream"
    public var acks: Acks = .all
    /// Exactly-once per partition within a session: no duplicates from retries, order kept. Needs `acks = .all`.
    public var enableIdempotence: Bool = true
    /// How long to wait for more records before sending a batch.
    public var lingerMs: Int = 5
    /// Upper bound on the bytes of one batch.
    public var batchBytes: Int = 1_000_000
    public var compression: Compression = .none
    /// How long a record may wait for delivery, retries included, before its send fails.
    public var messageTimeoutMs: Int = 30_000
    /// How long the producer waits for a broker's answer to one request.
    public var requestTimeoutMs: Int = 30_000
    /// How long `send` keeps retrying while librdkafka's local queue is full before it throws `.queueFull`.
    public var queueFullTimeoutMs: Int = 1_000
    /// How long graceful shutdown waits for in-flight records before failing them.
    public var shutdownFlushTimeoutMs: Int = 10_000
    /// Any other librdkafka property (see librdkafka's CONFIGURATION.md); applied last.
    public var extra: [String: String] = [:]

    public init(bootstrapServers: [String]) {
        self.bootstrapServers = bootstrapServers
    }

    /// The librdkafka properties this configuration stands for, in the order they are applied.
    var properties: [(String, String)] {
        var properties: [(String, String)] = [
            ("bootstrap.servers", bootstrapServers.joined(separator: ",")),
            ("client.id", clientID),
            ("acks", acks.rawValue),
            ("enable.idempotence", String(enableIdempotence)),
            ("linger.ms", String(lingerMs)),
            ("batch.size", String(batchBytes)),
            ("compression.type", compression.rawValue),
            ("message.timeout.ms", String(messageTimeoutMs)),
            ("request.timeout.ms", String(requestTimeoutMs)),
        ]
        properties += extra.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return properties
    }
}
