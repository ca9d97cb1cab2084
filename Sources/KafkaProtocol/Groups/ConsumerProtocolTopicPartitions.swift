/// A topic and some of its partitions, as listed in consumer-protocol subscriptions and assignments.
public struct ConsumerProtocolTopicPartitions: Hashable, Sendable {
    public var topic: String
    public var partitions: [Int32]

    public init(topic: String, partitions: [Int32]) {
        self.topic = topic
        self.partitions = partitions
    }
}
