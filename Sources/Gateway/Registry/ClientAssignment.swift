/// Where a registered client was sent: the value of its `emostream_clients` record and of its `/list_clients` entry.
public struct ClientAssignment: Codable, Sendable, Hashable {
    public var clientID: String
    public var clusterID: Int
    public var subscriberID: Int
    /// The subscriber's advertised host, which the client dials.
    public var host: String
    /// The subscriber's client port.
    public var port: Int
    /// `ws://host:port/ws`, for browsers.
    public var wsURL: String
    /// When the assignment was made, ISO-8601 UTC.
    public var registeredAt: String

    enum CodingKeys: String, CodingKey {
        case clientID = "client_id"
        case clusterID = "cluster_id"
        case subscriberID = "subscriber_id"
        case host, port
        case wsURL = "ws_url"
        case registeredAt = "registered_at"
    }

    public init(
        clientID: String, clusterID: Int, subscriberID: Int, host: String, port: Int, wsURL: String,
        registeredAt: String
    ) {
        self.clientID = clientID
        self.clusterID = clusterID
        self.subscriberID = subscriberID
        self.host = host
        self.port = port
        self.wsURL = wsURL
        self.registeredAt = registeredAt
    }

    /// Assigns `clientID` to the subscriber that sent `heartbeat`.
    init(clientID: String, heartbeat: SubscriberHeartbeat, registeredAt: String) {
        let wsPort = heartbeat.wsPort ?? heartbeat.port
        self.init(
            clientID: clientID, clusterID: heartbeat.clusterID, subscriberID: heartbeat.subscriberID,
            host: heartbeat.host, port: heartbeat.port, wsURL: "ws://\(heartbeat.host):\(wsPort)/ws",
            registeredAt: registeredAt
        )
    }

    public var subscriber: SubscriberID { SubscriberID(cluster: clusterID, subscriber: subscriberID) }
}
