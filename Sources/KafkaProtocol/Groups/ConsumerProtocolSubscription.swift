import NIOCore

/// What a consumer puts in JoinGroup's protocol metadata for protocol type "consumer": the topics it wants.
///
/// The bytes start with an int16 version. The coordinator never needs to read them (they are opaque to it),
/// but DescribeGroups tooling and tests do.
public struct ConsumerProtocolSubscription: Hashable, Sendable {
    /// The JoinGroup protocol type whose metadata has this shape.
    public static let protocolType = "consumer"
    /// The versions `encode` can write; newer ones decode as the latest.
    public static let supportedVersions: ClosedRange<Int16> = 0...3

    public var topics: [String]
    /// Assignor-specific data (e.g. the sticky assignor's previous assignment).
    public var userData: ByteBuffer?
    /// v1+: partitions the member owns now, for cooperative rebalancing.
    public var ownedPartitions: [ConsumerProtocolTopicPartitions]
    /// v2+: the generation `ownedPartitions` belong to, -1 when unknown.
    public var generationId: Int32
    /// v3+: the consumer's `client.rack`, for rack-aware assignment.
    public var rackId: String?

    public init(
        topics: [String],
        userData: ByteBuffer? = nil,
        ownedPartitions: [ConsumerProtocolTopicPartitions] = [],
        generationId: Int32 = -1,
        rackId: String? = nil
    ) {
        self.topics = topics
        self.userData = userData
        self.ownedPartitions = ownedPartitions
        self.generationId = generationId
        self.rackId = rackId
    }

    /// Decodes version and body, consuming `buffer`.
    ///
    /// - Throws: `KafkaProtocolError` for malformed data, `ConsumerProtocolError` for a negative version.
    public init(from buffer: inout ByteBuffer) throws {
        let version = try buffer.readConsumerProtocolVersion()
        topics = try buffer.readKafkaArray { try $0.readKafkaString() }
        userData = try buffer.readKafkaNullableBytes()
        ownedPartitions = version >= 1 ? try buffer.readConsumerProtocolTopicPartitions() : []
        generationId = version >= 2 ? try buffer.readKafkaInteger() : -1
        rackId = version >= 3 ? try buffer.readKafkaNullableString() : nil
        try buffer.finishConsumerProtocolData(version: version, latestKnown: Self.supportedVersions.upperBound)
    }

    /// Writes the version followed by the fields that version has.
    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        precondition(Self.supportedVersions.contains(version), "consumer subscription cannot be encoded at version \(version)")
        buffer.writeInteger(version)
        buffer.writeKafkaArray(topics) { $0.writeKafkaString($1) }
        buffer.writeKafkaNullableBytes(userData)
        if version >= 1 {
            buffer.writeConsumerProtocolTopicPartitions(ownedPartitions)
        }
        if version >= 2 {
            buffer.writeInteger(generationId)
        }
        if version >= 3 {
            buffer.writeKafkaNullableString(rackId)
        }
    }

    /// The encoded bytes, ready for `JoinGroupRequest.GroupProtocol.metadata`.
    public func encoded(version: Int16 = ConsumerProtocolSubscription.supportedVersions.upperBound) -> ByteBuffer {
        var buffer = ByteBuffer()
        encode(into: &buffer, version: version)
        return buffer
    }
}
