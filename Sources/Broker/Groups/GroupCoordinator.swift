import Synchronization

/// Every consumer group of this broker, each a `GroupStateMachine` behind one lock.
///
/// Methods decide under the lock and return what to answer; the caller writes responses after.
/// Held JoinGroup/SyncGroup requests are answered in later actions, possibly from another
/// member's request or from `tick(now:)`, so the caller keeps pending requests by
/// `GroupRequestID`. Every returned `nextDeadline` covers all groups: schedule one timer for it
/// and call `tick(now:)` when it fires.
public final class GroupCoordinator: Sendable {
    private let configuration: GroupConfiguration
    private let groups = Mutex<[String: GroupStateMachine]>([:])

    public init(configuration: GroupConfiguration = GroupConfiguration()) {
        self.configuration = configuration
    }

    /// Runs a JoinGroup. A group is created by the first member that joins without a member id.
    public func join(groupId: String, _ join: GroupJoin, now: ContinuousClock.Instant = .now) -> GroupAction {
        groups.withLock { groups in
            var action: GroupAction
            if groupId.isEmpty {
                action = GroupAction(joins: [join.requestID: .failure(.invalidGroupId, memberId: join.memberId)])
            } else if groups[groupId] == nil, !join.memberId.isEmpty {
                // Groups do not survive a broker restart; the client starts over with an empty id.
                action = GroupAction(joins: [join.requestID: .failure(.unknownMemberId, memberId: join.memberId)])
            } else {
                var group = groups[groupId] ?? GroupStateMachine(groupId: groupId, configuration: configuration)
                action = group.joinReceived(join, now: now)
                groups[groupId] = group.neverHadMembers ? nil : group
            }
            action.nextDeadline = Self.earliestDeadline(in: groups)
            return action
        }
    }

    /// Runs a SyncGroup.
    public func sync(groupId: String, _ sync: GroupSync, now: ContinuousClock.Instant = .now) -> GroupAction {
        groups.withLock { groups in
            var action: GroupAction
            if groupId.isEmpty {
                action = GroupAction(syncs: [sync.requestID: .failure(.invalidGroupId)])
            } else if groups[groupId] != nil {
                action = groups[groupId]!.syncReceived(sync, now: now)
            } else {
                action = GroupAction(syncs: [sync.requestID: .failure(.unknownMemberId)])
            }
            action.nextDeadline = Self.earliestDeadline(in: groups)
            return action
        }
    }

    /// Runs a Heartbeat. It never releases held requests, so only an error code comes back.
    public func heartbeat(
        groupId: String,
        memberId: String,
        groupInstanceId: String? = nil,
        generationId: Int32,
        now: ContinuousClock.Instant = .now
    ) -> GroupErrorCode {
        guard !groupId.isEmpty else { return .invalidGroupId }
        return groups.withLock { groups in
            guard groups[groupId] != nil else { return .unknownMemberId }
            return groups[groupId]!.heartbeatReceived(
                memberId: memberId,
                groupInstanceId: groupInstanceId,
                generationId: generationId,
                now: now
            )
        }
    }

    /// Runs a LeaveGroup; the outcome's action may release other members' held requests.
    public func leave(groupId: String, members: [LeavingMember], now: ContinuousClock.Instant = .now) -> LeaveOutcome {
        guard !groupId.isEmpty else {
            return LeaveOutcome(error: .invalidGroupId, memberErrors: members.map { _ in .invalidGroupId }, action: GroupAction())
        }
        return groups.withLock { groups in
            var outcome: LeaveOutcome
            if groups[groupId] != nil {
                outcome = groups[groupId]!.leaveReceived(members, now: now)
            } else {
                outcome = LeaveOutcome(error: .none, memberErrors: members.map { _ in .unknownMemberId }, action: GroupAction())
            }
            outcome.action.nextDeadline = Self.earliestDeadline(in: groups)
            return outcome
        }
    }

    /// Decides whether an OffsetCommit may be stored (in the `OffsetStore`, by the caller).
    ///
    /// Commits with generation −1 to a group the coordinator does not know are accepted: they come
    /// from clients that assign partitions themselves. The empty group id is allowed, as in Kafka.
    public func validateOffsetCommit(
        groupId: String,
        generationId: Int32,
        memberId: String,
        groupInstanceId: String? = nil,
        now: ContinuousClock.Instant = .now
    ) -> GroupErrorCode {
        groups.withLock { groups in
            guard groups[groupId] != nil else { return generationId < 0 ? .none : .illegalGeneration }
            return groups[groupId]!.offsetCommitReceived(
                generationId: generationId,
                memberId: memberId,
                groupInstanceId: groupInstanceId,
                now: now
            )
        }
    }

    /// Deletes a group without members (DeleteGroups).
    ///
    /// Answers `groupIdNotFound` for groups that only exist in the `OffsetStore`; the caller
    /// deletes their offsets and reports success in that case.
    public func deleteGroup(_ groupId: String) -> GroupErrorCode {
        guard !groupId.isEmpty else { return .invalidGroupId }
        return groups.withLock { groups in
            guard groups[groupId] != nil else { return .groupIdNotFound }
            let error = groups[groupId]!.deleteReceived()
            if error == .none { groups[groupId] = nil }
            return error
        }
    }

    /// The group for DescribeGroups; an unknown group is described as Dead with no error, as Kafka does.
    public func describe(groupId: String) -> GroupDescription {
        groups.withLock { $0[groupId]?.describe() } ?? .unknown(groupId)
    }

    /// Every group with membership, sorted by id. Merge in `OffsetStore.groups()` (protocol type "",
    /// state "Empty") to list groups that only commit offsets.
    public func listGroups() -> [GroupListing] {
        groups.withLock { groups in groups.values.map(\.listing) }.sorted { $0.groupId < $1.groupId }
    }

    /// Expires sessions and ends overdue join phases in every group.
    public func tick(now: ContinuousClock.Instant = .now) -> GroupAction {
        groups.withLock { groups in
            var action = GroupAction()
            for groupId in groups.keys {
                action.merge(groups[groupId]!.deadlineReached(now: now))
            }
            action.nextDeadline = Self.earliestDeadline(in: groups)
            return action
        }
    }

    /// When `tick(now:)` next has work, across all groups.
    public var nextDeadline: ContinuousClock.Instant? {
        groups.withLock { Self.earliestDeadline(in: $0) }
    }

    private static func earliestDeadline(in groups: [String: GroupStateMachine]) -> ContinuousClock.Instant? {
        groups.values.compactMap(\.nextDeadline).min()
    }
}
