import EmoStreamCore

/// What `emostream up` prints once everything is ready: where to find each part.
struct UpBanner {
    let topology: ClusterTopology
    let logDirectory: String

    var lines: [String] {
        let host = topology.localAddress == "127.0.0.1" ? "localhost" : topology.localAddress
        var lines = [
            "EmoStream is up.",
            "  REST API     http://\(host):\(topology.gatewayPort)",
            "  broker       \(host):\(topology.brokerPort)",
        ]
        for cluster in 0..<topology.clusters {
            let ports = (0..<topology.subscribersPerCluster).map { "\(topology.subscriberPort(cluster: cluster, subscriber: $0))" }
            lines.append("  cluster \(cluster)    publisher \(topology.publisherPort(cluster: cluster)), subscribers \(ports.joined(separator: " "))")
        }
        lines.append(
            "  metrics      GET /metrics on broker \(MetricsPorts.forService(port: topology.brokerPort)), "
                + "aggregator \(topology.aggregatorMetricsPort), gateway \(topology.gatewayPort); "
                + "publishers and subscribers on their port + \(MetricsPorts.offset)"
        )
        lines.append("  logs         \(logDirectory)/<service>.log")
        lines.append("Press Ctrl-C to stop.")
        return lines
    }
}
