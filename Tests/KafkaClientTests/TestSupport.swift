import Foundation
import KafkaClient
import Logging
import Synchronization

extension Logger {
    /// A logger that prints only errors, so test output stays readable.
    static var quiet: Logger {
        var logger = Logger(label: "kafka-client-test")
        logger.logLevel = .error
        return logger
    }
}

/// A fresh topic name, so tests sharing a broker never see each other's records.
func uniqueTopic(_ prefix: String = "test") -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
}

func producerConfiguration(_ bootstrap: String) -> KafkaProducerConfiguration {
    var configuration = KafkaProducerConfiguration(bootstrapServers: [bootstrap])
    // The broker does not implement InitProducerId yet.
    configuration.enableIdempotence = false
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

struct TestTimeout: Error, CustomStringConvertible {
    let description: String
}

/// Runs `body`, failing instead of hanging if it has not finished after `seconds` (a guard, not a timing check).
func withHangGuard<Result: Sendable>(
    _ what: String, seconds: Int = 20, _ body: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw TestTimeout(description: "\(what) did not finish within \(seconds)s")
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
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
