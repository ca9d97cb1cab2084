import FanoutProtocol
import Publisher
import Testing

@Suite("Publisher's subscriber handshake")
struct SubscriberHandshakeTests {
    @Test func subscribersAreAcceptedWithTheirPositions() {
        var machine = SubscriberHandshake()
        let rooms: [FanoutFrame.RoomPosition] = [.init(room: "*", lastSeq: 0), .init(room: "main", lastSeq: 7)]
        let action = machine.frameReceived(.hello(.init(role: .subscriber, clientID: "subscriber-0-1", token: "", rooms: rooms)))
        #expect(action == .accept(clientID: "subscriber-0-1", rooms: rooms))
        #expect(machine.frameReceived(.ping(5)) == .pong(5))
    }

    @Test func aHelloWithoutRoomsMeansEveryRoomLiveOnly() {
        var machine = SubscriberHandshake()
        let action = machine.frameReceived(.hello(.init(role: .subscriber, clientID: "s", token: "", rooms: [])))
        #expect(action == .accept(clientID: "s", rooms: [.init(room: "*")]))
    }

    static let refusals: [(FanoutFrame, FanoutErrorCode)] = [
        (.hello(.init(role: .viewer, clientID: "alice", token: "t", rooms: [.init(room: "main")])), .notAllowed),
        (.hello(.init(protocolVersion: 9, role: .subscriber, clientID: "s", token: "", rooms: [])), .unsupportedVersion),
        (.ping(1), .malformedFrame),
        (.goodbye(.init(reason: "early")), .malformedFrame),
    ]

    @Test(arguments: refusals)
    func refused(frame: FanoutFrame, code: FanoutErrorCode) {
        var machine = SubscriberHandshake()
        guard case .refuse(let error) = machine.frameReceived(frame) else {
            Issue.record("\(frame) was not refused")
            return
        }
        #expect(error.code == code)
        #expect(machine.state == .closed)
    }
}
