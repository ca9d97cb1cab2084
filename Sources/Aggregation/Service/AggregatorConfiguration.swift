/// Everything an `AggregatorService` needs: where the broker is, which topics, and how to window.
public struct AggregatorConfiguration: Sendable {
    /// `host:port` of one or more brokers to bootstrap from.
    public var brokers: [String]
    /// Instances in the same group split the input partitions between them.
    public var groupID = "emostream-aggregator"
    public var inputTopic = "emoji_stream"
    public var outputTopic = "processed_emojis"
    /// Partitions for either topic when the aggregator has to create it (existing topics are left alone).
    public var topicPartitions: Int32 = 3
    public var window = WindowConfiguration()
    /// How often windows are closed and offsets committed; by default a tenth of the window, at least 20 ms.
    public var tickIntervalMilliseconds: Int64?
    /// How long the group waits for a silent member (e.g. a killed aggregator) before giving its partitions away.
    public var sessionTimeoutMilliseconds = 10_000
    /// Idempotent producer (acks=all); the broker must support InitProducerId.
    public var idempotentProducer = true
    /// Extra librdkafka properties for the consumer and the producer (e.g. `fetch.wait.max.ms`).
    public var consumerProperties: [String: String] = [:]
    public var producerProperties: [String: String] = [:]

    public init(brokers: [String]) {
        self.brokers = brokers
    }

    /// The tick period in effect.
    public var effectiveTickInterval: Duration {
        .milliseconds(tickIntervalMilliseconds ?? max(20, window.windowMilliseconds / 10))
    }

    /// - Throws: `AggregationError.invalidConfiguration` for an out-of-range value.
    public func validate() throws(AggregationError) {
        try window.validate()
        guard !brokers.isEmpty else { throw .invalidConfiguration("no brokers given") }
        guard topicPartitions >= 1 else { throw .invalidConfiguration("topic partitions must be at least 1") }
        if let tick = tickIntervalMilliseconds, tick < 1 {
            throw .invalidConfiguration("tick interval must be positive, not \(tick)")
        }
    }
}
