/// One member of a group as the coordinator tracks it between requests.
struct GroupMember: Sendable, Hashable {
    /// Changes only when a static member's instance is taken over by a restarted client.
    var memberId: String
    var groupInstanceId: String?
    var clientId: String
    var clientHost: String
    var sessionTimeout: Duration
    var rebalanceTimeout: Duration
    var protocols: [GroupJoin.SupportedProtocol]
    /// What the leader assigned it in the current generation.
    var assignment: [UInt8] = []
    /// Its JoinGroup, held until the join phase completes.
    var pendingJoin: GroupRequestID?
    /// Its SyncGroup, held until the leader's assignments arrive.
    var pendingSync: GroupRequestID?
    /// When the member is dropped unless it heartbeats, joins, syncs or commits before then.
    var sessionDeadline: ContinuousClock.Instant

    init(memberId: String, join: GroupJoin, now: ContinuousClock.Instant) {
        self.memberId = memberId
        self.groupInstanceId = join.groupInstanceId
        self.clientId = join.clientId
        self.clientHost = join.clientHost
        self.sessionTimeout = .milliseconds(join.sessionTimeoutMs)
        self.rebalanceTimeout = .milliseconds(join.rebalanceTimeoutMs)
        self.protocols = join.protocols
        self.pendingJoin = join.requestID
        self.sessionDeadline = now + .milliseconds(join.sessionTimeoutMs)
    }

    /// A member waiting for an answer cannot be expected to heartbeat; its wait is bounded by the
    /// rebalance timeout (join) or by the leader's own session (sync) instead.
    var canExpire: Bool { pendingJoin == nil && pendingSync == nil }

    mutating func refreshSession(now: ContinuousClock.Instant) {
        sessionDeadline = now + sessionTimeout
    }

    /// Takes the settings of a rejoin and holds its request.
    mutating func rejoin(with join: GroupJoin, now: ContinuousClock.Instant) {
        clientId = join.clientId
        clientHost = join.clientHost
        sessionTimeout = .milliseconds(join.sessionTimeoutMs)
        rebalanceTimeout = .milliseconds(join.rebalanceTimeoutMs)
        protocols = join.protocols
        pendingJoin = join.requestID
        refreshSession(now: now)
    }

    func supports(_ protocolName: String) -> Bool {
        protocols.contains { $0.name == protocolName }
    }

    func metadata(for protocolName: String?) -> [UInt8] {
        protocols.first { $0.name == protocolName }?.metadata ?? []
    }
}
