extension GroupStateMachine {
    /// Starts a join phase: every member must rejoin within the longest rebalance timeout.
    ///
    /// Followers still waiting for an assignment of the abandoned generation are told to rejoin.
    mutating func prepareRebalance(now: ContinuousClock.Instant, answers: inout GroupAction) {
        if state == .completingRebalance {
            for index in members.indices {
                if let sync = members[index].pendingSync {
                    answers.syncs[sync] = .failure(.rebalanceInProgress)
                    members[index].pendingSync = nil
                }
            }
        }
        for index in members.indices { members[index].assignment = [] }
        let timeout = members.map(\.rebalanceTimeout).max() ?? .zero
        state = .preparingRebalance(deadline: now + timeout)
    }

    /// Ends the join phase early once nobody is missing.
    mutating func tryCompleteJoin(now: ContinuousClock.Instant, answers: inout GroupAction) {
        guard case .preparingRebalance = state, pendingMembers.isEmpty,
            members.allSatisfy({ $0.pendingJoin != nil })
        else { return }
        completeJoin(now: now, answers: &answers)
    }

    /// Ends the join phase: members that did not rejoin are dropped, the generation advances, and
    /// every held JoinGroup is answered (the leader with the member list).
    mutating func completeJoin(now: ContinuousClock.Instant, answers: inout GroupAction) {
        members.removeAll { $0.pendingJoin == nil }
        generationId &+= 1
        guard let oldest = members.first else {
            state = .empty
            protocolName = nil
            leaderId = nil
            return
        }
        if leaderId.flatMap(index(of:)) == nil { leaderId = oldest.memberId }
        protocolName = chooseProtocol()
        state = .completingRebalance
        for index in members.indices {
            guard let join = members[index].pendingJoin else { continue }
            answers.joins[join] = joinedOutcome(for: members[index])
            members[index].pendingJoin = nil
            members[index].refreshSession(now: now)
        }
    }

    /// The first protocol in the leader's order of preference that every member supports.
    ///
    /// Admission guarantees one exists; the fallback only keeps a broken invariant from trapping.
    private func chooseProtocol() -> String? {
        let leader = leaderId.flatMap(index(of:)).map { members[$0] } ?? members[0]
        let shared = leader.protocols.first { offered in members.allSatisfy { $0.supports(offered.name) } }
        return (shared ?? leader.protocols.first)?.name
    }

    /// The JoinGroup answer for a member of the current generation.
    func joinedOutcome(for member: GroupMember) -> JoinOutcome {
        let isLeader = member.memberId == leaderId
        return JoinOutcome(
            error: .none,
            generationId: generationId,
            protocolType: protocolType,
            protocolName: protocolName,
            leaderId: leaderId ?? "",
            memberId: member.memberId,
            members: isLeader
                ? members.map {
                    JoinOutcome.JoinedMember(
                        memberId: $0.memberId,
                        groupInstanceId: $0.groupInstanceId,
                        metadata: $0.metadata(for: protocolName)
                    )
                }
                : []
        )
    }

    /// Drops a member that left or went silent; whatever it was waiting for is answered
    /// UNKNOWN_MEMBER_ID and the others must rebalance without it.
    mutating func removeMember(at index: Int, now: ContinuousClock.Instant, answers: inout GroupAction) {
        let member = members.remove(at: index)
        if let join = member.pendingJoin { answers.joins[join] = .failure(.unknownMemberId, memberId: member.memberId) }
        if let sync = member.pendingSync { answers.syncs[sync] = .failure(.unknownMemberId) }
        if leaderId == member.memberId { leaderId = members.first?.memberId }
        switch state {
        case .stable, .completingRebalance:
            prepareRebalance(now: now, answers: &answers)
            tryCompleteJoin(now: now, answers: &answers)
        case .preparingRebalance:
            tryCompleteJoin(now: now, answers: &answers)
        case .empty, .dead:
            break
        }
    }
}
