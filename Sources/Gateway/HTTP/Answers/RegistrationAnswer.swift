import EmoStreamCore

/// The answer of `POST /register_client`.
struct RegistrationAnswer: Encodable, Sendable {
    /// `assigned_subscriber`: the seed's three fields plus where and how to connect.
    struct AssignedSubscriber: Encodable, Sendable {
        var clusterID: Int
        var subscriberID: Int
        var port: Int
        var host: String
        var wsURL: String
        var token: String
        var tokenExpiresAt: String

        enum CodingKeys: String, CodingKey {
            case clusterID = "cluster_id"
            case subscriberID = "subscriber_id"
            case port, host
            case wsURL = "ws_url"
            case token
            case tokenExpiresAt = "token_expires_at"
        }
    }

    var message: String
    var assignedSubscriber: AssignedSubscriber

    enum CodingKeys: String, CodingKey {
        case message
        case assignedSubscriber = "assigned_subscriber"
    }

    /// The answer for `assignment`, with a fresh token valid for `tokenLifetimeSeconds` from `now` (milliseconds).
    init(
        _ assignment: ClientAssignment, outcome: RegistrationOutcome, secret: String, tokenLifetimeSeconds: Int64,
        now: Int64
    ) {
        let expiresAt = now / 1000 + tokenLifetimeSeconds
        let token = ClientToken(
            clientID: assignment.clientID, clusterID: assignment.clusterID, subscriberID: assignment.subscriberID,
            expiresAt: expiresAt
        )
        switch outcome {
        case .registered, .moved: message = "Client \(assignment.clientID) successfully registered."
        case .alreadyRegistered: message = "Client \(assignment.clientID) is already registered."
        }
        assignedSubscriber = AssignedSubscriber(
            clusterID: assignment.clusterID, subscriberID: assignment.subscriberID, port: assignment.port,
            host: assignment.host, wsURL: assignment.wsURL, token: token.signed(secret: secret),
            tokenExpiresAt: WallClock.iso8601(milliseconds: expiresAt * 1000)
        )
    }
}
