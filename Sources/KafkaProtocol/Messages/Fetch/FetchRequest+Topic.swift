import NIOCore

extension FetchRequest {
    public struct Topic: Hashable, Sendable {
        public var topic: String
        public var partitions: [Partition]

        public init(topic: String, partitions: [Partition]) {
            self.topic = topic
            self.partitions = partitions
        }

        init(from buffer: inout ByteBuffer, version: Int16) throws {
            topic = try buffer.readKafkaString()
            partitions = try buffer.readKafkaArray { try Partition(from: &$0, version: version) }
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(topic)
            buffer.writeKafkaArray(partitions) { $1.encode(into: &$0, version: version) }
        }
    }

    public struct Partition: Hashable, Sendable {
        public var partition: Int32
        /// v9+; -1 when the client does not track epochs.
        public var currentLeaderEpoch: Int32
        public var fetchOffset: Int64
        /// v5+; only followers set it.
        public var logStartOffset: Int64
        public var partitionMaxBytes: Int32

        public init(
            partition: Int32,
            currentLeaderEpoch: Int32 = -1,
            fetchOffset: Int64,
            logStartOffset: Int64 = -1,
            partitionMaxBytes: Int32
        ) {
            self.partition = partition
            self.currentLeaderEpoch = currentLeaderEpoch
            self.fetchOffset = fetchOffset
            self.logStartOffset = logStartOffset
            self.partitionMaxBytes = partitionMaxBytes
        }

        init(from buffer: inout ByteBuffer, version: Int16) throws {
            partition = try buffer.readKafkaInteger()
            currentLeaderEpoch = version >= 9 ? try buffer.readKafkaInteger() : -1
            fetchOffset = try buffer.readKafkaInteger()
            logStartOffset = version >= 5 ? try buffer.readKafkaInteger() : -1
            partitionMaxBytes = try buffer.readKafkaInteger()
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(partition)
            if version >= 9 {
                buffer.writeInteger(currentLeaderEpoch)
            }
            buffer.writeInteger(fetchOffset)
            if version >= 5 {
                buffer.writeInteger(logStartOffset)
            }
            buffer.writeInteger(partitionMaxBytes)
        }
    }

    /// Partitions an incremental fetch session no longer wants (v7+).
    public struct ForgottenTopic: Hashable, Sendable {
        public var topic: String
        public var partitions: [Int32]

        public init(topic: String, partitions: [Int32]) {
            self.topic = topic
            self.partitions = partitions
        }
    }
}
