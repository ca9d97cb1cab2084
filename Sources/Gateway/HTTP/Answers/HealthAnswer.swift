/// The answer of `GET /health`.
struct HealthAnswer: Encodable, Sendable {
    struct Subscriber: Encodable, Sendable {
        var clusterID: Int
        var subscriberID: Int
        var host: String
        var port: Int
        /// Clients connected, as the subscriber's heartbeat says.
        var connectedClients: Int?
        /// Clients this registry assigned to it.
        var assignedClients: Int

        enum CodingKeys: String, CodingKey {
            case clusterID = "cluster_id"
            case subscriberID = "subscriber_id"
            case host, port
            case connectedClients = "connected_clients"
            case assignedClients = "assigned_clients"
        }
    }

    var status: String
    var error: String?
    var brokerReachable: Bool
    var registryLoaded: Bool
    var liveSubscribers: Int
    var subscribers: [Subscriber]

    enum CodingKeys: String, CodingKey {
        case status, error
        case brokerReachable = "broker_reachable"
        case registryLoaded = "registry_loaded"
        case liveSubscribers = "live_subscribers"
        case subscribers
    }

    /// Healthy when the broker answers and the registry is loaded; live subscribers are reported, not required.
    var isHealthy: Bool { brokerReachable && registryLoaded }

    init(brokerReachable: Bool, registryLoaded: Bool, subscribers: [Subscriber]) {
        self.brokerReachable = brokerReachable
        self.registryLoaded = registryLoaded
        self.subscribers = subscribers
        self.liveSubscribers = subscribers.count
        self.status = brokerReachable && registryLoaded ? "healthy" : "unhealthy"
        if !brokerReachable {
            error = "Broker unreachable"
        } else if !registryLoaded {
            error = "Client registry is still loading from the broker"
        }
    }
}
