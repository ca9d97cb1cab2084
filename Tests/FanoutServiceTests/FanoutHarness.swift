import FanoutProtocol
import Foundation
import KafkaClient
import Metrics
import Publisher
import ServiceTestSupport
import Subscriber
import Testing

/// A broker, a cluster publisher and a producer writing windows to `processed_emojis`, all on loopback.
struct FanoutHarness: Sendable {
    let bootstrap: String
    let producer: KafkaProducer
    let publisher: ClusterPublisher

    /// Runs `body` with a harness whose publisher is consuming; everything is stopped afterwards.
    ///
    /// - Parameter publisherMetrics: where the publisher records its metrics; a test with its own registry
    ///   passes a factory for it.
    static func with(
        publisherMetrics: any MetricsFactory = MetricsSystem.factory,
        _ body: @escaping @Sendable (FanoutHarness) async throws -> Void
    ) async throws {
        try await RunningBroker.with { bootstrap in
            var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: [bootstrap])
            producerConfiguration.enableIdempotence = false
            producerConfiguration.lingerMs = 0
            let producer = try KafkaProducer(configuration: producerConfiguration, logger: .quiet)
            var configuration = PublisherConfiguration(cluster: 0)
            configuration.host = "127.0.0.1"
            configuration.port = 0
            configuration.brokers = [bootstrap]
            let publisher = try ClusterPublisher(configuration: configuration, logger: .quiet, metricsFactory: publisherMetrics)
            let runner = ServiceRunner([producer, publisher])
            try await stopping([runner]) {
                try await eventually("publisher listening") { publisher.listeningPort != nil }
                try await withHangGuard("fan-out test", seconds: 60) {
                    try await body(FanoutHarness(bootstrap: bootstrap, producer: producer, publisher: publisher))
                }
            }
        }
    }

    /// Writes a window record exactly as the aggregator does (JSON, key = room).
    func produce(_ window: FanoutFrame.Window) async throws {
        _ = try await producer.send(
            topic: "processed_emojis", key: Array(window.room.utf8), value: Array(window.jsonData)
        )
    }

    /// A subscriber of cluster 0 configured for tests, dialling this harness's publisher.
    func subscriberConfiguration(subscriber: Int = 0) -> SubscriberConfiguration {
        var configuration = SubscriberConfiguration(cluster: 0, subscriber: subscriber, secret: testSecret)
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.publisherHost = "127.0.0.1"
        configuration.publisherPort = publisher.listeningPort ?? 0
        configuration.brokers = [bootstrap]
        configuration.heartbeatIntervalMs = 200
        configuration.reconnectInitialDelayMs = 50
        configuration.reconnectMaxDelayMs = 500
        return configuration
    }

    /// Starts a subscriber and waits until it listens.
    func startSubscriber(
        _ configure: (inout SubscriberConfiguration) -> Void = { _ in }
    ) async throws -> (SubscriberServer, ServiceRunner, port: Int) {
        try await eventually("publisher listening") { publisher.listeningPort != nil }
        var configuration = subscriberConfiguration()
        configure(&configuration)
        let server = try SubscriberServer(configuration: configuration, logger: .quiet)
        let runner = ServiceRunner([server])
        try await eventually("subscriber listening") { server.listeningPort != nil }
        return (server, runner, server.listeningPort!)
    }

    /// Produces windows of a private room until `subscriber` has received one: then the publisher's consumer
    /// has its partitions (it starts at the newest offsets) and the subscriber is linked.
    func warmUp(_ subscriber: SubscriberServer) async throws {
        let before = subscriber.statistics.windowsReceived
        try await withHangGuard("the first window to reach the subscriber", seconds: 45) {
            var seq: Int64 = 0
            while subscriber.statistics.windowsReceived <= before {
                seq += 1
                try await produce(makeWindow(room: "warm-up", seq: seq, start: 1_700_000_000_000))
                try await Task.sleep(for: .milliseconds(250))
            }
        }
    }
}
