import NIOCore

/// OffsetFetch request (key 9), v0–5: a consumer asks for its group's committed positions.
///
/// v6+ is flexible and not implemented.
public struct OffsetFetchRequest: KafkaRequestMessage, Hashable {
    public static let apiKey = ApiKey.offsetFetch
    public static let supportedVersions: ClosedRange<Int16> = 0...5

    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitionIndexes: [Int32]

        public init(name: String, partitionIndexes: [Int32]) {
            self.name = name
            self.partitionIndexes = partitionIndexes
        }
    }

    public var groupId: String
    /// The partitions to look up; nil (v2+ only) asks for every partition the group has committed.
    public var topics: [Topic]?

    public init(groupId: String, topics: [Topic]?) {
        self.groupId = groupId
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        groupId = try buffer.readKafkaString()
        let readTopic = { (buffer: inout ByteBuffer) throws -> Topic in
            Topic(name: try buffer.readKafkaString(), partitionIndexes: try buffer.readKafkaArray { try $0.readKafkaInteger() })
        }
        topics = version >= 2 ? try buffer.readKafkaNullableArray(readTopic) : try buffer.readKafkaArray(readTopic)
        try buffer.requireFullyConsumed()
    }

    /// - Precondition: `topics` is not nil for v0–1, which cannot ask for all topics.
    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        precondition(version >= 2 || topics != nil, "OffsetFetch v\(version) cannot ask for all topics")
        buffer.writeKafkaString(groupId)
        buffer.writeKafkaNullableArray(topics) { buffer, topic in
            buffer.writeKafkaString(topic.name)
            buffer.writeKafkaArray(topic.partitionIndexes) { $0.writeInteger($1) }
        }
    }
}
