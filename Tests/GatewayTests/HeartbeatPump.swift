import Foundation
@testable import Gateway
import KafkaClient
import ServiceTestSupport
import Synchronization

/// Plays subscribers: produces a heartbeat for each live one to `emostream_subscribers` every `interval`.
final class HeartbeatPump: Sendable {
    private let producer: KafkaProducer
    private let live: Mutex<Set<SubscriberID>>
    private let interval: Duration

    init(bootstrap: String, subscribers: [SubscriberID], interval: Duration = .milliseconds(200)) throws {
        var configuration = KafkaProducerConfiguration(bootstrapServers: [bootstrap])
        configuration.enableIdempotence = false
        configuration.lingerMs = 1
        producer = try KafkaProducer(configuration: configuration, logger: .quiet)
        live = Mutex(Set(subscribers))
        self.interval = interval
    }

    /// The default topology's port for a subscriber: 6000 + 3·cluster + subscriber.
    static func port(_ id: SubscriberID) -> Int { 6000 + 3 * id.cluster + id.subscriber }

    /// The 3 × 3 subscribers of the default topology.
    static let defaultTopology = (0..<3).flatMap { cluster in
        (0..<3).map { SubscriberID(cluster: cluster, subscriber: $0) }
    }

    /// Stops the heartbeats of one subscriber, as if it died.
    func stop(_ id: SubscriberID) { _ = live.withLock { $0.remove(id) } }

    /// Sends heartbeats until `body` returns.
    func run<Result: Sendable>(_ body: @escaping @Sendable () async throws -> Result) async throws -> Result {
        try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    try await self.beat()
                    try await Task.sleep(for: self.interval)
                }
                return nil
            }
            group.addTask { try await body() }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let result { return result }
            }
            fatalError("the body always returns a value")
        }
    }

    private func beat() async throws {
        let now = KafkaTimestamp.now().millisecondsSinceEpoch
        for id in live.withLock({ $0 }) {
            let heartbeat = SubscriberHeartbeat(
                clusterID: id.cluster, subscriberID: id.subscriber, host: "127.0.0.1", port: Self.port(id),
                clients: 0, ts: now
            )
            _ = try await producer.send(
                topic: "emostream_subscribers", key: Array(id.description.utf8),
                value: Array(try JSONEncoder().encode(heartbeat))
            )
        }
    }

    func shutdown() async { await producer.shutdown(flushTimeout: .zero) }
}
