import NIOCore

/// Heartbeat request (key 12), v0–3: a member is alive and still in this generation.
///
/// v4+ is flexible and not implemented.
public struct HeartbeatRequest: KafkaRequestMessage, Hashable {
    public static let apiKey = ApiKey.heartbeat
    public static let supportedVersions: ClosedRange<Int16> = 0...3

    public var groupId: String
    public var generationId: Int32
    public var memberId: String
    /// v3+.
    public var groupInstanceId: String?

    public init(groupId: String, generationId: Int32, memberId: String, groupInstanceId: String? = nil) {
        self.groupId = groupId
        self.generationId = generationId
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        groupId = try buffer.readKafkaString()
        generationId = try buffer.readKafkaInteger()
        memberId = try buffer.readKafkaString()
        groupInstanceId = version >= 3 ? try buffer.readKafkaNullableString() : nil
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        buffer.writeKafkaString(groupId)
        buffer.writeInteger(generationId)
        buffer.writeKafkaString(memberId)
        if version >= 3 {
            buffer.writeKafkaNullableString(groupInstanceId)
        }
    }
}
