import EmoStreamCore
import FanoutProtocol
import Subscriber
import Testing

@Suite("Viewer handshake state machine")
struct ViewerHandshakeTests {
    static let now: Int64 = 1_800_000_000
    static let verifier = ViewerHandshake.Verifier(cluster: 1, subscriber: 2, secret: "secret")

    static func signed(_ clientID: String, cluster: Int = 1, subscriber: Int = 2, secret: String = "secret", expiresAt: Int64 = now + 60) -> String {
        ClientToken(clientID: clientID, clusterID: cluster, subscriberID: subscriber, expiresAt: expiresAt).signed(secret: secret)
    }

    static func hello(
        _ clientID: String = "alice", token: String? = nil, role: FanoutRole = .viewer,
        rooms: [FanoutFrame.RoomPosition] = [.init(room: "main", lastSeq: 4)], version: UInt16 = FanoutFrame.currentProtocolVersion
    ) -> FanoutFrame {
        .hello(.init(protocolVersion: version, role: role, clientID: clientID, token: token ?? signed(clientID), rooms: rooms))
    }

    @Test func aGoodTokenIsAccepted() {
        var machine = ViewerHandshake(verifier: Self.verifier)
        let action = machine.frameReceived(Self.hello(), now: Self.now)
        let subscription = ViewerSubscription(clientID: "alice", rooms: [.init(room: "main", lastSeq: 4)])
        #expect(action == .accept(subscription))
        #expect(machine.state == .established(subscription))
    }

    static let refusals: [(String, FanoutFrame, FanoutErrorCode)] = [
        ("forged signature", hello(token: "\(now + 60).AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), .badToken),
        ("signed with another secret", hello(token: signed("alice", secret: "other")), .badToken),
        ("not a token at all", hello(token: "garbage"), .badToken),
        ("another client's token", hello("alice", token: signed("bob")), .badToken),
        ("token for another subscriber", hello(token: signed("alice", subscriber: 0)), .badToken),
        ("expired token", hello(token: signed("alice", expiresAt: now - 1)), .tokenExpired),
        ("token expiring right now", hello(token: signed("alice", expiresAt: now)), .tokenExpired),
        ("viewer asking for every room", hello(rooms: [.init(room: "*", lastSeq: 0)]), .notAllowed),
        ("subscriber role at a subscriber", hello(role: .subscriber), .notAllowed),
        ("unknown protocol version", hello(version: 2), .unsupportedVersion),
        ("PING before HELLO", .ping(1), .malformedFrame),
        ("WINDOW before HELLO", .window(makeWindow(room: "main", seq: 1)), .malformedFrame),
    ]

    @Test("refused with the right code", arguments: refusals)
    func refused(_ name: String, frame: FanoutFrame, code: FanoutErrorCode) {
        var machine = ViewerHandshake(verifier: Self.verifier)
        guard case .refuse(let error) = machine.frameReceived(frame, now: Self.now) else {
            Issue.record("\(name) was not refused")
            return
        }
        #expect(error.code == code, "\(name)")
        #expect(machine.state == .closed)
        #expect(machine.frameReceived(Self.hello(), now: Self.now) == .none, "nothing is processed after a refusal")
    }

    @Test func noRoomsMeansTheMainRoomAndDuplicatesCollapse() {
        var machine = ViewerHandshake(verifier: Self.verifier)
        #expect(machine.frameReceived(Self.hello(rooms: []), now: Self.now)
            == .accept(ViewerSubscription(clientID: "alice", rooms: [.init(room: "main")])))
        var other = ViewerHandshake(verifier: Self.verifier)
        let rooms: [FanoutFrame.RoomPosition] = [.init(room: "a", lastSeq: 3), .init(room: "b"), .init(room: "a", lastSeq: 9)]
        #expect(other.frameReceived(Self.hello(rooms: rooms), now: Self.now)
            == .accept(ViewerSubscription(clientID: "alice", rooms: [.init(room: "a", lastSeq: 3), .init(room: "b")])))
    }

    @Test func afterHelloPingsArePongedAndGoodbyeCloses() {
        var machine = ViewerHandshake(verifier: Self.verifier)
        _ = machine.frameReceived(Self.hello(), now: Self.now)
        #expect(machine.frameReceived(.ping(42), now: Self.now) == .pong(42))
        #expect(machine.frameReceived(.pong(1), now: Self.now) == .none)
        guard case .refuse(let error) = machine.frameReceived(Self.hello(), now: Self.now) else {
            Issue.record("a second HELLO was accepted")
            return
        }
        #expect(error.code == .malformedFrame)

        var leaving = ViewerHandshake(verifier: Self.verifier)
        _ = leaving.frameReceived(Self.hello(), now: Self.now)
        #expect(leaving.frameReceived(.goodbye(.init(reason: "bye")), now: Self.now) == .close)
        #expect(leaving.state == .closed)
    }

    @Test func undecodableBytesAreAnsweredWithTheCodecsCode() {
        var machine = ViewerHandshake(verifier: Self.verifier)
        guard case .refuse(let error) = machine.decodingFailed(.frameTooLarge(length: 1 << 30, limit: 1 << 16)) else {
            Issue.record("a decoding failure was not refused")
            return
        }
        #expect(error.code == .frameTooLarge)
    }
}
