/// Where the watch client gets its assignment: the gateway, or a stand-in in tests.
public protocol ClientRegistrar: Sendable {
    /// Registers `clientID` (idempotent: an existing registration comes back, possibly moved, with a fresh token).
    func register(clientID: String) async throws -> Registration

    /// The host to dial when a registration names a wildcard address.
    var fallbackHost: String? { get }
}

extension GatewayClient: ClientRegistrar {
    public var fallbackHost: String? { host }
}
