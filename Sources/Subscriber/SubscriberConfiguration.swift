import FanoutProtocol

/// Everything a `SubscriberServer` needs to know, with the defaults of the standard topology.
public struct SubscriberConfiguration: Sendable {
    /// The cluster this subscriber belongs to (0-based).
    public var cluster: Int
    /// This subscriber's index inside its cluster (0-based).
    public var subscriber: Int
    /// Address to bind the viewer port on.
    public var host = "0.0.0.0"
    /// The viewer port (EFP and WebSocket); 0 picks a free one. Defaults to 6000 + 3·cluster + subscriber.
    public var port: Int
    /// The host written into heartbeats for clients to dial; nil uses `host`, or localhost for a wildcard bind.
    public var advertisedHost: String?
    /// The cluster publisher to dial. Defaults to localhost:7000 + cluster.
    public var publisherHost = "localhost"
    public var publisherPort: Int
    /// Kafka bootstrap servers for heartbeats.
    public var brokers = ["localhost:9092"]
    /// The HMAC key client tokens are signed with; shared with the gateway.
    public var secret: String
    /// Topic heartbeats are written to; the gateway assigns only subscribers it has heard from recently.
    public var heartbeatTopic = "emostream_subscribers"
    public var heartbeatIntervalMs = 2_000
    /// How often viewers are pinged when silent; a viewer silent for three intervals is dropped.
    public var keepaliveIntervalMs: UInt32 = 10_000
    /// How many seconds of windows the history keeps for replay after a reconnect.
    public var historySeconds = 60
    /// Bytes a viewer connection may have waiting to be sent before it is cut off as too slow.
    public var maxQueuedBytesPerViewer = 256 * 1024
    /// SO_SNDBUF for viewer sockets; nil keeps the kernel's default. Small values make slow viewers visible sooner.
    public var viewerSocketSendBufferBytes: Int?
    /// The largest EFP frame accepted from a viewer; HELLOs are small.
    public var maxInboundFrameBytes = 64 * 1024
    /// Reconnect backoff towards the publisher: first delay and ceiling, before jitter.
    public var reconnectInitialDelayMs = 100
    public var reconnectMaxDelayMs = 5_000
    /// Write the bound viewer port to this file once listening (for `--port 0`).
    public var portFile: String?

    public init(cluster: Int, subscriber: Int, secret: String) {
        self.cluster = cluster
        self.subscriber = subscriber
        self.secret = secret
        self.port = Self.defaultPort(cluster: cluster, subscriber: subscriber)
        self.publisherPort = 7_000 + cluster
    }

    /// The standard topology's viewer port: 6000 + 3·cluster + subscriber.
    public static func defaultPort(cluster: Int, subscriber: Int) -> Int {
        6_000 + 3 * cluster + subscriber
    }

    /// How this subscriber names itself in WELCOME frames, logs and heartbeat keys: `"<cluster>-<subscriber>"`.
    public var name: String { "\(cluster)-\(subscriber)" }

    /// The host clients are told to dial.
    var hostForClients: String {
        if let advertisedHost { return advertisedHost }
        return host == "0.0.0.0" || host == "::" ? "localhost" : host
    }
}
