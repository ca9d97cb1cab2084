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

/// A cluster publisher: reads the aggregator's windows from `processed_emojis` and pushes each one to every
/// subscriber of its cluster over EFP, keeping a history for subscribers that reconnect.
///
/// It reads in its own consumer group (`emostream-publisher-<cluster>`), so every cluster sees every window;
/// a group with no committed offsets starts at the newest windows. Run it in a `ServiceGroup`: on graceful
/// shutdown it says GOODBYE (code 8) to its subscribers and leaves the group.
public final class ClusterPublisher: Service, Sendable {
    /// Counters for metrics and tests.
    public let statistics: PublisherStatistics

    let configuration: PublisherConfiguration
    let logger: Logger
    let fanout: SubscriberFanout
    private let consumer: KafkaConsumer
    private let boundPort = BoundPort()
    private let nextConnectionID = Atomic<Int>(0)

    /// Creates the publisher and its Kafka consumer; nothing is read or served before `run()`.
    ///
    /// - Parameter metricsFactory: where the metrics go; the global `MetricsSystem` unless a test injects its own.
    /// - Throws: `KafkaClientError.invalidConfiguration` when librdkafka rejects the consumer configuration.
    public init(
        configuration: PublisherConfiguration, logger: Logger, metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) throws {
        self.configuration = configuration
        self.logger = logger
        let statistics = PublisherStatistics(cluster: configuration.cluster, factory: metricsFactory)
        self.statistics = statistics
        self.fanout = SubscriberFanout(
            history: WindowHistory(maxAge: .seconds(configuration.historySeconds)),
            serverID: "cluster-publisher-\(configuration.cluster)",
            keepaliveIntervalMs: configuration.keepaliveIntervalMs,
            statistics: statistics
        )
        var consumerConfiguration = KafkaConsumerConfiguration(
            bootstrapServers: configuration.brokers, groupID: configuration.groupID
        )
        consumerConfiguration.clientID = "emostream-publisher-\(configuration.cluster)"
        consumerConfiguration.autoOffsetReset = .latest
        // Positions are only a restart hint (the history and (room, seq) dedup absorb a re-read), so
        // librdkafka's periodic commit of what was read is enough.
        consumerConfiguration.enableAutoCommit = true
        consumerConfiguration.extra["fetch.wait.max.ms"] = "50"
        // A topic the aggregator creates after we subscribed is noticed within seconds, not minutes.
        consumerConfiguration.extra["topic.metadata.refresh.interval.ms"] = "2000"
        consumerConfiguration.extra["allow.auto.create.topics"] = "true"
        self.consumer = try KafkaConsumer(configuration: consumerConfiguration, logger: logger)
    }

    /// The subscriber port once bound (useful with port 0).
    public var listeningPort: Int? {
        boundPort.value
    }

    public func run() async throws {
        let server = try await bind()
        let port = try boundPort.record(server, configuredPort: configuration.port, portFile: configuration.portFile)
        logger.info("Serving subscribers", metadata: ["emostream.port": "\(port)", "kafka.topic": "\(configuration.topic)"])
        await withDiscardingTaskGroup { group in
            group.addTask { try? await self.consumer.run() }
            group.addTask { await self.consumeWindows() }
            try? await gracefulShutdown()
            logger.info("Stopping: saying goodbye to subscribers")
            for subscriber in fanout.allSubscribers() {
                subscriber.close(with: FanoutError(code: .shuttingDown, reason: "the cluster publisher is shutting down"))
            }
            try? await server.close()
        }
    }

    /// Reads windows until the consumer closes, pushing each to the fan-out.
    private func consumeWindows() async {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try consumer.subscribe(topics: [configuration.topic])
                break
            } catch {
                logger.warning("Cannot subscribe yet", metadata: ["kafka.topic": "\(configuration.topic)", "error": "\(error)"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
            }
        }
        do {
            for try await message in consumer.messages.cancelOnGracefulShutdown() {
                guard let value = message.value else { continue }
                do {
                    fanout.publish(try FanoutFrame.Window(json: Data(value)))
                } catch {
                    logger.warning("Skipping a record that is not a window", metadata: [
                        "kafka.partition": "\(message.partition)", "kafka.offset": "\(message.offset)", "error": "\(error)",
                    ])
                }
            }
        } catch {
            logger.error("Window consumer failed", metadata: ["error": "\(error)"])
        }
    }

    func nextConnectionIDValue() -> Int {
        nextConnectionID.add(1, ordering: .relaxed).newValue
    }
}
