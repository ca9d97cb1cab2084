import KafkaClient
import Logging
import ServiceLifecycle
import Synchronization

/// Whether the broker is reachable, so requests fail fast with 503 while it is known to be down.
///
/// A failed produce marks the broker down at once; a periodic metadata probe marks it up (or down) again, so
/// the gateway resumes by itself when the broker returns, without requests having to wait out timeouts.
final class BrokerHealth: Service, Sendable {
    private let producer: KafkaProducer
    private let interval: Duration
    /// How long one probe may wait for the broker's answer (`GatewayConfiguration.brokerCheckTimeoutMilliseconds`).
    private let probeTimeout: Duration
    private let logger: Logger
    /// nil until the first probe or produce says something.
    private let reachable = Mutex<Bool?>(nil)

    init(producer: KafkaProducer, interval: Duration, probeTimeout: Duration, logger: Logger) {
        self.producer = producer
        self.interval = interval
        self.probeTimeout = probeTimeout
        self.logger = logger
    }

    /// False only once the broker is known to be unreachable.
    var isAvailable: Bool { reachable.withLock { $0 } ?? true }
    /// True only once the broker is known to be reachable.
    var isReachable: Bool { reachable.withLock { $0 } ?? false }

    func produceFailed() { update(false) }
    func produceSucceeded() { update(true) }

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            update(await producer.isBrokerReachable(timeout: probeTimeout))
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
        }
    }

    private func update(_ value: Bool) {
        let previous = reachable.withLock { state in
            defer { state = value }
            return state
        }
        guard previous != value else { return }
        if value {
            logger.info("Broker reachable")
        } else {
            logger.warning("Broker unreachable: answering 503 until it returns")
        }
    }
}
