import ArgumentParser
import EmoStreamCore
import Foundation
import Logging
import MetricsEndpoint
import Publisher

@main
struct PublisherCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emostream-cluster-publisher",
        abstract: "Pushes processed_emojis windows to one cluster's subscribers over EFP "
            + "(every flag is also read from EMOSTREAM_<FLAG>; KAFKA_BROKER for --brokers)."
    )

    @Option(help: "The cluster this publisher feeds.") var cluster: Int
    @Option(help: "Address to bind.") var host = "0.0.0.0"
    @Option(help: "Port subscribers dial (default 7000 + cluster); 0 picks a free one (see --port-file).") var port: Int?
    @Option(help: "Kafka bootstrap brokers, comma-separated host:port.") var brokers = "localhost:9092"
    @Option(help: "Seconds of windows kept for subscribers that reconnect.") var historySeconds = 60
    @Option(help: "Ping silent subscribers this often; three silent intervals drop them.") var keepaliveIntervalMs: UInt32 = 5_000
    @Option(help: "Bytes queued for one subscriber before it is cut off as too slow.") var maxQueuedBytes = 4 * 1024 * 1024
    @Option(help: "Write the bound port to this file once listening.") var portFile: String?
    @OptionGroup var metrics: MetricsOptions
    @Option(help: "trace, debug, info, notice, warning, error, critical.") var logLevel: Logger.Level = .info
    @Option(help: "Also write logs to <dir>/cluster-publisher-<cluster>.log.") var logDir: String?

    static func main() async {
        let options = [
            "cluster", "host", "port", "brokers", "history-seconds", "keepalive-interval-ms", "max-queued-bytes",
            "port-file", "metrics-port", "log-level", "log-dir",
        ]
        await main(EnvironmentArguments.merge(
            Array(CommandLine.arguments.dropFirst()), options: options, aliases: ["brokers": ["KAFKA_BROKER"]],
            environment: ProcessInfo.processInfo.environment
        ))
    }

    func validate() throws {
        guard cluster >= 0 else { throw ValidationError("--cluster must not be negative") }
        guard historySeconds > 0, keepaliveIntervalMs > 0, maxQueuedBytes > 0 else {
            throw ValidationError("--history-seconds, --keepalive-interval-ms and --max-queued-bytes must be positive")
        }
        try metrics.validate(servicePort: servicePort)
    }

    func run() async throws {
        let service = "cluster-publisher-\(cluster)"
        let logger = try LoggingBootstrap.bootstrap(service: service, level: logLevel, directory: logDir)
        var configuration = PublisherConfiguration(cluster: cluster)
        configuration.host = host
        configuration.port = servicePort
        configuration.brokers = brokers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        configuration.historySeconds = historySeconds
        configuration.keepaliveIntervalMs = keepaliveIntervalMs
        configuration.maxQueuedBytesPerSubscriber = maxQueuedBytes
        configuration.portFile = portFile

        try await MetricsEndpoint.run(
            .init(host: host, port: metrics.port(forServicePort: servicePort), service: service),
            beside: { try ClusterPublisher(configuration: configuration, logger: logger) }, logger: logger,
            isHealthy: { $0.listeningPort != nil }
        )
    }

    /// The port subscribers dial: `--port`, else 7000 + cluster.
    private var servicePort: Int {
        port ?? PublisherConfiguration.defaultPort(cluster: cluster)
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
