import NIOCore

/// Produce request (key 0), v0–8: record batches to append, per topic and partition.
///
/// The records stay an opaque slice of the request frame; validating and storing them is the
/// broker's job, and nothing here copies them.
public struct ProduceRequest: KafkaRequestMessage, Hashable {
    public static let apiKey = ApiKey.produce
    public static let supportedVersions: ClosedRange<Int16> = 0...8

    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitions: [Partition]

        public init(name: String, partitions: [Partition]) {
            self.name = name
            self.partitions = partitions
        }
    }

    public struct Partition: Hashable, Sendable {
        public var index: Int32
        /// The record batches exactly as the producer sent them, or nil.
        public var records: ByteBuffer?

        public init(index: Int32, records: ByteBuffer?) {
            self.index = index
            self.records = records
        }
    }

    /// v3+; nil when the producer is not transactional.
    public var transactionalId: String?
    /// 0: no response at all, 1: leader only, -1: all in-sync replicas.
    public var acks: Int16
    public var timeoutMs: Int32
    public var topics: [Topic]

    public init(transactionalId: String? = nil, acks: Int16, timeoutMs: Int32, topics: [Topic]) {
        self.transactionalId = transactionalId
        self.acks = acks
        self.timeoutMs = timeoutMs
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        transactionalId = version >= 3 ? try buffer.readKafkaNullableString() : nil
        acks = try buffer.readKafkaInteger()
        timeoutMs = try buffer.readKafkaInteger()
        topics = try buffer.readKafkaArray { buffer in
            Topic(
                name: try buffer.readKafkaString(),
                partitions: try buffer.readKafkaArray { buffer in
                    Partition(index: try buffer.readKafkaInteger(), records: try buffer.readKafkaNullableBytes())
                }
            )
        }
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        if version >= 3 {
            buffer.writeKafkaNullableString(transactionalId)
        }
        buffer.writeInteger(acks)
        buffer.writeInteger(timeoutMs)
        buffer.writeKafkaArray(topics) { buffer, topic in
            buffer.writeKafkaString(topic.name)
            buffer.writeKafkaArray(topic.partitions) { buffer, partition in
                buffer.writeInteger(partition.index)
                buffer.writeKafkaNullableBytes(partition.records)
            }
        }
    }
}
