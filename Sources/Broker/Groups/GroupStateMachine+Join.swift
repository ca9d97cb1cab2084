extension GroupStateMachine {
    /// A JoinGroup arrived.
    ///
    /// The request is either answered at once (errors, MEMBER_ID_REQUIRED, or a rejoin that changes
    /// nothing) or held until every known member has rejoined or the rebalance timeout passes.
    public mutating func joinReceived(_ join: GroupJoin, now: ContinuousClock.Instant) -> GroupAction {
        var answers = GroupAction()
        if let error = admissionError(for: join) {
            answers.joins[join.requestID] = .failure(error, memberId: join.memberId)
        } else if join.memberId.isEmpty {
            joinAsNewMember(join, now: now, answers: &answers)
        } else {
            joinAsKnownMember(join, now: now, answers: &answers)
        }
        answers.nextDeadline = nextDeadline
        return answers
    }

    private func admissionError(for join: GroupJoin) -> GroupErrorCode? {
        if state == .dead { return .coordinatorNotAvailable }
        guard configuration.acceptsSessionTimeout(join.sessionTimeoutMs) else { return .invalidSessionTimeout }
        guard !join.protocolType.isEmpty, !join.protocols.isEmpty else { return .inconsistentGroupProtocol }
        // A rejoining member is compared with the others only: it may be changing its own protocols.
        let replacedId = join.memberId.isEmpty
            ? join.groupInstanceId.flatMap { index(ofInstance: $0) }.map { members[$0].memberId }
            : join.memberId
        let others = members.filter { $0.memberId != replacedId }
        guard !others.isEmpty else { return nil }
        let sharesAProtocol = join.protocols.contains { offered in others.allSatisfy { $0.supports(offered.name) } }
        guard join.protocolType == protocolType, sharesAProtocol else { return .inconsistentGroupProtocol }
        return nil
    }

    private mutating func joinAsNewMember(_ join: GroupJoin, now: ContinuousClock.Instant, answers: inout GroupAction) {
        let memberId = Self.makeMemberId(clientId: join.clientId)
        if let groupInstanceId = join.groupInstanceId {
            // Static members skip MEMBER_ID_REQUIRED: the instance id already identifies them.
            if let index = index(ofInstance: groupInstanceId) {
                replaceStaticMember(at: index, newMemberId: memberId, answers: &answers)
                rejoinAndRebalance(at: index, join, now: now, answers: &answers)
            } else {
                addMemberAndRebalance(join, memberId: memberId, now: now, answers: &answers)
            }
        } else if join.apiVersion >= 4 {
            pendingMembers[memberId] = now + .milliseconds(join.sessionTimeoutMs)
            answers.joins[join.requestID] = .failure(.memberIdRequired, memberId: memberId)
        } else {
            // v0–3 clients do not understand MEMBER_ID_REQUIRED and would fail.
            addMemberAndRebalance(join, memberId: memberId, now: now, answers: &answers)
        }
    }

    private mutating func joinAsKnownMember(_ join: GroupJoin, now: ContinuousClock.Instant, answers: inout GroupAction) {
        if pendingMembers.removeValue(forKey: join.memberId) != nil {
            addMemberAndRebalance(join, memberId: join.memberId, now: now, answers: &answers)
            return
        }
        let index: Int
        switch locateMember(join.memberId, groupInstanceId: join.groupInstanceId) {
        case .found(let found): index = found
        case .rejected(let error):
            answers.joins[join.requestID] = .failure(error, memberId: join.memberId)
            return
        }
        let changesProtocols = members[index].protocols != join.protocols
        switch state {
        case .completingRebalance where !changesProtocols,
            .stable where !changesProtocols && leaderId != join.memberId:
            // The member missed its JoinGroup response (or is a follower checking in): resend it.
            members[index].refreshSession(now: now)
            answers.joins[join.requestID] = joinedOutcome(for: members[index])
        case .preparingRebalance, .completingRebalance, .stable:
            // A leader rejoining during Stable asks for a new assignment round, as in Kafka.
            rejoinAndRebalance(at: index, join, now: now, answers: &answers)
        case .empty, .dead:
            answers.joins[join.requestID] = .failure(.unknownMemberId, memberId: join.memberId)
        }
    }

    private mutating func addMemberAndRebalance(
        _ join: GroupJoin,
        memberId: String,
        now: ContinuousClock.Instant,
        answers: inout GroupAction
    ) {
        if members.isEmpty { protocolType = join.protocolType }
        members.append(GroupMember(memberId: memberId, join: join, now: now))
        if leaderId == nil { leaderId = memberId }
        if case .preparingRebalance = state {} else { prepareRebalance(now: now, answers: &answers) }
        tryCompleteJoin(now: now, answers: &answers)
    }

    private mutating func rejoinAndRebalance(
        at index: Int,
        _ join: GroupJoin,
        now: ContinuousClock.Instant,
        answers: inout GroupAction
    ) {
        if let superseded = members[index].pendingJoin, superseded != join.requestID {
            answers.joins[superseded] = .failure(.rebalanceInProgress, memberId: members[index].memberId)
        }
        members[index].rejoin(with: join, now: now)
        if case .preparingRebalance = state {} else { prepareRebalance(now: now, answers: &answers) }
        tryCompleteJoin(now: now, answers: &answers)
    }

    /// A static member restarted: the new client takes over the instance under a fresh member id,
    /// and whatever the old client was waiting for is answered FENCED_INSTANCE_ID.
    private mutating func replaceStaticMember(at index: Int, newMemberId: String, answers: inout GroupAction) {
        let old = members[index]
        if let join = old.pendingJoin { answers.joins[join] = .failure(.fencedInstanceId, memberId: old.memberId) }
        if let sync = old.pendingSync { answers.syncs[sync] = .failure(.fencedInstanceId) }
        members[index].memberId = newMemberId
        members[index].pendingJoin = nil
        members[index].pendingSync = nil
        if leaderId == old.memberId { leaderId = newMemberId }
    }
}

