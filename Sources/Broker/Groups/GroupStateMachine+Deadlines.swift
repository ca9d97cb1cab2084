extension GroupStateMachine {
    /// The earliest moment `deadlineReached` has something to do, or nil if nothing can time out.
    public var nextDeadline: ContinuousClock.Instant? {
        var earliest = pendingMembers.values.min()
        for member in members where member.canExpire {
            earliest = Swift.min(earliest ?? member.sessionDeadline, member.sessionDeadline)
        }
        if case .preparingRebalance(let deadline) = state {
            earliest = Swift.min(earliest ?? deadline, deadline)
        }
        return earliest
    }

    /// Time passed: members whose session ran out are removed (which starts a rebalance), and a
    /// join phase whose rebalance timeout ran out completes without the members that did not rejoin.
    public mutating func deadlineReached(now: ContinuousClock.Instant) -> GroupAction {
        var answers = GroupAction()
        let forgotten = pendingMembers.filter { $0.value <= now }.keys
        for memberId in forgotten { pendingMembers[memberId] = nil }
        while let index = members.firstIndex(where: { $0.canExpire && $0.sessionDeadline <= now }) {
            removeMember(at: index, now: now, answers: &answers)
        }
        tryCompleteJoin(now: now, answers: &answers)
        if case .preparingRebalance(let deadline) = state, deadline <= now {
            completeJoin(now: now, answers: &answers)
        }
        answers.nextDeadline = nextDeadline
        return answers
    }
}
