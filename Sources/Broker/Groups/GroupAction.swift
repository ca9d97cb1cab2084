/// The responses the caller must send after an input, and when to come back.
///
/// Answers may concern requests other than the one just received: the last member to rejoin
/// releases every held JoinGroup, the leader's SyncGroup releases every follower's.
/// A request that appears in neither dictionary is being held.
public struct GroupAction: Sendable, Hashable {
    /// Held or immediate JoinGroup requests to answer now.
    public var joins: [GroupRequestID: JoinOutcome]
    /// Held or immediate SyncGroup requests to answer now.
    public var syncs: [GroupRequestID: SyncOutcome]
    /// The earliest moment a session or rebalance timeout may fire; call `deadlineReached` (or the
    /// coordinator's `tick`) then. Nil when nothing can time out.
    public var nextDeadline: ContinuousClock.Instant?

    public init(
        joins: [GroupRequestID: JoinOutcome] = [:],
        syncs: [GroupRequestID: SyncOutcome] = [:],
        nextDeadline: ContinuousClock.Instant? = nil
    ) {
        self.joins = joins
        self.syncs = syncs
        self.nextDeadline = nextDeadline
    }

    /// True when no response has to be written.
    public var hasNoAnswers: Bool { joins.isEmpty && syncs.isEmpty }

    /// Adds the answers of `other`; deadlines are left to the caller, which knows the whole picture.
    mutating func merge(_ other: GroupAction) {
        joins.merge(other.joins) { _, new in new }
        syncs.merge(other.syncs) { _, new in new }
    }
}
