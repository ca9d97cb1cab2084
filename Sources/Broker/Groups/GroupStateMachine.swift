import Foundation

/// The coordinator's view of one consumer group: who is in it, which rebalance phase it is in,
/// and which JoinGroup/SyncGroup requests it is holding.
///
/// Pure: every input takes `now` and returns what to answer, so the caller owns clocks, timers and
/// sockets. Follows Kafka's GroupCoordinator: Empty → PreparingRebalance (members rejoin) →
/// CompletingRebalance (the leader computes assignments) → Stable, and back to PreparingRebalance
/// whenever membership changes.
public struct GroupStateMachine: Sendable {
    enum State: Sendable, Hashable {
        case empty
        /// Waiting for every member to (re)join, at the latest until `deadline`.
        case preparingRebalance(deadline: ContinuousClock.Instant)
        /// Waiting for the leader's SyncGroup.
        case completingRebalance
        case stable
        case dead
    }

    public let groupId: String
    let configuration: GroupConfiguration
    var state: State = .empty
    public internal(set) var generationId: Int32 = 0
    /// Kept after the group empties, as Kafka does, so DescribeGroups still shows it.
    public internal(set) var protocolType: String?
    /// The protocol chosen for the current generation.
    public internal(set) var protocolName: String?
    public internal(set) var leaderId: String?
    /// In join order: when the leader goes, the oldest remaining member leads.
    var members: [GroupMember] = []
    /// Ids handed out with MEMBER_ID_REQUIRED, each with the moment it is forgotten unless the
    /// client rejoins with it. They hold back the join phase, as the client is about to rejoin.
    var pendingMembers: [String: ContinuousClock.Instant] = [:]

    public init(groupId: String, configuration: GroupConfiguration = GroupConfiguration()) {
        self.groupId = groupId
        self.configuration = configuration
    }

    /// Whether a DescribeGroups/ListGroups caller would see members.
    public var isEmpty: Bool { members.isEmpty }

    func index(of memberId: String) -> Int? {
        members.firstIndex { $0.memberId == memberId }
    }

    func index(ofInstance groupInstanceId: String) -> Int? {
        members.firstIndex { $0.groupInstanceId == groupInstanceId }
    }

    /// Finds the member a SyncGroup, Heartbeat or OffsetCommit speaks for.
    ///
    /// A static instance now owned by a different member id means this client was replaced.
    func locateMember(_ memberId: String, groupInstanceId: String?) -> MemberLookup {
        if let groupInstanceId, let owner = index(ofInstance: groupInstanceId),
            members[owner].memberId != memberId
        {
            return .rejected(.fencedInstanceId)
        }
        guard let index = index(of: memberId) else { return .rejected(.unknownMemberId) }
        return .found(index)
    }

    /// Where a member named by a request is, or why the request is refused.
    enum MemberLookup {
        case found(Int)
        case rejected(GroupErrorCode)
    }

    static func makeMemberId(clientId: String) -> String {
        "\(clientId)-\(UUID().uuidString.lowercased())"
    }
}

extension GroupStateMachine {
    /// True for a group that was created by a request that then failed: nothing worth keeping.
    var neverHadMembers: Bool {
        state == .empty && generationId == 0 && members.isEmpty && pendingMembers.isEmpty
    }
}
