import Foundation
import KafkaClient
import Logging
import ServiceLifecycle
import Synchronization

/// Follows `emostream_subscribers` and knows which subscribers are alive.
///
/// It reads the topic from the beginning (old heartbeats are simply too old to count) through its own consumer
/// group, so heartbeats on any partition are seen.
final class SubscriberLiveness: Service, Sendable {
    private let consumer: KafkaConsumer
    private let topics: GatewayTopics
    private let topic: String
    private let logger: Logger
    private let directory: Mutex<SubscriberDirectory>

    init(consumer: KafkaConsumer, topics: GatewayTopics, topic: String, ttlMilliseconds: Int64, logger: Logger) {
        self.consumer = consumer
        self.topics = topics
        self.topic = topic
        self.logger = logger
        self.directory = Mutex(SubscriberDirectory(ttlMilliseconds: ttlMilliseconds))
    }

    /// The subscribers alive now, with their latest heartbeat.
    func alive(now: Int64) -> [SubscriberID: SubscriberHeartbeat] {
        directory.withLock { $0.alive(now: now) }
    }

    func run() async throws {
        defer { logger.debug("Stopped following subscriber heartbeats") }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await topics.ensureCreated()
                try consumer.subscribe(topics: [topic])
                break
            } catch {
                logger.warning("Cannot subscribe to heartbeats yet", metadata: ["error": "\(error)"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
            }
        }
        do {
            for try await message in consumer.messages.cancelOnGracefulShutdown() {
                heartbeatRead(message)
            }
        } catch {
            logger.error("Heartbeat consumer failed", metadata: ["error": "\(error)"])
        }
        await consumer.close()
    }

    private func heartbeatRead(_ message: KafkaConsumerMessage) {
        guard let value = message.value,
            let heartbeat = try? JSONDecoder().decode(SubscriberHeartbeat.self, from: Data(value))
        else {
            logger.debug("Ignoring a heartbeat that is not JSON", metadata: ["kafka.offset": "\(message.offset)"])
            return
        }
        let now = WallClock.nowMilliseconds()
        let sentAt = heartbeat.ts ?? message.timestamp?.millisecondsSinceEpoch ?? now
        directory.withLock { $0.heartbeatReceived(heartbeat, sentAt: sentAt, now: now) }
    }
}
