import LogStorage

/// Everything the broker needs to know to start, gathered from flags and environment.
public struct BrokerConfiguration: Sendable {
    /// The address to bind.
    public var host: String = "0.0.0.0"
    /// The port to bind; 0 picks a free one (see `boundPortFile`).
    public var port: Int = 9092
    /// The host clients are told to connect to in Metadata answers; defaults to `host`, or `localhost` when binding all interfaces.
    public var advertisedHost: String?
    /// Where partition logs live.
    public var dataDirectory: String = "./data/broker"
    /// Partitions for topics created implicitly or with `numPartitions = -1`.
    public var defaultPartitions: Int = 3
    /// When produced bytes reach the disk before the producer hears back.
    public var fsync: FsyncPolicy = .ack
    /// Frames larger than this close the connection before a byte of the body is read.
    public var maxRequestBytes: Int = 100 * 1024 * 1024
    /// Whether a Metadata request for an unknown topic creates it.
    public var autoCreateTopics: Bool = true
    /// Segment, retention and message-size defaults for every topic.
    public var logDefaults: LogConfig = LogConfig()
    /// How often retention looks for segments to delete (Kafka's `log.retention.check.interval.ms`).
    public var retentionCheckIntervalMs: Int64 = 300_000
    /// How often the cleaner looks for compacted topics dirty enough to compact (Kafka's `log.cleaner.backoff.ms`).
    public var cleanerBackoffMs: Int64 = 15_000
    /// Requests a single connection may have in flight before the broker stops reading from it.
    public var maxInFlightRequestsPerConnection: Int = 128
    /// Where to write the bound port once listening (for tests and scripts that start the broker on port 0).
    public var boundPortFile: String?
    /// This node's id; the broker is a single-node cluster.
    public var nodeID: Int32 = 0
    /// The cluster id reported in Metadata.
    public var clusterID: String = "emostream"

    public init() {}

    /// The host written into Metadata answers.
    var effectiveAdvertisedHost: String {
        if let advertisedHost, !advertisedHost.isEmpty { return advertisedHost }
        return host == "0.0.0.0" || host == "::" ? "localhost" : host
    }
}
