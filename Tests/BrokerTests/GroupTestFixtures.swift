@testable import Broker
import Testing

/// Builders shared by the group tests: a fixed time origin and terse requests.
enum GroupFixture {
    static let start = ContinuousClock.now

    /// `start` plus a number of seconds, so tests read as a timeline.
    static func at(_ seconds: Int) -> ContinuousClock.Instant {
        start + .seconds(seconds)
    }

    static func range(_ metadata: [UInt8] = [1]) -> GroupJoin.SupportedProtocol {
        .init(name: "range", metadata: metadata)
    }

    static func join(
        _ memberId: String = "",
        client: String = "consumer",
        version: Int16 = 3,
        request: GroupRequestID,
        session: Int32 = 10_000,
        rebalance: Int32 = 30_000,
        protocolType: String = "consumer",
        protocols: [GroupJoin.SupportedProtocol] = [range()],
        instance: String? = nil
    ) -> GroupJoin {
        GroupJoin(
            memberId: memberId,
            groupInstanceId: instance,
            clientId: client,
            clientHost: "/127.0.0.1",
            sessionTimeoutMs: session,
            rebalanceTimeoutMs: rebalance,
            protocolType: protocolType,
            protocols: protocols,
            apiVersion: version,
            requestID: request
        )
    }

    /// A Stable group whose members joined at `start` in the given order (the first leads), each
    /// assigned one byte: its position.
    static func stableGroup(
        clients: [String],
        session: Int32 = 10_000,
        rebalance: Int32 = 30_000
    ) throws -> (group: GroupStateMachine, memberIds: [String], generation: Int32) {
        var group = GroupStateMachine(groupId: "g")
        let now = at(0)
        // v5: everyone gets MEMBER_ID_REQUIRED first, so the join phase waits for all of them.
        var memberIds: [String] = []
        for (index, client) in clients.enumerated() {
            let request = GroupRequestID(UInt64(index))
            let answer = group.joinReceived(join(client: client, version: 5, request: request), now: now)
            memberIds.append(try #require(answer.joins[request]).memberId)
        }
        var joined: [GroupRequestID: JoinOutcome] = [:]
        for (index, memberId) in memberIds.enumerated() {
            let request = GroupRequestID(UInt64(100 + index))
            let rejoin = join(memberId, client: clients[index], version: 5, request: request, session: session, rebalance: rebalance)
            joined.merge(group.joinReceived(rejoin, now: now).joins) { _, new in new }
        }
        let generation = try #require(joined[100]).generationId
        for index in memberIds.indices.dropFirst() {
            _ = group.syncReceived(GroupSync(memberId: memberIds[index], generationId: generation, requestID: GroupRequestID(UInt64(200 + index))), now: now)
        }
        let assignments = Dictionary(uniqueKeysWithValues: memberIds.enumerated().map { ($1, [UInt8($0)]) })
        _ = group.syncReceived(GroupSync(memberId: memberIds[0], generationId: generation, assignments: assignments, requestID: 200), now: now)
        try #require(group.stateName == "Stable")
        return (group, memberIds, generation)
    }
}
