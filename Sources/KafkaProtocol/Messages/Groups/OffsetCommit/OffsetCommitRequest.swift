import NIOCore

/// OffsetCommit request (key 8), v0–7: a consumer stores its position per partition in its group.
///
/// A "simple" consumer (assign() with auto-commit) sends generation -1 and an empty member id.
/// v8+ is flexible and not implemented.
public struct OffsetCommitRequest: KafkaRequestMessage, Hashable {
    public static let apiKey = ApiKey.offsetCommit
    public static let supportedVersions: ClosedRange<Int16> = 0...7

    public var groupId: String
    /// v1+; -1 when the committer is not a group member.
    public var generationId: Int32
    /// v1+; empty when the committer is not a group member.
    public var memberId: String
    /// v7+.
    public var groupInstanceId: String?
    /// v2–4: how long to keep the offsets, -1 for the broker default.
    public var retentionTimeMs: Int64
    public var topics: [Topic]

    public init(
        groupId: String,
        generationId: Int32 = -1,
        memberId: String = "",
        groupInstanceId: String? = nil,
        retentionTimeMs: Int64 = -1,
        topics: [Topic]
    ) {
        self.groupId = groupId
        self.generationId = generationId
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.retentionTimeMs = retentionTimeMs
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        groupId = try buffer.readKafkaString()
        generationId = version >= 1 ? try buffer.readKafkaInteger() : -1
        memberId = version >= 1 ? try buffer.readKafkaString() : ""
        groupInstanceId = version >= 7 ? try buffer.readKafkaNullableString() : nil
        retentionTimeMs = (2...4).contains(version) ? try buffer.readKafkaInteger() : -1
        topics = try buffer.readKafkaArray { buffer in
            Topic(
                name: try buffer.readKafkaString(),
                partitions: try buffer.readKafkaArray { try Partition(from: &$0, version: version) }
            )
        }
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        buffer.writeKafkaString(groupId)
        if version >= 1 {
            buffer.writeInteger(generationId)
            buffer.writeKafkaString(memberId)
        }
        if version >= 7 {
            buffer.writeKafkaNullableString(groupInstanceId)
        }
        if (2...4).contains(version) {
            buffer.writeInteger(retentionTimeMs)
        }
        buffer.writeKafkaArray(topics) { buffer, topic in
            buffer.writeKafkaString(topic.name)
            buffer.writeKafkaArray(topic.partitions) { $1.encode(into: &$0, version: version) }
        }
    }
}
