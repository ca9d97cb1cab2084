/// Everything a `ClusterPublisher` needs to know, with the defaults of the standard topology.
public struct PublisherConfiguration: Sendable {
    /// The cluster this publisher feeds (0-based).
    public var cluster: Int
    /// Address to bind the subscriber port on.
    public var host = "0.0.0.0"
    /// The port subscribers dial; 0 picks a free one. Defaults to 7000 + cluster.
    public var port: Int
    /// Kafka bootstrap servers.
    public var brokers = ["localhost:9092"]
    /// The aggregator's output topic.
    public var topic = "processed_emojis"
    /// The consumer group; one per cluster so every cluster gets every window.
    public var groupID: String
    /// How many seconds of windows the history keeps for subscribers that reconnect.
    public var historySeconds = 60
    /// How often silent subscribers are pinged; a subscriber silent for three intervals is dropped.
    public var keepaliveIntervalMs: UInt32 = 5_000
    /// Bytes a subscriber connection may have waiting to be sent before it is cut off as too slow.
    public var maxQueuedBytesPerSubscriber = 4 * 1024 * 1024
    /// SO_SNDBUF for subscriber sockets; nil keeps the kernel's default.
    public var socketSendBufferBytes: Int?
    /// The largest EFP frame accepted from a subscriber; HELLOs are small.
    public var maxInboundFrameBytes = 1 << 20
    /// Write the bound port to this file once listening (for `--port 0`).
    public var portFile: String?

    public init(cluster: Int) {
        self.cluster = cluster
        self.port = Self.defaultPort(cluster: cluster)
        self.groupID = "emostream-publisher-\(cluster)"
    }

    /// The standard topology's publisher port: 7000 + cluster.
    public static func defaultPort(cluster: Int) -> Int {
        7_000 + cluster
    }
}
