@testable import Broker
import Testing

@Suite("Group protocol selection")
struct GroupProtocolTests {
    typealias F = GroupFixture

    private static func offer(_ names: String...) -> [GroupJoin.SupportedProtocol] {
        names.map { GroupJoin.SupportedProtocol(name: $0, metadata: Array($0.utf8)) }
    }

    @Test(
        "the chosen protocol is the leader's most preferred one that every member supports",
        arguments: [
            (offer("roundrobin", "range"), offer("range", "roundrobin"), "roundrobin"),
            (offer("sticky", "range"), offer("range"), "range"),
            (offer("range"), offer("cooperative-sticky", "range"), "range"),
        ]
    )
    func selection(leader: [GroupJoin.SupportedProtocol], follower: [GroupJoin.SupportedProtocol], chosen: String) throws {
        var group = GroupStateMachine(groupId: "g")
        let a = try #require(group.joinReceived(F.join(client: "a", request: 1, protocols: leader), now: F.at(0)).joins[1])
        _ = group.joinReceived(F.join(client: "b", request: 2, protocols: follower), now: F.at(0))
        let done = group.joinReceived(F.join(a.memberId, client: "a", request: 3, protocols: leader), now: F.at(0))
        let answer = try #require(done.joins[3])
        #expect(answer.protocolName == chosen)
        #expect(done.joins[2]?.protocolName == chosen)
        #expect(answer.members.map(\.metadata) == [Array(chosen.utf8), Array(chosen.utf8)], "metadata of the chosen protocol")
    }

    @Test(
        "a member sharing no protocol, or another protocol type, is refused",
        arguments: [
            F.join(client: "b", request: 2, protocols: offer("cooperative-sticky")),
            F.join(client: "b", request: 2, protocolType: "connect"),
            F.join(client: "b", request: 2, protocols: []),
            F.join(client: "b", request: 2, protocolType: ""),
        ]
    )
    func inconsistent(join: GroupJoin) throws {
        var (group, _, generation) = try F.stableGroup(clients: ["a"])
        let answer = try #require(group.joinReceived(join, now: F.at(1)).joins[2])
        #expect(answer.error == .inconsistentGroupProtocol)
        #expect(answer.generationId == -1)
        #expect(group.stateName == "Stable", "a refused join does not disturb the group")
        #expect(group.generationId == generation)
    }

    @Test("the only member may change its protocols when it rejoins")
    func soleMemberChangesProtocols() throws {
        var (group, ids, _) = try F.stableGroup(clients: ["a"])
        let answer = try #require(group.joinReceived(F.join(ids[0], client: "a", request: 9, protocols: Self.offer("sticky")), now: F.at(1)).joins[9])
        #expect(answer.error == .none)
        #expect(answer.protocolName == "sticky")
    }
}
