import Foundation
import KafkaClient
import Logging
import ServiceLifecycle

/// Tells the gateway this subscriber is alive and how loaded it is, by a record on `emostream_subscribers`
/// every interval (key `"<cluster>-<subscriber>"`; value the JSON the gateway's `SubscriberHeartbeat` reads).
struct HeartbeatEmitter: Sendable {
    /// The heartbeat record's value.
    struct Record: Encodable {
        var clusterID: Int
        var subscriberID: Int
        var host: String
        var port: Int
        var clients: Int
        /// Milliseconds since the Unix epoch.
        var ts: Int64

        enum CodingKeys: String, CodingKey {
            case clusterID = "cluster_id"
            case subscriberID = "subscriber_id"
            case host, port, clients, ts
        }
    }

    let producer: KafkaProducer
    let topic: String
    let interval: Duration
    let record: @Sendable () -> Record?
    let logger: Logger

    /// Sends a heartbeat every interval until graceful shutdown or cancellation.
    func run() async {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if let record = record() {
                do {
                    // Fire and forget: a heartbeat that cannot be delivered is superseded by the next one anyway.
                    try producer.enqueue(
                        topic: topic, key: Array("\(record.clusterID)-\(record.subscriberID)".utf8),
                        value: Array(try encoder.encode(record))
                    )
                } catch {
                    logger.warning("Cannot queue a heartbeat", metadata: ["error": "\(error)"])
                }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
