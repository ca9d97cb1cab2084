import KafkaProtocol
import LogStorage

extension KafkaBroker {
    /// The Kafka error code a client should see for a failure inside the broker.
    func kafkaErrorCode(for error: any Error) -> KafkaErrorCode {
        switch error {
        case let storage as LogStorageError:
            KafkaErrorCode(rawValue: storage.kafkaErrorCode)
        case let records as RecordBatchError:
            KafkaErrorCode(rawValue: records.kafkaErrorCode)
        default:
            .unknownServerError
        }
    }
}
