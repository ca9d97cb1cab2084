import Foundation
import KafkaProtocol
import Logging
import LogStorage
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// A single-node, Kafka-wire-compatible log broker.
///
/// Owns the partition logs, the listening socket and the pool of threads on which storage work runs,
/// so that no event loop ever waits for a disk.
public final class KafkaBroker: Service, Sendable {
    let configuration: BrokerConfiguration
    let logger: Logger
    let logs: LogManager
    let storagePool: NIOThreadPool
    let fetchWaiters: FetchWaiters
    let groups: GroupCoordinator
    let offsets: OffsetStore
    let pendingGroupRequests = PendingGroupRequests()
    let metrics: BrokerMetrics
    private let group: any EventLoopGroup
    private let boundPort = Mutex<Int?>(nil)

    /// Opens (and recovers) the data directory; the broker starts listening in `run()`.
    ///
    /// - Throws: when the data directory cannot be opened or recovered.
    public init(
        configuration: BrokerConfiguration,
        logger: Logger,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        metrics: BrokerMetrics = BrokerMetrics()
    ) throws {
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        self.group = group
        let waiters = FetchWaiters()
        self.fetchWaiters = waiters
        self.logs = try LogManager(
            directory: configuration.dataDirectory,
            defaults: configuration.logDefaults,
            fsync: configuration.fsync,
            logger: logger,
            retentionCheckInterval: .milliseconds(configuration.retentionCheckIntervalMs),
            cleanerCheckInterval: .milliseconds(configuration.cleanerBackoffMs),
            observers: LogObservers(
                highWatermarkAdvanced: { log in waiters.highWatermarkAdvanced(topic: log.topic, partition: log.partition) },
                flushed: { metrics.flushed(after: $0) }
            )
        )
        self.groups = GroupCoordinator()
        self.offsets = try OffsetStore(
            directory: (configuration.dataDirectory as NSString).appendingPathComponent("__consumer_offsets"), logger: logger
        )
        self.storagePool = NIOThreadPool(numberOfThreads: max(2, System.coreCount))
    }

    /// Serves until the service group shuts down, then stops accepting, flushes and closes the logs.
    public func run() async throws {
        storagePool.start()
        let channel = try await KafkaServer(broker: self, configuration: configuration, group: group, logger: logger).bind()
        let port = channel.localAddress?.port ?? configuration.port
        boundPort.withLock { $0 = port }
        if let file = configuration.boundPortFile {
            try "\(port)\n".write(toFile: file, atomically: true, encoding: .utf8)
        }
        logger.info("Broker listening", metadata: [
            "net.host": "\(configuration.host)", "net.port": "\(port)",
            "broker.advertised": "\(configuration.effectiveAdvertisedHost):\(port)",
            "broker.data_dir": "\(configuration.dataDirectory)", "broker.fsync": "\(configuration.fsync)",
        ])
        // Session expiry and rebalance timeouts are checked on a short period; sessions are seconds long.
        let groupTimer = group.next().scheduleRepeatedTask(initialDelay: .milliseconds(100), delay: .milliseconds(100)) { [self] _ in
            tickGroups()
        }
        try await withGracefulShutdownHandler {
            try await channel.closeFuture.get()
        } onGracefulShutdown: {
            channel.close(promise: nil)
        }
        logger.info("Broker stopping: flushing logs")
        groupTimer.cancel()
        for parked in pendingGroupRequests.takeAll() {
            parked.promise.fail(ChannelError.ioOnClosedChannel)
        }
        fetchWaiters.cancelAll()
        logs.shutdown()
        offsets.close()
        try await storagePool.shutdownGracefully()
        logger.info("Broker stopped")
    }

    /// The port the broker listens on, once `run()` has bound it.
    public var listeningPort: Int? {
        boundPort.withLock { $0 }
    }

    /// The port written into Metadata answers: the bound one, which differs from the configured one for port 0.
    var advertisedPort: Int32 {
        Int32(boundPort.withLock { $0 } ?? configuration.port)
    }
}
