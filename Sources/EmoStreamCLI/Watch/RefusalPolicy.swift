import FanoutProtocol

/// What the watch client does after a subscriber's ERROR or GOODBYE.
public enum RefusalPolicy: Sendable, Hashable {
    /// Reconnect to the same assignment after the backoff.
    case reconnect
    /// Ask the gateway again first: the token is stale or the subscriber no longer knows us.
    case reRegister
    /// Stop with an error: retrying cannot help.
    case giveUp

    /// The policy for a close with `code`.
    public init(code: FanoutErrorCode) {
        switch code {
        case .badToken, .tokenExpired, .tokenForAnotherClient, .unknownClient:
            self = .reRegister
        case .unsupportedVersion, .notAllowed:
            self = .giveUp
        default:
            // normal closure, shutting down, too slow, malformed or too large frames, and codes from newer
            // servers: the connection is gone but the next one may be fine.
            self = .reconnect
        }
    }
}
