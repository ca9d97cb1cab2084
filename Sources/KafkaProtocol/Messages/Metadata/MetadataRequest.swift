import NIOCore

/// Metadata request (key 3), v0–8: brokers, and topics with their partitions.
public struct MetadataRequest: KafkaRequestMessage, Hashable {
    public static let apiKey = ApiKey.metadata
    public static let supportedVersions: ClosedRange<Int16> = 0...8

    public struct Topic: Hashable, Sendable {
        public var name: String

        public init(name: String) {
            self.name = name
        }
    }

    /// The topics to describe, or nil for all topics.
    ///
    /// v0 has no null array and uses an empty one for "all"; it is decoded as nil, and nil is
    /// encoded as empty there, so callers only ever see one spelling of "all topics".
    public var topics: [Topic]?
    /// Whether the broker may create missing topics (v4+; true before, as older clients expect).
    public var allowAutoTopicCreation: Bool
    /// v8 only (later versions moved this to DescribeCluster).
    public var includeClusterAuthorizedOperations: Bool
    /// v8+.
    public var includeTopicAuthorizedOperations: Bool

    public init(
        topics: [Topic]?,
        allowAutoTopicCreation: Bool = true,
        includeClusterAuthorizedOperations: Bool = false,
        includeTopicAuthorizedOperations: Bool = false
    ) {
        self.topics = topics
        self.allowAutoTopicCreation = allowAutoTopicCreation
        self.includeClusterAuthorizedOperations = includeClusterAuthorizedOperations
        self.includeTopicAuthorizedOperations = includeTopicAuthorizedOperations
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        let readTopic = { (buffer: inout ByteBuffer) throws -> Topic in Topic(name: try buffer.readKafkaString()) }
        if version == 0 {
            let topics = try buffer.readKafkaArray(readTopic)
            self.topics = topics.isEmpty ? nil : topics
        } else {
            topics = try buffer.readKafkaNullableArray(readTopic)
        }
        allowAutoTopicCreation = version >= 4 ? try buffer.readKafkaBoolean() : true
        if version >= 8 {
            includeClusterAuthorizedOperations = try buffer.readKafkaBoolean()
            includeTopicAuthorizedOperations = try buffer.readKafkaBoolean()
        } else {
            includeClusterAuthorizedOperations = false
            includeTopicAuthorizedOperations = false
        }
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        let writeTopic = { (buffer: inout ByteBuffer, topic: Topic) in buffer.writeKafkaString(topic.name) }
        if version == 0 {
            buffer.writeKafkaArray(topics ?? [], writeTopic)
        } else {
            buffer.writeKafkaNullableArray(topics, writeTopic)
        }
        if version >= 4 {
            buffer.writeKafkaBoolean(allowAutoTopicCreation)
        }
        if version >= 8 {
            buffer.writeKafkaBoolean(includeClusterAuthorizedOperations)
            buffer.writeKafkaBoolean(includeTopicAuthorizedOperations)
        }
    }
}
