extension GroupStateMachine {
    /// A SyncGroup arrived.
    ///
    /// Followers are held until the leader's SyncGroup brings the assignments; the leader's
    /// releases them all and makes the group Stable.
    public mutating func syncReceived(_ sync: GroupSync, now: ContinuousClock.Instant) -> GroupAction {
        var answers = GroupAction()
        switch syncAdmission(sync) {
        case .rejected(let error):
            answers.syncs[sync.requestID] = .failure(error)
        case .found(let index):
            members[index].refreshSession(now: now)
            if state == .stable {
                answers.syncs[sync.requestID] = assignedOutcome(members[index].assignment)
            } else {
                hold(sync, memberAt: index, answers: &answers)
                if sync.memberId == leaderId {
                    distribute(sync.assignments ?? [:], now: now, answers: &answers)
                }
            }
        }
        answers.nextDeadline = nextDeadline
        return answers
    }

    /// The member the SyncGroup speaks for, if it may sync now.
    private func syncAdmission(_ sync: GroupSync) -> MemberLookup {
        if state == .dead { return .rejected(.coordinatorNotAvailable) }
        let index: Int
        switch locateMember(sync.memberId, groupInstanceId: sync.groupInstanceId) {
        case .found(let found): index = found
        case .rejected(let error): return .rejected(error)
        }
        guard sync.generationId == generationId else { return .rejected(.illegalGeneration) }
        switch state {
        case .preparingRebalance: return .rejected(.rebalanceInProgress)
        case .empty, .dead: return .rejected(.unknownMemberId)
        case .completingRebalance, .stable: return .found(index)
        }
    }

    private mutating func hold(_ sync: GroupSync, memberAt index: Int, answers: inout GroupAction) {
        if let superseded = members[index].pendingSync, superseded != sync.requestID {
            answers.syncs[superseded] = .failure(.rebalanceInProgress)
        }
        members[index].pendingSync = sync.requestID
    }

    /// Stores the leader's assignments (members it left out get empty bytes) and answers every
    /// held SyncGroup with its own member's bytes.
    private mutating func distribute(
        _ assignments: [String: [UInt8]],
        now: ContinuousClock.Instant,
        answers: inout GroupAction
    ) {
        for index in members.indices {
            members[index].assignment = assignments[members[index].memberId] ?? []
            if let sync = members[index].pendingSync {
                answers.syncs[sync] = assignedOutcome(members[index].assignment)
                members[index].pendingSync = nil
                members[index].refreshSession(now: now)
            }
        }
        state = .stable
    }

    private func assignedOutcome(_ assignment: [UInt8]) -> SyncOutcome {
        SyncOutcome(error: .none, assignment: assignment, protocolType: protocolType, protocolName: protocolName)
    }
}
