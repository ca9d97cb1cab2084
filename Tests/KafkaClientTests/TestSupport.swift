import Foundation
import KafkaClient
import Logging
import ServiceTestSupport
import Synchronization

/// A fresh topic name, so tests sharing a broker never see each other's records.
func uniqueTopic(_ prefix: String = "test") -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
}

func producerConfiguration(_ bootstrap: String) -> KafkaProducerConfiguration {
    var configuration = KafkaProducerConfiguration(bootstrapServers: [bootstrap])
    // Idempotent, as the gateway's producer is in production.
    configuration.enableIdempotence = true
    configuration.lingerMs = 1
    configuration.messageTimeoutMs = 10_000
    return configuration
}

func consumerConfiguration(_ bootstrap: String, group: String = uniqueTopic("group")) -> KafkaConsumerConfiguration {
    var configuration = KafkaConsumerConfiguration(bootstrapServers: [bootstrap], groupID: group)
    configuration.sessionTimeoutMs = 6_000
    configuration.extra["fetch.wait.max.ms"] = "100"
    return configuration
}

/// Reads `count` records from the consumer.
func read(_ count: Int, from consumer: KafkaConsumer) async throws -> [KafkaConsumerMessage] {
    try await withHangGuard("reading \(count) records") {
        var messages: [KafkaConsumerMessage] = []
        guard count > 0 else { return messages }
        for try await message in consumer.messages {
            messages.append(message)
            if messages.count == count { break }
        }
        return messages
    }
}

/// Log lines a `CapturingLogHandler` saw, shared between the handler's copies.
final class CapturedLog: Sendable {
    private let lines = Mutex<[(level: Logger.Level, message: String, metadata: Logger.Metadata)]>([])

    var logger: Logger {
        Logger(label: "captured") { _ in CapturingLogHandler(log: self) }
    }

    func append(_ event: LogEvent) {
        lines.withLock { $0.append((event.level, event.message.description, event.metadata ?? [:])) }
    }

    /// Whether any line carries this metadata key.
    func hasLine(withMetadataKey key: String) -> Bool {
        lines.withLock { $0.contains { $0.metadata[key] != nil } }
    }
}

/// Collects log lines into a `CapturedLog`.
struct CapturingLogHandler: LogHandler {
    let log: CapturedLog
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) { log.append(event) }
}
