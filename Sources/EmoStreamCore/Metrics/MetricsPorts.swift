/// Where each service serves `GET /metrics` by default, so a Prometheus configuration can be written once.
///
/// The rule is "the service's own port plus 10 000": broker 19092, cluster publisher k 17000 + k, subscriber
/// (c, s) 16000 + 3c + s. The aggregator has no port of its own and takes 15001 (15000 would mirror the gateway,
/// which serves `/metrics` on its API port 5000 instead). A service started on port 0 (tests) takes a free
/// metrics port too, so test processes never compete for a fixed one.
public enum MetricsPorts {
    /// Added to a service's port to get its metrics port.
    public static let offset = 10_000
    /// The aggregator's metrics port.
    public static let aggregator = 15_001

    /// The metrics port of a service listening on `servicePort`; 0 (a free port) for a service on port 0.
    public static func forService(port servicePort: Int) -> Int {
        servicePort == 0 ? 0 : servicePort + offset
    }
}
