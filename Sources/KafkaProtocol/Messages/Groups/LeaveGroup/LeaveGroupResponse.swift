import NIOCore

/// LeaveGroup response (key 13), v0–3: a group-level error and, from v3, one result per leaving member.
public struct LeaveGroupResponse: KafkaResponseMessage, Hashable {
    public static let apiKey = ApiKey.leaveGroup
    public static let supportedVersions: ClosedRange<Int16> = 0...3

    public struct MemberResponse: Hashable, Sendable {
        public var memberId: String
        public var groupInstanceId: String?
        public var errorCode: KafkaErrorCode

        public init(memberId: String, groupInstanceId: String? = nil, errorCode: KafkaErrorCode = .none) {
            self.memberId = memberId
            self.groupInstanceId = groupInstanceId
            self.errorCode = errorCode
        }
    }

    /// v1+.
    public var throttleTimeMs: Int32
    public var errorCode: KafkaErrorCode
    /// v3+; dropped when encoding older versions.
    public var members: [MemberResponse]

    public init(throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .none, members: [MemberResponse] = []) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.members = members
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        throttleTimeMs = version >= 1 ? try buffer.readKafkaInteger() : 0
        errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInteger())
        if version >= 3 {
            members = try buffer.readKafkaArray { buffer in
                MemberResponse(
                    memberId: try buffer.readKafkaString(),
                    groupInstanceId: try buffer.readKafkaNullableString(),
                    errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInteger())
                )
            }
        } else {
            members = []
        }
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        if version >= 1 {
            buffer.writeInteger(throttleTimeMs)
        }
        buffer.writeInteger(errorCode.rawValue)
        if version >= 3 {
            buffer.writeKafkaArray(members) { buffer, member in
                buffer.writeKafkaString(member.memberId)
                buffer.writeKafkaNullableString(member.groupInstanceId)
                buffer.writeInteger(member.errorCode.rawValue)
            }
        }
    }
}
