import NIOCore

/// OffsetCommit response (key 8), v0–7: an error code per committed partition.
public struct OffsetCommitResponse: KafkaResponseMessage, Hashable {
    public static let apiKey = ApiKey.offsetCommit
    public static let supportedVersions: ClosedRange<Int16> = 0...7

    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitions: [Partition]

        public init(name: String, partitions: [Partition]) {
            self.name = name
            self.partitions = partitions
        }
    }

    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        public var errorCode: KafkaErrorCode

        public init(partitionIndex: Int32, errorCode: KafkaErrorCode = .none) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
        }
    }

    /// v3+.
    public var throttleTimeMs: Int32
    public var topics: [Topic]

    public init(throttleTimeMs: Int32 = 0, topics: [Topic]) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        throttleTimeMs = version >= 3 ? try buffer.readKafkaInteger() : 0
        topics = try buffer.readKafkaArray { buffer in
            Topic(
                name: try buffer.readKafkaString(),
                partitions: try buffer.readKafkaArray { buffer in
                    Partition(partitionIndex: try buffer.readKafkaInteger(), errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInteger()))
                }
            )
        }
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        if version >= 3 {
            buffer.writeInteger(throttleTimeMs)
        }
        buffer.writeKafkaArray(topics) { buffer, topic in
            buffer.writeKafkaString(topic.name)
            buffer.writeKafkaArray(topic.partitions) { buffer, partition in
                buffer.writeInteger(partition.partitionIndex)
                buffer.writeInteger(partition.errorCode.rawValue)
            }
        }
    }
}
