@testable import Broker
import Testing

@Suite("GroupCoordinator")
struct GroupCoordinatorTests {
    typealias F = GroupFixture

    @Test("requests for groups the coordinator does not know")
    func unknownGroups() {
        let coordinator = GroupCoordinator()
        #expect(coordinator.join(groupId: "g", F.join("stale-id", request: 1), now: F.at(0)).joins[1]?.error == .unknownMemberId)
        #expect(coordinator.sync(groupId: "g", GroupSync(memberId: "m", generationId: 1, requestID: 2), now: F.at(0)).syncs[2]?.error == .unknownMemberId)
        #expect(coordinator.heartbeat(groupId: "g", memberId: "m", generationId: 1, now: F.at(0)) == .unknownMemberId)
        #expect(coordinator.leave(groupId: "g", members: [LeavingMember(memberId: "m")], now: F.at(0)).memberErrors == [.unknownMemberId])
        #expect(coordinator.validateOffsetCommit(groupId: "g", generationId: -1, memberId: "", now: F.at(0)) == .none)
        #expect(coordinator.validateOffsetCommit(groupId: "g", generationId: 3, memberId: "m", now: F.at(0)) == .illegalGeneration)
        #expect(coordinator.describe(groupId: "g") == .unknown("g"))
        #expect(coordinator.deleteGroup("g") == .groupIdNotFound)
        #expect(coordinator.listGroups().isEmpty, "failed requests leave no group behind")
        #expect(coordinator.nextDeadline == nil)
    }

    @Test("the empty group id is refused for membership requests")
    func emptyGroupId() {
        let coordinator = GroupCoordinator()
        #expect(coordinator.join(groupId: "", F.join(request: 1), now: F.at(0)).joins[1]?.error == .invalidGroupId)
        #expect(coordinator.heartbeat(groupId: "", memberId: "m", generationId: 1, now: F.at(0)) == .invalidGroupId)
        #expect(coordinator.leave(groupId: "", members: [LeavingMember(memberId: "m")], now: F.at(0)).error == .invalidGroupId)
    }

    @Test("a join creates the group; tick expires silent members across groups")
    func joinAndTick() throws {
        let coordinator = GroupCoordinator()
        let a = try #require(coordinator.join(groupId: "one", F.join(client: "a", request: 1, session: 6_000), now: F.at(0)).joins[1])
        let b = try #require(coordinator.join(groupId: "two", F.join(client: "b", request: 2, session: 8_000), now: F.at(0)).joins[2])
        #expect(a.generationId == 1 && b.generationId == 1)
        #expect(coordinator.listGroups().map(\.groupId) == ["one", "two"])
        #expect(coordinator.listGroups().map(\.state) == ["CompletingRebalance", "CompletingRebalance"])
        #expect(coordinator.nextDeadline == F.at(6))

        let syncAction = coordinator.sync(groupId: "two", GroupSync(memberId: b.memberId, generationId: 1, assignments: [:], requestID: 3), now: F.at(1))
        #expect(syncAction.syncs[3]?.error == GroupErrorCode.none)
        #expect(syncAction.nextDeadline == F.at(6), "the deadline covers every group")

        let tick = coordinator.tick(now: F.at(6))
        #expect(tick.hasNoAnswers)
        #expect(coordinator.describe(groupId: "one").state == "Empty")
        #expect(coordinator.describe(groupId: "two").state == "Stable")
        #expect(coordinator.nextDeadline == F.at(9))
        #expect(coordinator.deleteGroup("one") == .none)
        #expect(coordinator.listGroups().map(\.groupId) == ["two"])
    }
}
