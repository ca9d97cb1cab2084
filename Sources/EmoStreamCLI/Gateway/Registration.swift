import Foundation

/// A client's assignment as `POST /register_client` answers it: where to connect and with which token.
public struct Registration: Sendable, Hashable {
    public var message: String
    public var clusterID: Int
    public var subscriberID: Int
    public var host: String
    public var port: Int
    public var token: String

    public init(message: String, clusterID: Int, subscriberID: Int, host: String, port: Int, token: String) {
        self.message = message
        self.clusterID = clusterID
        self.subscriberID = subscriberID
        self.host = host
        self.port = port
        self.token = token
    }

    /// Reads `{"message", "assigned_subscriber": {"cluster_id", "subscriber_id", "host", "port", "token"}}`.
    ///
    /// A gateway that predates `host` (the seed's answer) is taken to mean localhost.
    /// - Throws: `CLIError.invalidAnswer` naming what is missing.
    public init(answer: GatewayAnswer) throws {
        guard let object = try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any],
              let assigned = object["assigned_subscriber"] as? [String: Any]
        else {
            throw CLIError.invalidAnswer("register_client answer has no assigned_subscriber object")
        }
        guard let cluster = assigned["cluster_id"] as? Int, let subscriber = assigned["subscriber_id"] as? Int,
              let port = assigned["port"] as? Int
        else {
            throw CLIError.invalidAnswer("assigned_subscriber needs integer cluster_id, subscriber_id and port")
        }
        guard let token = assigned["token"] as? String else {
            throw CLIError.invalidAnswer("assigned_subscriber has no token; the gateway is too old for watch")
        }
        self.init(
            message: object["message"] as? String ?? "", clusterID: cluster, subscriberID: subscriber,
            host: assigned["host"] as? String ?? "localhost", port: port, token: token
        )
    }

    /// Whether this names the same subscriber as `other` (tokens are renewed on every registration).
    public func sameSubscriber(as other: Registration) -> Bool {
        clusterID == other.clusterID && subscriberID == other.subscriberID && host == other.host && port == other.port
    }

    /// The host to dial: a wildcard bind address is replaced by `fallback` (the gateway's host).
    public func dialHost(fallback: String?) -> String {
        let wildcards: Set<String> = ["", "0.0.0.0", "::", "[::]"]
        return wildcards.contains(host) ? (fallback ?? "localhost") : host
    }
}
