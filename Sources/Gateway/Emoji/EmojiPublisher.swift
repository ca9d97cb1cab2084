import KafkaClient
import Logging

/// Writes validated emoji to `emoji_stream`: key = room, value = `EmojiRecord` JSON, timestamp = arrival time.
///
/// By default a call returns only once the broker acknowledged every record (acks=all), so a 200 means the
/// reaction is durable. With `fireAndForget` it returns once the records are queued in librdkafka.
struct EmojiPublisher: Sendable {
    let producer: KafkaProducer
    let topic: String
    let fireAndForget: Bool
    let health: BrokerHealth
    let metrics: GatewayMetrics
    let logger: Logger

    /// Produces one record per submission, all stamped `receivedAt` (milliseconds since the Unix epoch).
    ///
    /// - Throws: `APIError` 503 when the broker is known to be down, did not acknowledge in time, or the
    ///   local queue is full. Records of a batch that did get through stay written (at-least-once).
    func publish(_ submissions: [EmojiSubmission], receivedAt: Int64) async throws(APIError) {
        guard health.isAvailable else { throw APIError.unavailable("Broker unavailable, try again shortly") }
        let receivedAtText = WallClock.iso8601(milliseconds: receivedAt)
        let records = submissions.map { submission in
            (key: Array(submission.room.utf8), value: EmojiRecord(submission, receivedAt: receivedAtText).jsonBytes())
        }
        let timestamp = KafkaTimestamp(millisecondsSinceEpoch: receivedAt)
        if fireAndForget {
            try enqueue(records, timestamp: timestamp)
        } else {
            try await send(records, timestamp: timestamp)
        }
    }

    private func enqueue(_ records: [(key: [UInt8], value: [UInt8])], timestamp: KafkaTimestamp) throws(APIError) {
        do {
            for record in records {
                try producer.enqueue(topic: topic, key: record.key, value: record.value, timestamp: timestamp)
            }
        } catch {
            throw failure(error)
        }
    }

    private func send(_ records: [(key: [UInt8], value: [UInt8])], timestamp: KafkaTimestamp) async throws(APIError) {
        let started = ContinuousClock.now
        let failures = await sendAll(records, timestamp: timestamp)
        metrics.produceFinished(after: ContinuousClock.now - started, succeeded: failures.isEmpty)
        if let first = failures.first { throw failure(first) }
        health.produceSucceeded()
    }

    /// Sends the records concurrently, so a batch waits for one acknowledgement round rather than one per record,
    /// and returns what failed.
    private func sendAll(_ records: [(key: [UInt8], value: [UInt8])], timestamp: KafkaTimestamp) async -> [any Error] {
        if records.count == 1, let record = records.first {
            // `POST /emoji`, the common case: a child task would only add an allocation and a hop.
            return await sendOne(record, timestamp: timestamp).map { [$0] } ?? []
        }
        return await withTaskGroup(of: (any Error)?.self) { group in
            for record in records {
                group.addTask { await sendOne(record, timestamp: timestamp) }
            }
            return await group.reduce(into: [any Error]()) { failures, error in
                if let error { failures.append(error) }
            }
        }
    }

    /// Sends one record and returns why it failed, nil once the broker acknowledged it.
    private func sendOne(_ record: (key: [UInt8], value: [UInt8]), timestamp: KafkaTimestamp) async -> (any Error)? {
        do {
            _ = try await producer.send(topic: topic, key: record.key, value: record.value, timestamp: timestamp)
            return nil
        } catch {
            return error
        }
    }

    /// The 503 answer for a produce failure; broker-side trouble also marks the broker down for fast failing.
    private func failure(_ error: any Error) -> APIError {
        logger.warning("Produce failed", metadata: ["kafka.topic": "\(topic)", "error": "\(error)"])
        guard let kafkaError = error as? KafkaClientError else {
            return APIError.unavailable("Emoji could not be stored")
        }
        switch kafkaError.code {
        case .queueFull:
            return APIError.unavailable("Gateway is overloaded, try again shortly")
        case .shutDown:
            return APIError.unavailable("Gateway is shutting down")
        case .brokerUnavailable, .timedOut:
            health.produceFailed()
            return APIError.unavailable("Broker unavailable, try again shortly")
        default:
            return APIError.unavailable("Emoji could not be stored: \(kafkaError.message)")
        }
    }
}
