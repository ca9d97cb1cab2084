/// A partition of a topic and a position in it: where to start reading, or what to commit.
///
/// For commits the offset is, as everywhere in Kafka, the offset of the *next* record to read.
public struct TopicPartitionOffset: Sendable, Hashable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32
    public var offset: KafkaOffset

    public init(topic: String, partition: Int32, offset: KafkaOffset) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }

    /// The partition without the position.
    public var topicPartition: TopicPartition { TopicPartition(topic: topic, partition: partition) }

    public var description: String { "\(topic)[\(partition)]@\(offset)" }
}
