import NIOCore

/// JoinGroup response (key 11), v0–5: the new generation, the chosen protocol and, for the leader, every member.
public struct JoinGroupResponse: KafkaResponseMessage, Hashable {
    public static let apiKey = ApiKey.joinGroup
    public static let supportedVersions: ClosedRange<Int16> = 0...5

    /// A member as the leader sees it, so that it can compute assignments.
    public struct Member: Hashable, Sendable {
        public var memberId: String
        /// v5+.
        public var groupInstanceId: String?
        /// The member's metadata for the chosen protocol.
        public var metadata: ByteBuffer

        public init(memberId: String, groupInstanceId: String? = nil, metadata: ByteBuffer) {
            self.memberId = memberId
            self.groupInstanceId = groupInstanceId
            self.metadata = metadata
        }
    }

    /// v2+.
    public var throttleTimeMs: Int32
    public var errorCode: KafkaErrorCode
    public var generationId: Int32
    public var protocolName: String
    /// The leader's member id.
    public var leader: String
    /// The id the coordinator assigned to the receiving member (also sent with MEMBER_ID_REQUIRED).
    public var memberId: String
    /// Every member for the leader; empty for followers.
    public var members: [Member]

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = .none,
        generationId: Int32 = -1,
        protocolName: String = "",
        leader: String = "",
        memberId: String,
        members: [Member] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.generationId = generationId
        self.protocolName = protocolName
        self.leader = leader
        self.memberId = memberId
        self.members = members
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        throttleTimeMs = version >= 2 ? try buffer.readKafkaInteger() : 0
        errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInteger())
        generationId = try buffer.readKafkaInteger()
        protocolName = try buffer.readKafkaString()
        leader = try buffer.readKafkaString()
        memberId = try buffer.readKafkaString()
        members = try buffer.readKafkaArray { buffer in
            Member(
                memberId: try buffer.readKafkaString(),
                groupInstanceId: version >= 5 ? try buffer.readKafkaNullableString() : nil,
                metadata: try buffer.readKafkaBytes()
            )
        }
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        if version >= 2 {
            buffer.writeInteger(throttleTimeMs)
        }
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeInteger(generationId)
        buffer.writeKafkaString(protocolName)
        buffer.writeKafkaString(leader)
        buffer.writeKafkaString(memberId)
        buffer.writeKafkaArray(members) { buffer, member in
            buffer.writeKafkaString(member.memberId)
            if version >= 5 {
                buffer.writeKafkaNullableString(member.groupInstanceId)
            }
            buffer.writeKafkaBytes(member.metadata)
        }
    }
}
