import EmoStreamCore

/// The services `emostream up` runs and the ports they use: the default ports, each plus `portOffset`.
///
/// Every service but the gateway (which serves `/metrics` on its API port) gets a metrics port by the rule of
/// `MetricsPorts`: its own port + 10 000, and 15001 (+ offset) for the aggregator.
public struct ClusterTopology: Sendable, Hashable {
    public var clusters = 3
    public var subscribersPerCluster = 3
    /// Added to every port, so a second cluster (a test's) can run beside a running one.
    public var portOffset = 0
    /// Holds the broker's data in `<dataDirectory>/broker`.
    public var dataDirectory = "./data"
    /// Passed as `--window-ms` to the aggregator when set.
    public var windowMilliseconds: Int?
    /// Passed as `--host` to every service when set; otherwise each uses its own default.
    public var host: String?
    public var logLevel = "info"

    public init() {}

    public var brokerPort: Int { 9092 + portOffset }
    public var gatewayPort: Int { 5000 + portOffset }
    public var aggregatorMetricsPort: Int { MetricsPorts.aggregator + portOffset }

    /// 7000 + cluster.
    public func publisherPort(cluster: Int) -> Int { 7000 + cluster + portOffset }

    /// 6000 + subscribersPerCluster·cluster + subscriber: with 3 per cluster, cluster 1 / subscriber 2 is 6005.
    public func subscriberPort(cluster: Int, subscriber: Int) -> Int {
        6000 + subscribersPerCluster * cluster + subscriber + portOffset
    }

    /// The highest port any service listens on, metrics ports included.
    public var highestPort: Int {
        services.flatMap(\.listeningPorts).max() ?? brokerPort
    }

    /// The largest `portOffset` that keeps every port of this topology at or below 65535.
    public var maximumPortOffset: Int {
        65_535 - (highestPort - portOffset)
    }

    /// Where services reach each other: the loopback address unless a bind host was chosen.
    var localAddress: String {
        guard let host, host != "0.0.0.0", host != "::" else { return "127.0.0.1" }
        return host
    }

    var brokerAddress: String { "\(localAddress):\(brokerPort)" }

    /// Every child, in start order.
    public var services: [ServiceSpec] {
        var services = [broker, gateway, aggregator]
        for cluster in 0..<clusters {
            services.append(publisher(cluster: cluster))
        }
        for cluster in 0..<clusters {
            for subscriber in 0..<subscribersPerCluster {
                services.append(self.subscriber(cluster: cluster, subscriber: subscriber))
            }
        }
        return services
    }

    private var common: [String] {
        ["--log-level", logLevel] + (host.map { ["--host", $0] } ?? [])
    }

    private var broker: ServiceSpec {
        let metricsPort = MetricsPorts.forService(port: brokerPort)
        var arguments = [
            "--port", "\(brokerPort)", "--data-dir", dataDirectory + "/broker", "--metrics-port", "\(metricsPort)",
        ]
        if host == nil { arguments += ["--advertised-host", localAddress] }
        return ServiceSpec(
            name: "broker", executable: "emostream-broker", arguments: arguments + common,
            health: .tcp(port: brokerPort), stage: 0, metricsPort: metricsPort
        )
    }

    private var gateway: ServiceSpec {
        ServiceSpec(
            name: "gateway", executable: "emostream-gateway",
            arguments: ["--port", "\(gatewayPort)", "--brokers", brokerAddress] + common,
            health: .http(port: gatewayPort, path: "/health"), stage: 1, metricsPort: gatewayPort
        )
    }

    private var aggregator: ServiceSpec {
        var arguments = ["--brokers", brokerAddress, "--metrics-port", "\(aggregatorMetricsPort)"]
        if let windowMilliseconds { arguments += ["--window-ms", "\(windowMilliseconds)"] }
        return ServiceSpec(
            name: "aggregator", executable: "emostream-aggregator", arguments: arguments + common,
            health: .http(port: aggregatorMetricsPort, path: "/health"), stage: 1, metricsPort: aggregatorMetricsPort
        )
    }

    private func publisher(cluster: Int) -> ServiceSpec {
        let port = publisherPort(cluster: cluster)
        let metricsPort = MetricsPorts.forService(port: port)
        return ServiceSpec(
            name: "cluster-publisher-\(cluster)", executable: "emostream-cluster-publisher",
            arguments: [
                "--cluster", "\(cluster)", "--port", "\(port)", "--brokers", brokerAddress, "--metrics-port", "\(metricsPort)",
            ] + common,
            health: .tcp(port: port), stage: 1, metricsPort: metricsPort
        )
    }

    private func subscriber(cluster: Int, subscriber: Int) -> ServiceSpec {
        let port = subscriberPort(cluster: cluster, subscriber: subscriber)
        let metricsPort = MetricsPorts.forService(port: port)
        return ServiceSpec(
            name: "subscriber-\(cluster)-\(subscriber)", executable: "emostream-subscriber",
            arguments: [
                "--cluster", "\(cluster)", "--subscriber", "\(subscriber)", "--port", "\(port)",
                "--publisher", "\(localAddress):\(publisherPort(cluster: cluster))", "--brokers", brokerAddress,
                "--metrics-port", "\(metricsPort)",
            ] + common,
            health: .tcp(port: port), stage: 2, metricsPort: metricsPort
        )
    }
}
