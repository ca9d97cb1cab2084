import Hummingbird

/// The per-request context: Hummingbird's core storage plus the peer address, which keys the rate limit of
/// requests that carry no `user_id`.
public struct GatewayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's IP address as text, when the transport knows it (in-process router tests it does not).
    public let clientAddress: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress
    }
}
