/// What one JoinGroup response must say.
public struct JoinOutcome: Sendable, Hashable {
    /// A member as the leader sees it in its JoinGroup response, so it can compute the assignment.
    public struct JoinedMember: Sendable, Hashable {
        public var memberId: String
        public var groupInstanceId: String?
        /// The member's metadata for the chosen protocol.
        public var metadata: [UInt8]
    }

    public var error: GroupErrorCode
    /// −1 when `error` is not `.none`.
    public var generationId: Int32
    public var protocolType: String?
    /// Nil on errors; versions before v7 write it as an empty string.
    public var protocolName: String?
    public var leaderId: String
    /// The member's id; for MEMBER_ID_REQUIRED, the id it must rejoin with.
    public var memberId: String
    /// Every member for the leader, empty for followers and on errors.
    public var members: [JoinedMember]

    static func failure(_ error: GroupErrorCode, memberId: String = "") -> JoinOutcome {
        JoinOutcome(
            error: error,
            generationId: -1,
            protocolType: nil,
            protocolName: nil,
            leaderId: "",
            memberId: memberId,
            members: []
        )
    }
}
