import EmoStreamCore
import FanoutProtocol

/// The viewer side of an EFP connection, as a pure state machine: HELLO first, token checked, then keepalive.
///
/// The channel handlers feed it every decoded frame (EFP binary and WebSocket JSON alike) and only carry out
/// the returned `Action`, so the whole policy is tested without sockets.
///
/// Token failures: `ClientToken` signs `client_id|cluster|subscriber|expiry`, so a token issued to another client
/// (or for another subscriber) is cryptographically indistinguishable from a forged one. Both are refused with
/// `badToken` (3); `tokenForAnotherClient` (5) is never sent by this server.
public struct ViewerHandshake: Sendable {
    /// Where the connection stands.
    public enum State: Hashable, Sendable {
        case awaitingHello
        case established(ViewerSubscription)
        /// An ERROR or GOODBYE was decided; nothing more is processed.
        case closed
    }

    /// What the handler must do next.
    public enum Action: Hashable, Sendable {
        /// Join the fan-out with this subscription (it answers WELCOME and replays).
        case accept(ViewerSubscription)
        /// Send this ERROR, then close.
        case refuse(FanoutError)
        /// Answer a PING.
        case pong(UInt64)
        /// The viewer said GOODBYE: close without answering.
        case close
        /// Nothing to do.
        case none
    }

    /// Who this server is and how it checks tokens.
    public struct Verifier: Sendable {
        public var cluster: Int
        public var subscriber: Int
        public var secret: String

        public init(cluster: Int, subscriber: Int, secret: String) {
            self.cluster = cluster
            self.subscriber = subscriber
            self.secret = secret
        }
    }

    public private(set) var state: State = .awaitingHello
    private let verifier: Verifier

    public init(verifier: Verifier) {
        self.verifier = verifier
    }

    /// Handles one frame from the viewer.
    ///
    /// - Parameter now: seconds since the Unix epoch, for token expiry.
    public mutating func frameReceived(_ frame: FanoutFrame, now: Int64) -> Action {
        switch (state, frame) {
        case (.closed, _):
            return .none
        case (.awaitingHello, .hello(let hello)):
            return helloReceived(hello, now: now)
        case (.awaitingHello, _):
            return refuse(.malformedFrame, "the first frame must be HELLO")
        case (.established, .ping(let nonce)):
            return .pong(nonce)
        case (.established, .pong):
            return .none
        case (.established, .goodbye):
            state = .closed
            return .close
        case (.established, .hello):
            return refuse(.malformedFrame, "HELLO sent twice")
        case (.established, _):
            return refuse(.malformedFrame, "viewers may only send PING, PONG and GOODBYE after HELLO")
        }
    }

    /// The viewer's bytes could not be decoded; answers with the code the codec maps the error to.
    public mutating func decodingFailed(_ error: FanoutProtocolError) -> Action {
        guard state != .closed else { return .none }
        return refuse(error.errorCode, error.description)
    }

    private mutating func helloReceived(_ hello: FanoutFrame.Hello, now: Int64) -> Action {
        guard hello.protocolVersion == FanoutFrame.currentProtocolVersion else {
            return refuse(.unsupportedVersion, "this server speaks EFP version \(FanoutFrame.currentProtocolVersion)")
        }
        guard hello.role == .viewer else {
            return refuse(.notAllowed, "only viewers connect to a subscriber")
        }
        guard !hello.wantsAllRooms else {
            return refuse(.notAllowed, "viewers must name their rooms; \"\(FanoutFrame.Hello.allRooms)\" is for subscribers")
        }
        do throws(ClientToken.Rejection) {
            _ = try ClientToken.verify(
                hello.token, clientID: hello.clientID, clusterID: verifier.cluster, subscriberID: verifier.subscriber,
                secret: verifier.secret, now: now
            )
        } catch {
            if error == .expired { return refuse(.tokenExpired, "the token has expired; register again") }
            return refuse(.badToken, "the token is not valid for this client on subscriber \(verifier.cluster)-\(verifier.subscriber)")
        }
        let subscription = ViewerSubscription(clientID: hello.clientID, rooms: Self.distinctRooms(hello.rooms))
        state = .established(subscription)
        return .accept(subscription)
    }

    private mutating func refuse(_ code: FanoutErrorCode, _ reason: String) -> Action {
        state = .closed
        return .refuse(FanoutError(code: code, reason: reason))
    }

    /// Each room once (the first position given wins), or the default room when none is named.
    static func distinctRooms(_ rooms: [FanoutFrame.RoomPosition]) -> [FanoutFrame.RoomPosition] {
        var seen: Set<String> = []
        let distinct = rooms.filter { seen.insert($0.room).inserted }
        return distinct.isEmpty ? [FanoutFrame.RoomPosition(room: ViewerSubscription.defaultRoom)] : distinct
    }
}
