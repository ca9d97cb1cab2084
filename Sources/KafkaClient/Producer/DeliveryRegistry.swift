import CRdKafka
import Logging
import Synchronization

/// Matches librdkafka's delivery reports to the `send` calls waiting for them.
///
/// Each awaited record carries a registry id as its per-message opaque; id 0 marks fire-and-forget records,
/// whose failures are only logged.
final class DeliveryRegistry: Sendable {
    typealias Continuation = CheckedContinuation<KafkaDeliveryReport, any Error>

    private struct State {
        var nextID: UInt = 1
        var pending: [UInt: Continuation] = [:]
    }

    private let state = Mutex(State())

    /// Stores a continuation and returns the id to pass as the record's opaque.
    func register(_ continuation: Continuation) -> UInt {
        state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.pending[id] = continuation
            return id
        }
    }

    /// Removes a continuation whose record never reached librdkafka.
    func remove(_ id: UInt) -> Continuation? {
        state.withLock { $0.pending.removeValue(forKey: id) }
    }

    /// Resolves the `send` waiting for this record; called from librdkafka's delivery report callback.
    func deliver(_ message: RdKafkaMessage, logger: Logger) {
        let id = message.opaque
        let result: Result<KafkaDeliveryReport, KafkaClientError>
        if message.error == RD_KAFKA_RESP_ERR_NO_ERROR {
            result = .success(KafkaDeliveryReport(
                topic: message.topic, partition: message.partition, offset: message.offset,
                timestamp: message.timestamp
            ))
        } else {
            result = .failure(KafkaClientError(rdKafka: message.error))
        }
        guard id != 0, let continuation = remove(id) else {
            if case .failure(let error) = result {
                logger.warning("Record was not delivered", metadata: [
                    KafkaLogKey.topic: "\(message.topic)", KafkaLogKey.error: "\(error)",
                ])
            }
            return
        }
        continuation.resume(with: result.mapError { $0 })
    }

    /// Fails every waiting `send`; used once the client is destroyed and no more reports can come.
    func failAll(with error: KafkaClientError) {
        let pending = state.withLock { state in
            defer { state.pending = [:] }
            return state.pending
        }
        for continuation in pending.values { continuation.resume(throwing: error) }
    }
}
