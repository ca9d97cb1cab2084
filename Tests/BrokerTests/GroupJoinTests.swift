@testable import Broker
import Testing

@Suite("Group join and sync")
struct GroupJoinTests {
    typealias F = GroupFixture

    @Test("a single member joins, syncs and the group becomes Stable")
    func singleMember() throws {
        var group = GroupStateMachine(groupId: "g")
        let first = group.joinReceived(F.join(client: "app", version: 5, request: 1), now: F.at(0))
        let required = try #require(first.joins[1])
        #expect(required.error == .memberIdRequired)
        #expect(required.memberId.hasPrefix("app-"))
        #expect(group.stateName == "Empty", "a MEMBER_ID_REQUIRED answer does not start a rebalance")

        let second = group.joinReceived(F.join(required.memberId, client: "app", version: 5, request: 2), now: F.at(0))
        let joined = try #require(second.joins[2])
        #expect(joined.error == .none)
        #expect(joined.generationId == 1)
        #expect(joined.leaderId == required.memberId)
        #expect(joined.protocolName == "range")
        #expect(joined.members.map(\.memberId) == [required.memberId])
        #expect(joined.members.first?.metadata == [1])
        #expect(group.stateName == "CompletingRebalance")

        let sync = group.syncReceived(
            GroupSync(memberId: required.memberId, generationId: 1, assignments: [required.memberId: [7, 7]], requestID: 3),
            now: F.at(1)
        )
        #expect(sync.syncs[3] == SyncOutcome(error: .none, assignment: [7, 7], protocolType: "consumer", protocolName: "range"))
        #expect(group.stateName == "Stable")
    }

    @Test("a second member joining a Stable group is held until the first rejoins; the leader alone gets the members")
    func twoMembers() throws {
        var group = GroupStateMachine(groupId: "g")
        let a = try #require(group.joinReceived(F.join(client: "a", request: 1), now: F.at(0)).joins[1])
        _ = group.syncReceived(GroupSync(memberId: a.memberId, generationId: 1, assignments: [:], requestID: 2), now: F.at(0))
        #expect(group.stateName == "Stable")

        let bJoin = group.joinReceived(F.join(client: "b", request: 3, protocols: [F.range([2])]), now: F.at(1))
        #expect(bJoin.joins.isEmpty, "held until the existing member rejoins")
        #expect(group.stateName == "PreparingRebalance")
        #expect(group.heartbeatReceived(memberId: a.memberId, generationId: 1, now: F.at(2)) == .rebalanceInProgress)

        let aRejoin = group.joinReceived(F.join(a.memberId, client: "a", request: 4), now: F.at(2))
        let leader = try #require(aRejoin.joins[4])
        let follower = try #require(aRejoin.joins[3])
        #expect(leader.generationId == 2 && follower.generationId == 2)
        #expect(leader.leaderId == a.memberId && follower.leaderId == a.memberId)
        #expect(leader.members.map(\.metadata) == [[1], [2]])
        #expect(leader.members.map(\.memberId) == [a.memberId, follower.memberId])
        #expect(follower.members.isEmpty)

        let followerSync = group.syncReceived(GroupSync(memberId: follower.memberId, generationId: 2, requestID: 5), now: F.at(3))
        #expect(followerSync.syncs.isEmpty, "followers wait for the leader's assignments")
        let leaderSync = group.syncReceived(
            GroupSync(memberId: a.memberId, generationId: 2, assignments: [a.memberId: [0xA], follower.memberId: [0xB]], requestID: 6),
            now: F.at(3)
        )
        #expect(leaderSync.syncs[5]?.assignment == [0xB])
        #expect(leaderSync.syncs[6]?.assignment == [0xA])
        #expect(group.stateName == "Stable")
    }

    @Test("a member id handed out with MEMBER_ID_REQUIRED holds back the join phase until it rejoins")
    func pendingMemberHoldsJoin() throws {
        var group = GroupStateMachine(groupId: "g")
        let a = try #require(group.joinReceived(F.join(client: "a", version: 5, request: 1), now: F.at(0)).joins[1])
        let b = try #require(group.joinReceived(F.join(client: "b", version: 5, request: 2), now: F.at(0)).joins[2])
        #expect(group.joinReceived(F.join(a.memberId, client: "a", version: 5, request: 3), now: F.at(0)).joins.isEmpty)
        let done = group.joinReceived(F.join(b.memberId, client: "b", version: 5, request: 4), now: F.at(0))
        #expect(Set(done.joins.keys) == [3, 4])
        #expect(done.joins[3]?.members.count == 2)
    }

    @Test("MEMBER_ID_REQUIRED only for JoinGroup v4 and later", arguments: Int16(0)...5)
    func memberIdRequired(version: Int16) throws {
        var group = GroupStateMachine(groupId: "g")
        let answer = try #require(group.joinReceived(F.join(client: "app", version: version, request: 1), now: F.at(0)).joins[1])
        #expect(answer.memberId.hasPrefix("app-"))
        if version >= 4 {
            #expect(answer.error == .memberIdRequired)
            #expect(group.isEmpty)
        } else {
            #expect(answer.error == .none)
            #expect(answer.generationId == 1)
        }
    }

    @Test(
        "session timeouts outside the configured bounds are refused",
        arguments: [(Int32(5_999), false), (6_000, true), (1_800_000, true), (1_800_001, false)]
    )
    func sessionTimeoutBounds(session: Int32, accepted: Bool) throws {
        var group = GroupStateMachine(groupId: "g")
        let answer = try #require(group.joinReceived(F.join(request: 1, session: session), now: F.at(0)).joins[1])
        #expect((answer.error == .none) == accepted)
        if !accepted { #expect(answer.error == .invalidSessionTimeout) }
    }

    @Test("session timeout bounds are configurable")
    func configurableBounds() throws {
        var group = GroupStateMachine(groupId: "g", configuration: .init(minimumSessionTimeoutMs: 100, maximumSessionTimeoutMs: 200))
        #expect(group.joinReceived(F.join(request: 1, session: 150), now: F.at(0)).joins[1]?.error == GroupErrorCode.none)
        #expect(group.joinReceived(F.join(request: 2, session: 6_000), now: F.at(0)).joins[2]?.error == .invalidSessionTimeout)
    }
}
