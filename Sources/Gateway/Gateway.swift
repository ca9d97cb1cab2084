import Foundation
import Hummingbird
import KafkaClient
import Logging

/// The EmoStream REST gateway: the original API over a durable producer, a registry kept in Kafka and
/// assignment to live subscribers.
///
/// Create one, then run `makeApplication()` (a Hummingbird `Application`, itself a `Service`): it runs the
/// HTTP server, the Kafka producer, the registry and heartbeat consumers and the broker probe in one service
/// group. On graceful shutdown the server stops first (in-flight requests finish), then the consumers, and the
/// producer last, flushing what is still in flight.
public final class Gateway: Sendable {
    public let configuration: GatewayConfiguration
    public let metrics: GatewayMetrics
    private let logger: Logger
    private let producer: KafkaProducer
    private let health: BrokerHealth
    private let liveness: SubscriberLiveness
    private let registry: ClientRegistryStore
    private let livePage: LivePage

    /// Creates the Kafka clients; nothing connects before the application runs.
    ///
    /// - Throws: `KafkaClientError.invalidConfiguration` when librdkafka refuses the configuration.
    public init(configuration: GatewayConfiguration, metrics: GatewayMetrics = GatewayMetrics(), logger: Logger) throws {
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        producer = try KafkaProducer(configuration: Self.producerConfiguration(configuration), logger: logger)
        health = BrokerHealth(
            producer: producer, interval: .milliseconds(configuration.brokerCheckIntervalMilliseconds),
            probeTimeout: .milliseconds(configuration.brokerCheckTimeoutMilliseconds), logger: logger
        )
        let topics = GatewayTopics(producer: producer, configuration: configuration)
        let instance = UUID().uuidString.prefix(8).lowercased()
        liveness = SubscriberLiveness(
            consumer: try KafkaConsumer(
                configuration: Self.consumerConfiguration(configuration, group: "emostream-gateway-heartbeats-\(instance)"),
                logger: logger
            ),
            topics: topics, topic: configuration.topics.subscribers, ttlMilliseconds: configuration.subscriberTTLMilliseconds,
            logger: logger
        )
        registry = ClientRegistryStore(
            producer: producer,
            consumer: try KafkaConsumer(
                configuration: Self.consumerConfiguration(configuration, group: "emostream-gateway-registry-\(instance)"),
                logger: logger
            ),
            liveness: liveness, topics: topics, configuration: configuration, metrics: metrics, logger: logger
        )
        livePage = LivePage.load(from: configuration.livePageDirectory.map { URL(fileURLWithPath: $0) })
        if let reason = livePage.unavailableReason {
            logger.warning("GET /live answers 404", metadata: ["reason": "\(reason)"])
        }
    }

    /// The HTTP application with every gateway service attached.
    ///
    /// - Parameter onServerRunning: called with the bound port once the server listens (useful with port 0).
    public func makeApplication(
        onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) -> Application<RouterResponder<GatewayRequestContext>> {
        let routes = GatewayRoutes(
            configuration: configuration,
            publisher: EmojiPublisher(
                producer: producer, topic: configuration.topics.emojis, fireAndForget: configuration.fireAndForget,
                health: health, metrics: metrics, logger: logger
            ),
            registry: registry, liveness: liveness,
            limiter: RateLimiter(ratePerSecond: configuration.rateLimitPerSecond, burst: configuration.rateLimitBurst),
            health: health, metrics: metrics, bodyReader: RequestBodyReader(maxBytes: configuration.maxBodyBytes),
            livePage: livePage
        )
        let logger = self.logger
        return Application(
            router: routes.makeRouter(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            // Shut down in reverse: the server (added last by Hummingbird) first, the producer last.
            services: [producer, health, liveness, registry],
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info("Gateway listening", metadata: ["net.port": "\(port)"])
                await onServerRunning(port)
            },
            logger: logger
        )
    }

    /// librdkafka backs off up to 10 s between reconnects by default; a returning broker should be used sooner.
    static let reconnectBackoffMaxMs = "1000"

    static func producerConfiguration(_ configuration: GatewayConfiguration) -> KafkaProducerConfiguration {
        var producer = KafkaProducerConfiguration(bootstrapServers: configuration.brokers)
        producer.clientID = "emostream-gateway"
        producer.acks = .all
        producer.enableIdempotence = configuration.idempotentProducer
        producer.lingerMs = configuration.producerLingerMilliseconds
        // A short delivery timeout is what turns an unreachable broker into a prompt 503 instead of a hang.
        producer.messageTimeoutMs = configuration.produceTimeoutMilliseconds
        producer.requestTimeoutMs = configuration.produceTimeoutMilliseconds
        producer.extra["reconnect.backoff.max.ms"] = Self.reconnectBackoffMaxMs
        return producer
    }

    static func consumerConfiguration(_ configuration: GatewayConfiguration, group: String) -> KafkaConsumerConfiguration {
        var consumer = KafkaConsumerConfiguration(bootstrapServers: configuration.brokers, groupID: group)
        consumer.clientID = "emostream-gateway"
        consumer.autoOffsetReset = .earliest
        // New registrations and heartbeats should be seen within a fraction of a heartbeat interval.
        consumer.extra["fetch.wait.max.ms"] = "100"
        consumer.extra["reconnect.backoff.max.ms"] = Self.reconnectBackoffMaxMs
        return consumer
    }
}
