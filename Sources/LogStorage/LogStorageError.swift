import KafkaProtocol

/// Why a log operation failed, with the Kafka error code the broker should answer.
public struct LogStorageError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable {
        case offsetOutOfRange(offset: Int64, logStartOffset: Int64, logEndOffset: Int64)
        case invalidRecords(RecordBatchError)
        case messageTooLarge(size: Int, limit: Int)
        case recordListTooLarge(size: Int, limit: Int)
        case invalidConfig(String)
        case invalidTopicName(String)
        case topicAlreadyExists(String)
        case unknownTopic(String)
        case invalidPartitions(Int)
        case io(operation: String, path: String, errno: Int32)
        case corruptMetadata(path: String, reason: String)
        case directoryLocked(String)
        case outOfOrderSequence(producerId: Int64, expected: Int32, received: Int32)
        case invalidProducerEpoch(producerId: Int64, current: Int16, received: Int16)
        case invalidRecordForCompactedTopic(String)
        case closed
    }

    private let code: Code

    private init(_ code: Code) {
        self.code = code
    }

    /// The offset is below the log start or above the log end.
    public static func offsetOutOfRange(offset: Int64, logStartOffset: Int64, logEndOffset: Int64) -> LogStorageError {
        LogStorageError(.offsetOutOfRange(offset: offset, logStartOffset: logStartOffset, logEndOffset: logEndOffset))
    }

    /// A produced records blob failed validation; nothing was written.
    public static func invalidRecords(_ error: RecordBatchError) -> LogStorageError {
        LogStorageError(.invalidRecords(error))
    }

    /// One batch is larger than the topic's `max.message.bytes`.
    public static func messageTooLarge(size: Int, limit: Int) -> LogStorageError {
        LogStorageError(.messageTooLarge(size: size, limit: limit))
    }

    /// The whole records blob is larger than a segment may hold.
    public static func recordListTooLarge(size: Int, limit: Int) -> LogStorageError {
        LogStorageError(.recordListTooLarge(size: size, limit: limit))
    }

    /// A topic configuration name or value is unknown or out of range.
    public static func invalidConfig(_ reason: String) -> LogStorageError {
        LogStorageError(.invalidConfig(reason))
    }

    /// The topic name breaks Kafka's naming rules.
    public static func invalidTopicName(_ reason: String) -> LogStorageError {
        LogStorageError(.invalidTopicName(reason))
    }

    /// A topic with this name exists or is being created.
    public static func topicAlreadyExists(_ name: String) -> LogStorageError {
        LogStorageError(.topicAlreadyExists(name))
    }

    /// No topic with this name exists.
    public static func unknownTopic(_ name: String) -> LogStorageError {
        LogStorageError(.unknownTopic(name))
    }

    /// The partition count is below 1 or above the limit.
    public static func invalidPartitions(_ count: Int) -> LogStorageError {
        LogStorageError(.invalidPartitions(count))
    }

    /// A system call on a file failed.
    public static func io(_ operation: String, path: String, errno: Int32) -> LogStorageError {
        LogStorageError(.io(operation: operation, path: path, errno: errno))
    }

    /// A topic metadata file cannot be read.
    public static func corruptMetadata(path: String, reason: String) -> LogStorageError {
        LogStorageError(.corruptMetadata(path: path, reason: reason))
    }

    /// Another process holds the data directory.
    public static func directoryLocked(_ path: String) -> LogStorageError {
        LogStorageError(.directoryLocked(path))
    }

    /// An idempotent producer's batch does not continue its sequence; nothing was written.
    public static func outOfOrderSequence(producerId: Int64, expected: Int32, received: Int32) -> LogStorageError {
        LogStorageError(.outOfOrderSequence(producerId: producerId, expected: expected, received: received))
    }

    /// A batch carries an older epoch than its producer id has already used; nothing was written.
    public static func invalidProducerEpoch(producerId: Int64, current: Int16, received: Int16) -> LogStorageError {
        LogStorageError(.invalidProducerEpoch(producerId: producerId, current: current, received: received))
    }

    /// A batch a compacted topic cannot take (a keyless record, or compression); nothing was written.
    public static func invalidRecordForCompactedTopic(_ reason: String) -> LogStorageError {
        LogStorageError(.invalidRecordForCompactedTopic(reason))
    }

    /// The log or manager was shut down.
    public static let closed = LogStorageError(.closed)

    /// Whether this is an offset outside `[logStartOffset, logEndOffset]`.
    public var isOffsetOutOfRange: Bool {
        if case .offsetOutOfRange = code { return true }
        return false
    }

    /// The Kafka error code a broker answers with for this failure.
    public var kafkaErrorCode: Int16 {
        switch code {
        case .offsetOutOfRange: 1  // OFFSET_OUT_OF_RANGE
        case .invalidRecords(let error): error.kafkaErrorCode  // CORRUPT_MESSAGE or INVALID_RECORD
        case .messageTooLarge: 10  // MESSAGE_TOO_LARGE
        case .recordListTooLarge: 18  // RECORD_LIST_TOO_LARGE
        case .invalidTopicName: 17  // INVALID_TOPIC_EXCEPTION
        case .topicAlreadyExists: 36  // TOPIC_ALREADY_EXISTS
        case .unknownTopic: 3  // UNKNOWN_TOPIC_OR_PARTITION
        case .invalidPartitions: 37  // INVALID_PARTITIONS
        case .invalidConfig: 40  // INVALID_CONFIG
        case .outOfOrderSequence: 45  // OUT_OF_ORDER_SEQUENCE_NUMBER
        case .invalidProducerEpoch: 47  // INVALID_PRODUCER_EPOCH
        case .invalidRecordForCompactedTopic: 87  // INVALID_RECORD
        case .io, .corruptMetadata, .directoryLocked, .closed: 56  // KAFKA_STORAGE_ERROR
        }
    }

    public var description: String {
        switch code {
        case .offsetOutOfRange(let offset, let start, let end):
            "offset \(offset) is outside the log [\(start), \(end)]"
        case .invalidRecords(let error):
            "invalid records: \(error)"
        case .messageTooLarge(let size, let limit):
            "batch of \(size) bytes exceeds max.message.bytes \(limit)"
        case .recordListTooLarge(let size, let limit):
            "records of \(size) bytes exceed segment.bytes \(limit)"
        case .invalidConfig(let reason):
            "invalid config: \(reason)"
        case .invalidTopicName(let reason):
            "invalid topic name: \(reason)"
        case .topicAlreadyExists(let name):
            "topic '\(name)' already exists"
        case .unknownTopic(let name):
            "topic '\(name)' does not exist"
        case .invalidPartitions(let count):
            "invalid partition count \(count)"
        case .io(let operation, let path, let errno):
            "\(operation) failed on \(path): errno \(errno)"
        case .corruptMetadata(let path, let reason):
            "corrupt metadata file \(path): \(reason)"
        case .directoryLocked(let path):
            "data directory \(path) is in use by another process"
        case .outOfOrderSequence(let producerId, let expected, let received):
            "producer \(producerId) sent sequence \(received), expected \(expected)"
        case .invalidProducerEpoch(let producerId, let current, let received):
            "producer \(producerId) sent epoch \(received), older than its current epoch \(current)"
        case .invalidRecordForCompactedTopic(let reason):
            "invalid record for a compacted topic: \(reason)"
        case .closed:
            "log storage is shut down"
        }
    }
}
