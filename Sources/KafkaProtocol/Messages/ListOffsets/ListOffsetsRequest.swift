import NIOCore

/// ListOffsets request (key 2), v0–5: find the offset for a timestamp, or the earliest/latest offset.
public struct ListOffsetsRequest: KafkaRequestMessage, Hashable {
    public static let apiKey = ApiKey.listOffsets
    public static let supportedVersions: ClosedRange<Int16> = 0...5

    /// Timestamp that asks for the log end (high watermark).
    public static let latestTimestamp: Int64 = -1
    /// Timestamp that asks for the log start.
    public static let earliestTimestamp: Int64 = -2

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
        /// v4+.
        public var currentLeaderEpoch: Int32
        /// A timestamp in ms, or `latestTimestamp` / `earliestTimestamp`.
        public var timestamp: Int64
        /// v0 only: how many offsets to return.
        public var maxNumOffsets: Int32

        public init(partitionIndex: Int32, currentLeaderEpoch: Int32 = -1, timestamp: Int64, maxNumOffsets: Int32 = 1) {
            self.partitionIndex = partitionIndex
            self.currentLeaderEpoch = currentLeaderEpoch
            self.timestamp = timestamp
            self.maxNumOffsets = maxNumOffsets
        }
    }

    public var replicaId: Int32
    /// v2+: 0 read uncommitted, 1 read committed.
    public var isolationLevel: Int8
    public var topics: [Topic]

    public init(replicaId: Int32 = -1, isolationLevel: Int8 = 0, topics: [Topic]) {
        self.replicaId = replicaId
        self.isolationLevel = isolationLevel
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        replicaId = try buffer.readKafkaInteger()
        isolationLevel = version >= 2 ? try buffer.readKafkaInteger() : 0
        topics = try buffer.readKafkaArray { buffer in
            Topic(
                name: try buffer.readKafkaString(),
                partitions: try buffer.readKafkaArray { buffer in
                    Partition(
                        partitionIndex: try buffer.readKafkaInteger(),
                        currentLeaderEpoch: version >= 4 ? try buffer.readKafkaInteger() : -1,
                        timestamp: try buffer.readKafkaInteger(),
                        maxNumOffsets: version == 0 ? try buffer.readKafkaInteger() : 1
                    )
                }
            )
        }
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        buffer.writeInteger(replicaId)
        if version >= 2 {
            buffer.writeInteger(isolationLevel)
        }
        buffer.writeKafkaArray(topics) { buffer, topic in
            buffer.writeKafkaString(topic.name)
            buffer.writeKafkaArray(topic.partitions) { buffer, partition in
                buffer.writeInteger(partition.partitionIndex)
                if version >= 4 {
                    buffer.writeInteger(partition.currentLeaderEpoch)
                }
                buffer.writeInteger(partition.timestamp)
                if version == 0 {
                    buffer.writeInteger(partition.maxNumOffsets)
                }
            }
        }
    }
}
