import NIOCore

extension OffsetCommitRequest {
    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitions: [Partition]

        public init(name: String, partitions: [Partition]) {
            self.name = name
            self.partitions = partitions
        }
    }

    /// One partition's position to store.
    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        /// The offset of the next record to consume.
        public var committedOffset: Int64
        /// v6+; -1 when unknown.
        public var committedLeaderEpoch: Int32
        /// v1 only; -1 lets the broker use its own clock.
        public var commitTimestamp: Int64
        /// Free-form client data, stored and returned as-is.
        public var committedMetadata: String?

        public init(
            partitionIndex: Int32,
            committedOffset: Int64,
            committedLeaderEpoch: Int32 = -1,
            commitTimestamp: Int64 = -1,
            committedMetadata: String? = nil
        ) {
            self.partitionIndex = partitionIndex
            self.committedOffset = committedOffset
            self.committedLeaderEpoch = committedLeaderEpoch
            self.commitTimestamp = commitTimestamp
            self.committedMetadata = committedMetadata
        }

        init(from buffer: inout ByteBuffer, version: Int16) throws {
            partitionIndex = try buffer.readKafkaInteger()
            committedOffset = try buffer.readKafkaInteger()
            committedLeaderEpoch = version >= 6 ? try buffer.readKafkaInteger() : -1
            commitTimestamp = version == 1 ? try buffer.readKafkaInteger() : -1
            committedMetadata = try buffer.readKafkaNullableString()
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(partitionIndex)
            buffer.writeInteger(committedOffset)
            if version >= 6 {
                buffer.writeInteger(committedLeaderEpoch)
            }
            if version == 1 {
                buffer.writeInteger(commitTimestamp)
            }
            buffer.writeKafkaNullableString(committedMetadata)
        }
    }
}
