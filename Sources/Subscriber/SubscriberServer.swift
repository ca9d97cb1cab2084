import FanoutProtocol
import FanoutServer
import Foundation
import KafkaClient
import Logging
import Metrics
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// One subscriber of the fan-out tree: fed by its cluster publisher, serving viewers over EFP and WebSocket on
/// one port, announcing itself to the gateway by heartbeats.
///
/// Run it in a `ServiceGroup`; on graceful shutdown it says GOODBYE (code 8) to every viewer and stops.
public final class SubscriberServer: Service, Sendable {
    /// Counters for metrics, health answers and tests.
    public let statistics: SubscriberStatistics

    let configuration: SubscriberConfiguration
    let logger: Logger
    let fanout: ViewerFanout
    let verifier: ViewerHandshake.Verifier
    private let producer: KafkaProducer
    private let boundPort = BoundPort()
    private let nextViewerID = Atomic<Int>(0)

    /// Creates the subscriber; nothing listens or connects before `run()`.
    ///
    /// - Parameter metricsFactory: where the metrics go; the global `MetricsSystem` unless a test injects its own.
    /// - Throws: `KafkaClientError.invalidConfiguration` when the heartbeat producer cannot be created.
    public init(
        configuration: SubscriberConfiguration, logger: Logger, metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) throws {
        self.configuration = configuration
        self.logger = logger
        let statistics = SubscriberStatistics(subscriberName: configuration.name, factory: metricsFactory)
        self.statistics = statistics
        self.fanout = ViewerFanout(
            history: WindowHistory(maxAge: .seconds(configuration.historySeconds)),
            serverID: "subscriber-\(configuration.name)",
            keepaliveIntervalMs: configuration.keepaliveIntervalMs,
            statistics: statistics
        )
        self.verifier = .init(cluster: configuration.cluster, subscriber: configuration.subscriber, secret: configuration.secret)
        var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: configuration.brokers)
        producerConfiguration.clientID = "emostream-subscriber-\(configuration.name)"
        producerConfiguration.acks = .leader
        producerConfiguration.enableIdempotence = false
        producerConfiguration.lingerMs = 0
        producerConfiguration.messageTimeoutMs = max(3 * configuration.heartbeatIntervalMs, 5_000)
        producerConfiguration.shutdownFlushTimeoutMs = 1_000
        self.producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)
    }

    func nextViewerIDValue() -> Int {
        nextViewerID.add(1, ordering: .relaxed).newValue
    }

    /// The viewer port once bound (useful with port 0).
    public var listeningPort: Int? {
        boundPort.value
    }

    public func run() async throws {
        let server = try await bind()
        let port = try boundPort.record(server, configuredPort: configuration.port, portFile: configuration.portFile)
        logger.info("Serving viewers", metadata: [
            "emostream.port": "\(port)", "emostream.publisher": "\(configuration.publisherHost):\(configuration.publisherPort)",
        ])
        let link = PublisherLink(
            host: configuration.publisherHost, port: configuration.publisherPort,
            clientID: "subscriber-\(configuration.name)", fanout: fanout,
            initialBackoffMs: configuration.reconnectInitialDelayMs, maxBackoffMs: configuration.reconnectMaxDelayMs,
            silenceTimeout: .milliseconds(Int64(configuration.keepaliveIntervalMs) * 3), logger: logger
        )
        let heartbeats = HeartbeatEmitter(
            producer: producer, topic: configuration.heartbeatTopic,
            interval: .milliseconds(configuration.heartbeatIntervalMs),
            record: { [configuration, statistics] in
                HeartbeatEmitter.Record(
                    clusterID: configuration.cluster, subscriberID: configuration.subscriber,
                    host: configuration.hostForClients, port: port, clients: statistics.connectedViewers,
                    ts: Int64(Date().timeIntervalSince1970 * 1_000)
                )
            },
            logger: logger
        )
        await withDiscardingTaskGroup { group in
            group.addTask { try? await self.producer.run() }
            group.addTask { await link.run() }
            group.addTask { await heartbeats.run() }
            try? await gracefulShutdown()
            await stopServing(server)
        }
    }

    /// Says GOODBYE to every viewer, then closes the listening socket.
    private func stopServing(_ server: any Channel) async {
        logger.info("Stopping: saying goodbye to viewers", metadata: ["emostream.viewers": "\(statistics.connectedViewers)"])
        for viewer in fanout.allViewers() {
            viewer.close(with: FanoutError(code: .shuttingDown, reason: "the subscriber is shutting down"))
        }
        try? await server.close()
    }
}
