import NIOCore

/// What a group leader puts in SyncGroup's assignment bytes for protocol type "consumer": a member's partitions.
///
/// The bytes start with an int16 version; versions 0–3 share one layout.
public struct ConsumerProtocolAssignment: Hashable, Sendable {
    /// The versions `encode` can write; newer ones decode as the latest.
    public static let supportedVersions: ClosedRange<Int16> = 0...3

    public var assignedPartitions: [ConsumerProtocolTopicPartitions]
    /// Assignor-specific data.
    public var userData: ByteBuffer?

    public init(assignedPartitions: [ConsumerProtocolTopicPartitions], userData: ByteBuffer? = nil) {
        self.assignedPartitions = assignedPartitions
        self.userData = userData
    }

    /// Decodes version and body, consuming `buffer`.
    ///
    /// - Throws: `KafkaProtocolError` for malformed data, `ConsumerProtocolError` for a negative version.
    public init(from buffer: inout ByteBuffer) throws {
        let version = try buffer.readConsumerProtocolVersion()
        assignedPartitions = try buffer.readConsumerProtocolTopicPartitions()
        userData = try buffer.readKafkaNullableBytes()
        try buffer.finishConsumerProtocolData(version: version, latestKnown: Self.supportedVersions.upperBound)
    }

    /// Writes the version followed by the fields.
    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        precondition(Self.supportedVersions.contains(version), "consumer assignment cannot be encoded at version \(version)")
        buffer.writeInteger(version)
        buffer.writeConsumerProtocolTopicPartitions(assignedPartitions)
        buffer.writeKafkaNullableBytes(userData)
    }

    /// The encoded bytes, ready for `SyncGroupRequest.Assignment.assignment`.
    public func encoded(version: Int16 = ConsumerProtocolAssignment.supportedVersions.upperBound) -> ByteBuffer {
        var buffer = ByteBuffer()
        encode(into: &buffer, version: version)
        return buffer
    }
}
