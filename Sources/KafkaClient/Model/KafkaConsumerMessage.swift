/// A record read from a partition.
public struct KafkaConsumerMessage: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var timestamp: KafkaTimestamp?
    public var headers: [KafkaHeader]

    public init(
        topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8]?,
        timestamp: KafkaTimestamp?, headers: [KafkaHeader]
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.timestamp = timestamp
        self.headers = headers
    }

    /// The position to commit once this record has been processed: the offset after it.
    public var nextPosition: TopicPartitionOffset {
        TopicPartitionOffset(topic: topic, partition: partition, offset: KafkaOffset(offset + 1))
    }
}
