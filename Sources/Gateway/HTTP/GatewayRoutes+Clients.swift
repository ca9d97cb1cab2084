import Hummingbird

extension GatewayRoutes {
    static let maxClientIDLength = 128

    /// `POST /register_client`.
    func registerClient(_ request: Request) async throws -> Response {
        let clientID = try await clientID(from: request)
        let (assignment, outcome) = try await registry.register(clientID)
        return JSONResponse.make(RegistrationAnswer(
            assignment, outcome: outcome, secret: configuration.secret,
            tokenLifetimeSeconds: configuration.tokenLifetimeSeconds, now: WallClock.nowMilliseconds()
        ))
    }

    /// `GET /list_clients`: client_id → assignment (without tokens, which only the client itself receives).
    func listClients() throws -> Response {
        JSONResponse.make(try registry.list())
    }

    /// `POST /deregister_client`.
    func deregisterClient(_ request: Request) async throws -> Response {
        let clientID = try await clientID(from: request)
        try await registry.deregister(clientID)
        return JSONResponse.make(["message": "Client \(clientID) deregistered successfully"])
    }

    /// The validated `client_id` of a `{"client_id": …}` body.
    private func clientID(from request: Request) async throws -> String {
        let object = try JSONObjectFields(try await bodyReader.json(from: request), allowed: ["client_id"])
        let clientID = try object.requiredString("client_id", maxLength: Self.maxClientIDLength)
        guard !clientID.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw APIError.badRequest("client_id may not contain control characters")
        }
        guard !clientID.hasPrefix(ClientRegistryStore.markerPrefix) else {
            throw APIError.badRequest("client_id may not start with \(ClientRegistryStore.markerPrefix)")
        }
        return clientID
    }
}
