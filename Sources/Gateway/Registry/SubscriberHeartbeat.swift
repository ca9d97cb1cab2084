/// The JSON value a subscriber writes to `emostream_subscribers` every heartbeat interval (key `"c-s"`).
public struct SubscriberHeartbeat: Codable, Sendable, Hashable {
    public var clusterID: Int
    public var subscriberID: Int
    /// The host clients should dial.
    public var host: String
    /// The subscriber's client port (EFP over TCP, and WebSocket unless `wsPort` says otherwise).
    public var port: Int
    /// A separate WebSocket port, when the subscriber has one.
    public var wsPort: Int?
    /// Clients connected right now, as the subscriber counts them.
    public var clients: Int?
    /// When the heartbeat was sent, in milliseconds since the Unix epoch.
    public var ts: Int64?

    enum CodingKeys: String, CodingKey {
        case clusterID = "cluster_id"
        case subscriberID = "subscriber_id"
        case host, port
        case wsPort = "ws_port"
        case clients, ts
    }

    public init(
        clusterID: Int, subscriberID: Int, host: String, port: Int, wsPort: Int? = nil, clients: Int? = nil, ts: Int64?
    ) {
        self.clusterID = clusterID
        self.subscriberID = subscriberID
        self.host = host
        self.port = port
        self.wsPort = wsPort
        self.clients = clients
        self.ts = ts
    }

    public var id: SubscriberID { SubscriberID(cluster: clusterID, subscriber: subscriberID) }
}
