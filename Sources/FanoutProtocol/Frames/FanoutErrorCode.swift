/// The reason code carried by ERROR and GOODBYE frames.
///
/// A struct rather than an enum so a peer running a newer version can send codes this one does not know:
/// they decode and print as their number.
public struct FanoutErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// GOODBYE only: the peer closes on purpose and nothing went wrong.
    public static let normalClosure = FanoutErrorCode(rawValue: 0)
    /// The HELLO's protocol version is not spoken by the server.
    public static let unsupportedVersion = FanoutErrorCode(rawValue: 1)
    /// A frame could not be decoded, was of an unknown type, or came out of order (e.g. anything before HELLO).
    public static let malformedFrame = FanoutErrorCode(rawValue: 2)
    /// The token's signature does not match the client's assignment on this server.
    public static let badToken = FanoutErrorCode(rawValue: 3)
    /// The token was valid but its expiry has passed.
    public static let tokenExpired = FanoutErrorCode(rawValue: 4)
    /// The token was issued to a different client_id.
    public static let tokenForAnotherClient = FanoutErrorCode(rawValue: 5)
    /// The client_id is not known to the server.
    public static let unknownClient = FanoutErrorCode(rawValue: 6)
    /// The connection's bounded outbound queue overflowed because the peer did not read fast enough.
    public static let tooSlow = FanoutErrorCode(rawValue: 7)
    /// The server is stopping; reconnect later (or elsewhere).
    public static let shuttingDown = FanoutErrorCode(rawValue: 8)
    /// The request is well formed but not permitted for this peer (a viewer asking for "*").
    public static let notAllowed = FanoutErrorCode(rawValue: 9)
    /// A frame announced a length above the receiver's maximum.
    public static let frameTooLarge = FanoutErrorCode(rawValue: 10)

    public var description: String {
        switch self {
        case .normalClosure: "normal closure"
        case .unsupportedVersion: "unsupported version"
        case .malformedFrame: "malformed frame"
        case .badToken: "bad token"
        case .tokenExpired: "token expired"
        case .tokenForAnotherClient: "token for another client"
        case .unknownClient: "unknown client"
        case .tooSlow: "too slow"
        case .shuttingDown: "shutting down"
        case .notAllowed: "not allowed"
        case .frameTooLarge: "frame too large"
        default: "code \(rawValue)"
        }
    }
}
