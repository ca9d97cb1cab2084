import CRdKafka

/// A failure reported by librdkafka or by this wrapper, with librdkafka's own code and text kept for diagnosis.
public struct KafkaClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is, coarse enough to decide what to do about it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidConfiguration
            case brokerUnavailable
            case queueFull
            case timedOut
            case unknownTopicOrPartition
            case shutDown
            case topicCreation
            case kafka
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A configuration property was unknown or had an invalid value, or the client could not be created.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// No broker could be reached: transport failure, all brokers down, or a message timed out waiting for one.
        public static let brokerUnavailable = Code(.brokerUnavailable)
        /// The local producer queue stayed full after the bounded wait.
        public static let queueFull = Code(.queueFull)
        /// An operation did not complete within its timeout.
        public static let timedOut = Code(.timedOut)
        /// The topic or partition does not exist.
        public static let unknownTopicOrPartition = Code(.unknownTopicOrPartition)
        /// The client was shut down (or is shutting down) before the operation could complete.
        public static let shutDown = Code(.shutDown)
        /// The broker refused to create a topic.
        public static let topicCreation = Code(.topicCreation)
        /// Any other error librdkafka or the broker reported; see `rdKafkaCode` and `message`.
        public static let kafka = Code(.kafka)

        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// librdkafka's `rd_kafka_resp_err_t` value, when the failure came from librdkafka (negative: local, positive: broker).
    public let rdKafkaCode: Int32?
    /// What went wrong, in librdkafka's words where it had any.
    public let message: String

    init(code: Code, rdKafkaCode: Int32? = nil, message: String) {
        self.code = code
        self.rdKafkaCode = rdKafkaCode
        self.message = message
    }

    /// Whether trying the same operation again later may succeed.
    public var isRetriable: Bool {
        switch code {
        case .brokerUnavailable, .queueFull, .timedOut: return true
        case .kafka: return rdKafkaCode.map(Self.retriableCodes.contains) ?? false
        default: return false
        }
    }

    public var description: String {
        var text = "KafkaClientError.\(code): \(message)"
        if let rdKafkaCode { text += " (rd_kafka_resp_err_t \(rdKafkaCode))" }
        return text
    }

    /// Broker error codes Kafka marks retriable: leadership moves, replica shortfalls, request timeouts.
    private static let retriableCodes = Set([
        RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
        RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND,
        RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
        RD_KAFKA_RESP_ERR_NOT_COORDINATOR, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS,
        RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__WAIT_COORD, RD_KAFKA_RESP_ERR__IN_PROGRESS,
    ].map(\.rawValue))
}

extension KafkaClientError {
    /// Maps a librdkafka error code to an error, with librdkafka's description unless a better message is given.
    init(rdKafka error: rd_kafka_resp_err_t, message: String? = nil) {
        let text = message ?? String(cString: rd_kafka_err2str(error))
        self.init(code: Self.code(for: error), rdKafkaCode: error.rawValue, message: text)
    }

    /// Takes ownership of an `rd_kafka_error_t` and destroys it.
    init(consuming error: OpaquePointer) {
        defer { rd_kafka_error_destroy(error) }
        self.init(rdKafka: rd_kafka_error_code(error), message: String(cString: rd_kafka_error_string(error)))
    }

    private static func code(for error: rd_kafka_resp_err_t) -> Code {
        switch error {
        case RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT,
            RD_KAFKA_RESP_ERR__RESOLVE:
            return .brokerUnavailable
        case RD_KAFKA_RESP_ERR__QUEUE_FULL:
            return .queueFull
        case RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
            return .timedOut
        case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC, RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION,
            RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
            return .unknownTopicOrPartition
        case RD_KAFKA_RESP_ERR__PURGE_QUEUE, RD_KAFKA_RESP_ERR__PURGE_INFLIGHT, RD_KAFKA_RESP_ERR__DESTROY:
            return .shutDown
        case RD_KAFKA_RESP_ERR__INVALID_ARG, RD_KAFKA_RESP_ERR__UNKNOWN_PROTOCOL:
            return .invalidConfiguration
        default:
            return .kafka
        }
    }

    /// The client has been shut down.
    static let clientShutDown = KafkaClientError(code: .shutDown, message: "the Kafka client has been shut down")
}
