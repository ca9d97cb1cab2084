@testable import Broker
import Testing

@Suite("Group membership: heartbeats, leaving, expiry")
struct GroupMembershipTests {
    typealias F = GroupFixture

    @Test("heartbeat errors: unknown member, illegal generation, rebalance in progress")
    func heartbeatErrors() throws {
        var (group, ids, generation) = try F.stableGroup(clients: ["a", "b"])
        #expect(group.heartbeatReceived(memberId: ids[0], generationId: generation, now: F.at(1)) == .none)
        #expect(group.heartbeatReceived(memberId: "nobody", generationId: generation, now: F.at(1)) == .unknownMemberId)
        #expect(group.heartbeatReceived(memberId: ids[0], generationId: generation - 1, now: F.at(1)) == .illegalGeneration)

        _ = group.joinReceived(F.join(client: "c", request: 50), now: F.at(2))
        #expect(group.heartbeatReceived(memberId: ids[1], generationId: generation, now: F.at(2)) == .rebalanceInProgress)
    }

    @Test("a leaving member triggers a rebalance and the remaining member gets everything")
    func leaveRebalances() throws {
        var (group, ids, generation) = try F.stableGroup(clients: ["a", "b"])
        let leave = group.leaveReceived([LeavingMember(memberId: ids[0])], now: F.at(1))
        #expect(leave.memberErrors == [.none])
        #expect(group.stateName == "PreparingRebalance")
        #expect(group.heartbeatReceived(memberId: ids[1], generationId: generation, now: F.at(2)) == .rebalanceInProgress)

        let rejoined = try #require(group.joinReceived(F.join(ids[1], client: "b", request: 60), now: F.at(2)).joins[60])
        #expect(rejoined.generationId == generation + 1)
        #expect(rejoined.leaderId == ids[1], "the leader left, so the remaining member leads")
        #expect(rejoined.members.map(\.memberId) == [ids[1]])
        let sync = group.syncReceived(
            GroupSync(memberId: ids[1], generationId: generation + 1, assignments: [ids[1]: [1, 2, 3]], requestID: 61),
            now: F.at(2)
        )
        #expect(sync.syncs[61]?.assignment == [1, 2, 3])
        #expect(group.stateName == "Stable")
    }

    @Test("leaving unknown members is reported per member; the last member leaving empties the group")
    func leaveUnknownAndLast() throws {
        var (group, ids, generation) = try F.stableGroup(clients: ["a"])
        let leave = group.leaveReceived([LeavingMember(memberId: "ghost"), LeavingMember(memberId: ids[0])], now: F.at(1))
        #expect(leave.memberErrors == [.unknownMemberId, .none])
        #expect(leave.singleMemberError == .unknownMemberId)
        #expect(group.stateName == "Empty")
        #expect(group.generationId == generation + 1)
    }

    @Test("a member whose session passes without a heartbeat is removed and the group rebalances")
    func sessionExpiry() throws {
        var (group, ids, generation) = try F.stableGroup(clients: ["a", "b"], session: 10_000)
        #expect(group.nextDeadline == F.at(10))
        #expect(group.heartbeatReceived(memberId: ids[0], generationId: generation, now: F.at(8)) == .none)
        #expect(group.deadlineReached(now: F.at(9)).hasNoAnswers)
        #expect(group.stateName == "Stable")

        _ = group.deadlineReached(now: F.at(10))
        #expect(group.stateName == "PreparingRebalance")
        #expect(group.heartbeatReceived(memberId: ids[1], generationId: generation, now: F.at(10)) == .unknownMemberId)
        #expect(group.heartbeatReceived(memberId: ids[0], generationId: generation, now: F.at(11)) == .rebalanceInProgress)
        let rejoined = try #require(group.joinReceived(F.join(ids[0], client: "a", request: 70), now: F.at(11)).joins[70])
        #expect(rejoined.members.map(\.memberId) == [ids[0]])
    }

    @Test("the join phase ends at the rebalance timeout without the members that did not rejoin")
    func rebalanceTimeout() throws {
        var (group, ids, generation) = try F.stableGroup(clients: ["a", "b"], session: 60_000, rebalance: 30_000)
        #expect(group.joinReceived(F.join(client: "c", request: 80, session: 60_000, rebalance: 30_000), now: F.at(10)).joins.isEmpty)
        #expect(group.joinReceived(F.join(ids[0], client: "a", request: 81, session: 60_000, rebalance: 30_000), now: F.at(11)).joins.isEmpty)
        #expect(group.heartbeatReceived(memberId: ids[1], generationId: generation, now: F.at(20)) == .rebalanceInProgress)
        #expect(group.nextDeadline == F.at(40), "the rebalance timeout comes before any session runs out")

        #expect(group.deadlineReached(now: F.at(39)).hasNoAnswers)
        let completed = group.deadlineReached(now: F.at(40))
        let leader = try #require(completed.joins[81])
        let newcomer = try #require(completed.joins[80])
        #expect(leader.generationId == generation + 1)
        #expect(leader.members.map(\.memberId) == [ids[0], newcomer.memberId])
        #expect(newcomer.members.isEmpty)
        #expect(group.heartbeatReceived(memberId: ids[1], generationId: generation, now: F.at(41)) == .unknownMemberId)
    }

    @Test("followers waiting for an assignment are told to rejoin when a rebalance starts")
    func heldSyncsCancelledByRebalance() throws {
        var group = GroupStateMachine(groupId: "g")
        let a = try #require(group.joinReceived(F.join(client: "a", request: 1), now: F.at(0)).joins[1])
        _ = group.syncReceived(GroupSync(memberId: a.memberId, generationId: 1, assignments: [:], requestID: 2), now: F.at(0))
        _ = group.joinReceived(F.join(client: "b", request: 3), now: F.at(0))
        let done = group.joinReceived(F.join(a.memberId, client: "a", request: 4), now: F.at(0))
        let b = try #require(done.joins[3])
        #expect(group.syncReceived(GroupSync(memberId: b.memberId, generationId: 2, requestID: 5), now: F.at(1)).syncs.isEmpty)

        let newcomer = group.joinReceived(F.join(client: "c", request: 6), now: F.at(2))
        #expect(newcomer.syncs[5]?.error == .rebalanceInProgress)
        #expect(group.syncReceived(GroupSync(memberId: b.memberId, generationId: 2, requestID: 7), now: F.at(2)).syncs[7]?.error == .rebalanceInProgress)
    }

    @Test("a restarted static member takes over its instance and fences the old member id")
    func staticMemberReplacement() throws {
        var group = GroupStateMachine(groupId: "g")
        let old = try #require(group.joinReceived(F.join(client: "a", version: 5, request: 1, instance: "i-1"), now: F.at(0)).joins[1])
        #expect(old.error == .none, "static members skip MEMBER_ID_REQUIRED")
        _ = group.syncReceived(GroupSync(memberId: old.memberId, generationId: 1, assignments: [:], requestID: 2), now: F.at(0))

        let restarted = try #require(group.joinReceived(F.join(client: "a", version: 5, request: 3, instance: "i-1"), now: F.at(5)).joins[3])
        #expect(restarted.memberId != old.memberId)
        #expect(restarted.generationId == 2)
        #expect(restarted.members.map(\.memberId) == [restarted.memberId])
        #expect(group.heartbeatReceived(memberId: old.memberId, groupInstanceId: "i-1", generationId: 2, now: F.at(6)) == .fencedInstanceId)
        let leave = group.leaveReceived([LeavingMember(memberId: old.memberId, groupInstanceId: "i-1")], now: F.at(6))
        #expect(leave.memberErrors == [.fencedInstanceId])
    }
}
