import NIOCore

/// ListOffsets response (key 2), v0–5.
///
/// v0 answers with an array of offsets (`oldStyleOffsets`); v1+ with one timestamp/offset pair.
public struct ListOffsetsResponse: KafkaResponseMessage, Hashable {
    public static let apiKey = ApiKey.listOffsets
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
        public var errorCode: KafkaErrorCode
        /// v0 only.
        public var oldStyleOffsets: [Int64]
        /// v1+; -1 when no offset matched.
        public var timestamp: Int64
        /// v1+; -1 when no offset matched.
        public var offset: Int64
        /// v4+.
        public var leaderEpoch: Int32

        public init(
            partitionIndex: Int32,
            errorCode: KafkaErrorCode = .none,
            oldStyleOffsets: [Int64] = [],
            timestamp: Int64 = -1,
            offset: Int64 = -1,
            leaderEpoch: Int32 = -1
        ) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
            self.oldStyleOffsets = oldStyleOffsets
            self.timestamp = timestamp
            self.offset = offset
            self.leaderEpoch = leaderEpoch
        }
    }

    /// v2+.
    public var throttleTimeMs: Int32
    public var topics: [Topic]

    public init(throttleTimeMs: Int32 = 0, topics: [Topic]) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        throttleTimeMs = version >= 2 ? try buffer.readKafkaInteger() : 0
        topics = try buffer.readKafkaArray { buffer in
            Topic(
                name: try buffer.readKafkaString(),
                partitions: try buffer.readKafkaArray { buffer in
                    Partition(
                        partitionIndex: try buffer.readKafkaInteger(),
                        errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInteger()),
                        oldStyleOffsets: version == 0 ? try buffer.readKafkaArray { try $0.readKafkaInteger() } : [],
                        timestamp: version >= 1 ? try buffer.readKafkaInteger() : -1,
                        offset: version >= 1 ? try buffer.readKafkaInteger() : -1,
                        leaderEpoch: version >= 4 ? try buffer.readKafkaInteger() : -1
                    )
                }
            )
        }
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        if version >= 2 {
            buffer.writeInteger(throttleTimeMs)
        }
        buffer.writeKafkaArray(topics) { buffer, topic in
            buffer.writeKafkaString(topic.name)
            buffer.writeKafkaArray(topic.partitions) { buffer, partition in
                buffer.writeInteger(partition.partitionIndex)
                buffer.writeInteger(partition.errorCode.rawValue)
                if version == 0 {
                    buffer.writeKafkaArray(partition.oldStyleOffsets) { $0.writeInteger($1) }
                } else {
                    buffer.writeInteger(partition.timestamp)
                    buffer.writeInteger(partition.offset)
                }
                if version >= 4 {
                    buffer.writeInteger(partition.leaderEpoch)
                }
            }
        }
    }
}
