/// A member named by a LeaveGroup request: v0–2 carry one member id, v3 a list that may name
/// static members by instance id.
public struct LeavingMember: Sendable, Hashable {
    public var memberId: String
    public var groupInstanceId: String?

    public init(memberId: String, groupInstanceId: String? = nil) {
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
    }
}

/// What a LeaveGroup response must say, plus the held requests the departures released.
public struct LeaveOutcome: Sendable, Hashable {
    /// The top-level error (v3 has both a top-level and a per-member error).
    public var error: GroupErrorCode
    /// One per leaving member, in request order.
    public var memberErrors: [GroupErrorCode]
    public var action: GroupAction

    /// The single error for LeaveGroup v0–2, which name exactly one member.
    public var singleMemberError: GroupErrorCode {
        error != .none ? error : (memberErrors.first { $0 != .none } ?? .none)
    }
}
