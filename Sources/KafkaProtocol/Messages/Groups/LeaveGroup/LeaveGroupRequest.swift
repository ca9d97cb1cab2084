import NIOCore

/// LeaveGroup request (key 13), v0–3: members leave a group so it rebalances without waiting for their sessions to expire.
///
/// v0–2 carry one member id; v3 carries a list of identities (for static members). Both decode into `members`,
/// so the coordinator handles a single shape. v4+ is flexible and not implemented.
public struct LeaveGroupRequest: KafkaRequestMessage, Hashable {
    public static let apiKey = ApiKey.leaveGroup
    public static let supportedVersions: ClosedRange<Int16> = 0...3

    public struct MemberIdentity: Hashable, Sendable {
        public var memberId: String
        /// v3+.
        public var groupInstanceId: String?

        public init(memberId: String, groupInstanceId: String? = nil) {
            self.memberId = memberId
            self.groupInstanceId = groupInstanceId
        }
    }

    public var groupId: String
    /// The leaving members; exactly one for v0–2.
    public var members: [MemberIdentity]

    public init(groupId: String, members: [MemberIdentity]) {
        self.groupId = groupId
        self.members = members
    }

    /// A single dynamic member leaving, the only form v0–2 can express.
    public init(groupId: String, memberId: String) {
        self.init(groupId: groupId, members: [MemberIdentity(memberId: memberId)])
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        groupId = try buffer.readKafkaString()
        if version >= 3 {
            members = try buffer.readKafkaArray { buffer in
                MemberIdentity(memberId: try buffer.readKafkaString(), groupInstanceId: try buffer.readKafkaNullableString())
            }
        } else {
            members = [MemberIdentity(memberId: try buffer.readKafkaString())]
        }
        try buffer.requireFullyConsumed()
    }

    /// - Precondition: for v0–2, exactly one member without a group instance id.
    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        buffer.writeKafkaString(groupId)
        if version >= 3 {
            buffer.writeKafkaArray(members) { buffer, member in
                buffer.writeKafkaString(member.memberId)
                buffer.writeKafkaNullableString(member.groupInstanceId)
            }
        } else {
            precondition(
                members.count == 1 && members[0].groupInstanceId == nil,
                "LeaveGroup v\(version) carries exactly one dynamic member"
            )
            buffer.writeKafkaString(members[0].memberId)
        }
    }
}
