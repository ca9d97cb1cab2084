import FanoutProtocol

/// The publisher side of a subscriber's EFP connection, as a pure state machine.
///
/// Only subscribers dial a publisher: a viewer's HELLO is refused with `notAllowed` (9). Subscribers are not
/// authenticated by token: the publisher port belongs on the cluster's private network.
public struct SubscriberHandshake: Sendable {
    public enum State: Hashable, Sendable {
        case awaitingHello
        case established(clientID: String, rooms: [FanoutFrame.RoomPosition])
        case closed
    }

    public enum Action: Hashable, Sendable {
        /// Join the fan-out with these positions (it answers WELCOME and replays).
        case accept(clientID: String, rooms: [FanoutFrame.RoomPosition])
        /// Send this ERROR, then close.
        case refuse(FanoutError)
        case pong(UInt64)
        /// The subscriber said GOODBYE: close without answering.
        case close
        case none
    }

    public private(set) var state: State = .awaitingHello

    public init() {}

    public mutating func frameReceived(_ frame: FanoutFrame) -> Action {
        switch (state, frame) {
        case (.closed, _):
            return .none
        case (.awaitingHello, .hello(let hello)):
            guard hello.protocolVersion == FanoutFrame.currentProtocolVersion else {
                return refuse(.unsupportedVersion, "this publisher speaks EFP version \(FanoutFrame.currentProtocolVersion)")
            }
            guard hello.role == .subscriber else {
                return refuse(.notAllowed, "viewers connect to a subscriber, not to the cluster publisher")
            }
            let rooms = hello.rooms.isEmpty ? [FanoutFrame.RoomPosition(room: FanoutFrame.Hello.allRooms)] : hello.rooms
            state = .established(clientID: hello.clientID, rooms: rooms)
            return .accept(clientID: hello.clientID, rooms: rooms)
        case (.awaitingHello, _):
            return refuse(.malformedFrame, "the first frame must be HELLO")
        case (.established, .ping(let nonce)):
            return .pong(nonce)
        case (.established, .pong):
            return .none
        case (.established, .goodbye):
            state = .closed
            return .close
        case (.established, _):
            return refuse(.malformedFrame, "subscribers may only send PING, PONG and GOODBYE after HELLO")
        }
    }

    /// The subscriber's bytes could not be decoded.
    public mutating func decodingFailed(_ error: FanoutProtocolError) -> Action {
        guard state != .closed else { return .none }
        return refuse(error.errorCode, error.description)
    }

    private mutating func refuse(_ code: FanoutErrorCode, _ reason: String) -> Action {
        state = .closed
        return .refuse(FanoutError(code: code, reason: reason))
    }
}
