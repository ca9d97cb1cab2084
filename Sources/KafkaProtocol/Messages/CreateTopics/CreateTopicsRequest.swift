import NIOCore

/// CreateTopics request (key 19), v0–4.
public struct CreateTopicsRequest: KafkaRequestMessage, Hashable {
    public static let apiKey = ApiKey.createTopics
    public static let supportedVersions: ClosedRange<Int16> = 0...4

    public struct Topic: Hashable, Sendable {
        public var name: String
        /// -1 with manual assignments, or (v4+) to use the broker default.
        public var numPartitions: Int32
        /// -1 with manual assignments, or (v4+) to use the broker default.
        public var replicationFactor: Int16
        /// Manual partition placement; empty for automatic.
        public var assignments: [Assignment]
        public var configs: [Config]

        public init(name: String, numPartitions: Int32, replicationFactor: Int16, assignments: [Assignment] = [], configs: [Config] = []) {
            self.name = name
            self.numPartitions = numPartitions
            self.replicationFactor = replicationFactor
            self.assignments = assignments
            self.configs = configs
        }
    }

    public struct Assignment: Hashable, Sendable {
        public var partitionIndex: Int32
        public var brokerIds: [Int32]

        public init(partitionIndex: Int32, brokerIds: [Int32]) {
            self.partitionIndex = partitionIndex
            self.brokerIds = brokerIds
        }
    }

    /// A topic configuration entry such as `cleanup.policy=compact`.
    public struct Config: Hashable, Sendable {
        public var name: String
        public var value: String?

        public init(name: String, value: String?) {
            self.name = name
            self.value = value
        }
    }

    public var topics: [Topic]
    public var timeoutMs: Int32
    /// v1+: check only, create nothing.
    public var validateOnly: Bool

    public init(topics: [Topic], timeoutMs: Int32 = 60_000, validateOnly: Bool = false) {
        self.topics = topics
        self.timeoutMs = timeoutMs
        self.validateOnly = validateOnly
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        topics = try buffer.readKafkaArray { buffer in
            Topic(
                name: try buffer.readKafkaString(),
                numPartitions: try buffer.readKafkaInteger(),
                replicationFactor: try buffer.readKafkaInteger(),
                assignments: try buffer.readKafkaArray { buffer in
                    Assignment(partitionIndex: try buffer.readKafkaInteger(), brokerIds: try buffer.readKafkaArray { try $0.readKafkaInteger() })
                },
                configs: try buffer.readKafkaArray { buffer in
                    Config(name: try buffer.readKafkaString(), value: try buffer.readKafkaNullableString())
                }
            )
        }
        timeoutMs = try buffer.readKafkaInteger()
        validateOnly = version >= 1 ? try buffer.readKafkaBoolean() : false
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        buffer.writeKafkaArray(topics) { buffer, topic in
            buffer.writeKafkaString(topic.name)
            buffer.writeInteger(topic.numPartitions)
            buffer.writeInteger(topic.replicationFactor)
            buffer.writeKafkaArray(topic.assignments) { buffer, assignment in
                buffer.writeInteger(assignment.partitionIndex)
                buffer.writeKafkaArray(assignment.brokerIds) { $0.writeInteger($1) }
            }
            buffer.writeKafkaArray(topic.configs) { buffer, config in
                buffer.writeKafkaString(config.name)
                buffer.writeKafkaNullableString(config.value)
            }
        }
        buffer.writeInteger(timeoutMs)
        if version >= 1 {
            buffer.writeKafkaBoolean(validateOnly)
        }
    }
}
