/// Where a service serves `GET /metrics` and `GET /health`.
public struct MetricsEndpointConfiguration: Sendable {
    /// The address to bind.
    public var host: String
    /// The port to bind; 0 picks a free one (see `MetricsEndpoint.listeningPort`).
    public var port: Int
    /// Names the service in `/health` answers and log lines: `broker`, `subscriber-1-2`.
    public var service: String

    public init(host: String = "0.0.0.0", port: Int, service: String) {
        self.host = host
        self.port = port
        self.service = service
    }
}
