@testable import Broker
import Testing

@Suite("Group description and offset-commit checks")
struct GroupDescribeTests {
    typealias F = GroupFixture

    @Test("a Stable group is described with members, metadata and assignments")
    func describeStable() throws {
        let (group, ids, _) = try F.stableGroup(clients: ["a", "b"])
        let description = group.describe()
        #expect(description.groupId == "g")
        #expect(description.error == .none)
        #expect(description.state == "Stable")
        #expect(description.protocolType == "consumer")
        #expect(description.protocolName == "range")
        #expect(description.members.map(\.memberId) == ids)
        #expect(description.members.map(\.clientId) == ["a", "b"])
        #expect(description.members.map(\.clientHost) == ["/127.0.0.1", "/127.0.0.1"])
        #expect(description.members.map(\.metadata) == [[1], [1]])
        #expect(description.members.map(\.assignment) == [[0], [1]])
        #expect(group.listing == GroupListing(groupId: "g", protocolType: "consumer", state: "Stable"))
    }

    @Test("during a rebalance members are listed without metadata or assignment")
    func describeRebalancing() throws {
        var (group, _, _) = try F.stableGroup(clients: ["a"])
        _ = group.joinReceived(F.join(client: "b", request: 9), now: F.at(1))
        let description = group.describe()
        #expect(description.state == "PreparingRebalance")
        #expect(description.protocolName == "")
        #expect(description.members.count == 2)
        #expect(description.members.allSatisfy { $0.metadata.isEmpty && $0.assignment.isEmpty })
    }

    @Test("offset commits: simple commits while Empty, members of the current generation otherwise")
    func offsetCommitChecks() throws {
        var empty = GroupStateMachine(groupId: "g")
        #expect(empty.offsetCommitReceived(generationId: -1, memberId: "", now: F.at(0)) == .none)

        var (group, ids, generation) = try F.stableGroup(clients: ["a"])
        #expect(group.offsetCommitReceived(generationId: generation, memberId: ids[0], now: F.at(1)) == .none)
        #expect(group.offsetCommitReceived(generationId: -1, memberId: "", now: F.at(1)) == .unknownMemberId)
        #expect(group.offsetCommitReceived(generationId: generation + 5, memberId: ids[0], now: F.at(1)) == .illegalGeneration)

        _ = group.joinReceived(F.join(client: "b", request: 9), now: F.at(2))
        #expect(
            group.offsetCommitReceived(generationId: generation, memberId: ids[0], now: F.at(2)) == .none,
            "members commit what they consumed while the rebalance is prepared"
        )
        _ = group.joinReceived(F.join(ids[0], client: "a", request: 10), now: F.at(2))
        #expect(group.stateName == "CompletingRebalance")
        #expect(group.offsetCommitReceived(generationId: generation + 1, memberId: ids[0], now: F.at(2)) == .rebalanceInProgress)
    }

    @Test("only an Empty group can be deleted")
    func delete() throws {
        var (group, ids, _) = try F.stableGroup(clients: ["a"])
        #expect(group.deleteReceived() == .nonEmptyGroup)
        _ = group.leaveReceived([LeavingMember(memberId: ids[0])], now: F.at(1))
        #expect(group.deleteReceived() == .none)
        #expect(group.stateName == "Dead")
        #expect(group.heartbeatReceived(memberId: ids[0], generationId: 1, now: F.at(2)) == .coordinatorNotAvailable)
    }
}
