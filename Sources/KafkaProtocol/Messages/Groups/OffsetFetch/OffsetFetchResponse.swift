import NIOCore

/// OffsetFetch response (key 9), v0–5: the committed offset and metadata per partition.
public struct OffsetFetchResponse: KafkaResponseMessage, Hashable {
    public static let apiKey = ApiKey.offsetFetch
    public static let supportedVersions: ClosedRange<Int16> = 0...5

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
        /// -1 when the group has no commit for this partition.
        public var committedOffset: Int64
        /// v5+; -1 when unknown.
        public var committedLeaderEpoch: Int32
        /// The metadata string stored with the commit.
        public var metadata: String?
        public var errorCode: KafkaErrorCode

        public init(
            partitionIndex: Int32,
            committedOffset: Int64,
            committedLeaderEpoch: Int32 = -1,
            metadata: String? = "",
            errorCode: KafkaErrorCode = .none
        ) {
            self.partitionIndex = partitionIndex
            self.committedOffset = committedOffset
            self.committedLeaderEpoch = committedLeaderEpoch
            self.metadata = metadata
            self.errorCode = errorCode
        }

        init(from buffer: inout ByteBuffer, version: Int16) throws {
            partitionIndex = try buffer.readKafkaInteger()
            committedOffset = try buffer.readKafkaInteger()
            committedLeaderEpoch = version >= 5 ? try buffer.readKafkaInteger() : -1
            metadata = try buffer.readKafkaNullableString()
            errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInteger())
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(partitionIndex)
            buffer.writeInteger(committedOffset)
            if version >= 5 {
                buffer.writeInteger(committedLeaderEpoch)
            }
            buffer.writeKafkaNullableString(metadata)
            buffer.writeInteger(errorCode.rawValue)
        }
    }

    /// v3+.
    public var throttleTimeMs: Int32
    public var topics: [Topic]
    /// v2+: a group-level error such as COORDINATOR_LOAD_IN_PROGRESS.
    public var errorCode: KafkaErrorCode

    public init(throttleTimeMs: Int32 = 0, topics: [Topic], errorCode: KafkaErrorCode = .none) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
        self.errorCode = errorCode
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        throttleTimeMs = version >= 3 ? try buffer.readKafkaInteger() : 0
        topics = try buffer.readKafkaArray { buffer in
            Topic(
                name: try buffer.readKafkaString(),
                partitions: try buffer.readKafkaArray { try Partition(from: &$0, version: version) }
            )
        }
        errorCode = version >= 2 ? KafkaErrorCode(rawValue: try buffer.readKafkaInteger()) : .none
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        if version >= 3 {
            buffer.writeInteger(throttleTimeMs)
        }
        buffer.writeKafkaArray(topics) { buffer, topic in
            buffer.writeKafkaString(topic.name)
            buffer.writeKafkaArray(topic.partitions) { $1.encode(into: &$0, version: version) }
        }
        if version >= 2 {
            buffer.writeInteger(errorCode.rawValue)
        }
    }
}
