/// Everything the gateway needs to know to serve; the executable fills it from flags.
public struct GatewayConfiguration: Sendable {
    /// The address to listen on.
    public var host: String = "0.0.0.0"
    /// The port to listen on; 0 picks a free one.
    public var port: Int = 5000
    /// `host:port` of one or more Kafka brokers.
    public var brokers: [String] = ["localhost:9092"]
    /// The HMAC key for client tokens, shared with the subscribers.
    public var secret: String
    /// Answer `/emoji` once the record is queued instead of once the broker acknowledged it.
    public var fireAndForget: Bool = false
    /// Exactly-once per partition within a producer session (needs a broker with InitProducerId).
    public var idempotentProducer: Bool = true
    /// Sustained emoji per second per `user_id` (or per client address).
    public var rateLimitPerSecond: Double = 20
    /// Emoji a `user_id` may send at once before the sustained rate applies.
    public var rateLimitBurst: Int = 100
    /// How long after its last heartbeat a subscriber still counts as alive.
    public var subscriberTTLMilliseconds: Int64 = 6_000
    /// How long a client token stays valid.
    public var tokenLifetimeSeconds: Int64 = 24 * 3_600
    /// How long a produce may wait for the broker before the request is answered 503.
    public var produceTimeoutMilliseconds: Int = 5_000
    /// How long the producer gathers records into one batch before sending it.
    ///
    /// A few milliseconds on purpose: under load every acknowledged `/emoji` waits about this long anyway, and the
    /// bigger batches cost the gateway's Kafka thread and the broker much less per record than 1 ms ones do
    /// (see `bench/gateway-bench.sh`). 0 sends each record at once.
    public var producerLingerMilliseconds: Int = 5
    /// How often broker reachability is re-checked (it decides the fast 503 while the broker is down).
    public var brokerCheckIntervalMilliseconds: Int = 1_000
    /// How long one reachability check waits for the broker's answer before calling it unreachable.
    ///
    /// Longer than the interval on purpose: a busy broker or a loaded machine can take a while to answer metadata,
    /// and calling it unreachable then turns good requests into 503s. A broker that is really down is noticed at
    /// once anyway, by the first produce that fails.
    public var brokerCheckTimeoutMilliseconds: Int = 2_000
    /// The largest request body accepted.
    public var maxBodyBytes: Int = 64 * 1024
    /// The most items one `/emojis` request may carry.
    public var maxBatchSize: Int = 100
    /// Partitions for `emoji_stream` when the gateway creates it.
    public var emojiPartitions: Int = 3
    public var topics: Topics = Topics()
    /// Web origins whose pages may call the API (CORS); see `CORSOrigins` for why every origin is the default.
    public var corsOrigins: CORSOrigins = .any
    /// The folder holding the live page's files; nil uses the resource bundle next to the executable.
    public var livePageDirectory: String?

    /// Names of the topics the gateway reads and writes.
    public struct Topics: Sendable {
        public var emojis = "emoji_stream"
        public var clients = "emostream_clients"
        public var subscribers = "emostream_subscribers"

        public init() {}
    }

    public init(secret: String) {
        self.secret = secret
    }
}
