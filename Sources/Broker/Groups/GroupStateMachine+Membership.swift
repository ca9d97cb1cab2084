extension GroupStateMachine {
    /// A Heartbeat arrived: it keeps the member's session alive and tells it whether to rejoin.
    public mutating func heartbeatReceived(
        memberId: String,
        groupInstanceId: String? = nil,
        generationId: Int32,
        now: ContinuousClock.Instant
    ) -> GroupErrorCode {
        if state == .dead { return .coordinatorNotAvailable }
        let index: Int
        switch locateMember(memberId, groupInstanceId: groupInstanceId) {
        case .found(let found): index = found
        case .rejected(let error): return error
        }
        guard generationId == self.generationId else { return .illegalGeneration }
        members[index].refreshSession(now: now)
        if case .preparingRebalance = state { return .rebalanceInProgress }
        return .none
    }

    /// A LeaveGroup arrived for one (v0–2) or several (v3) members.
    public mutating func leaveReceived(_ leaving: [LeavingMember], now: ContinuousClock.Instant) -> LeaveOutcome {
        var answers = GroupAction()
        if state == .dead {
            let errors = leaving.map { _ in GroupErrorCode.coordinatorNotAvailable }
            return LeaveOutcome(error: .coordinatorNotAvailable, memberErrors: errors, action: answers)
        }
        let errors = leaving.map { removeLeaving($0, now: now, answers: &answers) }
        answers.nextDeadline = nextDeadline
        return LeaveOutcome(error: .none, memberErrors: errors, action: answers)
    }

    private mutating func removeLeaving(
        _ leaving: LeavingMember,
        now: ContinuousClock.Instant,
        answers: inout GroupAction
    ) -> GroupErrorCode {
        if let groupInstanceId = leaving.groupInstanceId {
            guard let index = index(ofInstance: groupInstanceId) else { return .unknownMemberId }
            // An empty member id means "whoever holds this instance" (v3 admin removal).
            if !leaving.memberId.isEmpty, members[index].memberId != leaving.memberId { return .fencedInstanceId }
            removeMember(at: index, now: now, answers: &answers)
            return .none
        }
        if pendingMembers.removeValue(forKey: leaving.memberId) != nil {
            tryCompleteJoin(now: now, answers: &answers)
            return .none
        }
        guard let index = index(of: leaving.memberId) else { return .unknownMemberId }
        removeMember(at: index, now: now, answers: &answers)
        return .none
    }

    /// Decides whether an OffsetCommit may be stored; the offsets themselves go to the `OffsetStore`.
    ///
    /// Generation −1 with any member id is accepted while the group is Empty: that is how clients
    /// using `assign()` (no group membership) commit. A valid commit also counts as a heartbeat.
    public mutating func offsetCommitReceived(
        generationId: Int32,
        memberId: String,
        groupInstanceId: String? = nil,
        now: ContinuousClock.Instant
    ) -> GroupErrorCode {
        if state == .dead { return .coordinatorNotAvailable }
        if let groupInstanceId, let owner = index(ofInstance: groupInstanceId), members[owner].memberId != memberId {
            return .fencedInstanceId
        }
        if generationId < 0, state == .empty { return .none }
        if state == .completingRebalance { return .rebalanceInProgress }
        guard let index = index(of: memberId) else { return .unknownMemberId }
        guard generationId == self.generationId else { return .illegalGeneration }
        members[index].refreshSession(now: now)
        return .none
    }

    /// A DeleteGroups arrived: only a group without members may go.
    public mutating func deleteReceived() -> GroupErrorCode {
        switch state {
        case .dead: return .groupIdNotFound
        case .empty:
            state = .dead
            pendingMembers = [:]
            return .none
        case .preparingRebalance, .completingRebalance, .stable:
            return .nonEmptyGroup
        }
    }
}
