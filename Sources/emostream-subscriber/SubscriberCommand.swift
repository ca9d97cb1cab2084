import ArgumentParser
import EmoStreamCore
import Foundation
import Logging
import MetricsEndpoint
import Subscriber

@main
struct SubscriberCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emostream-subscriber",
        abstract: "Serves viewers (EFP and WebSocket on one port) with the windows of its cluster publisher "
            + "(every flag is also read from EMOSTREAM_<FLAG>; KAFKA_BROKER for --brokers)."
    )

    /// The gateway's default, so a development cluster works without configuration; logged as a warning.
    static let developmentSecret = "emostream-development-secret"

    @Option(help: "The cluster this subscriber belongs to.") var cluster: Int
    @Option(help: "This subscriber's index inside its cluster.") var subscriber: Int
    @Option(help: "Address to bind.") var host = "0.0.0.0"
    @Option(help: "Viewer port (default 6000 + 3·cluster + subscriber); 0 picks a free one (see --port-file).") var port: Int?
    @Option(help: "The cluster publisher, host:port (default localhost:7000 + cluster).") var publisher: String?
    @Option(help: "Kafka bootstrap brokers for heartbeats, comma-separated host:port.") var brokers = "localhost:9092"
    @Option(help: "HMAC key client tokens are signed with, shared with the gateway.") var secret: String?
    @Option(help: "Host written into heartbeats for clients to dial (default: --host, or localhost).") var advertisedHost: String?
    @Option(help: "How often to announce this subscriber on emostream_subscribers.") var heartbeatIntervalMs = 2_000
    @Option(help: "Ping silent viewers this often; three silent intervals drop them.") var keepaliveIntervalMs: UInt32 = 10_000
    @Option(help: "Seconds of windows kept for viewers that reconnect.") var historySeconds = 60
    @Option(help: "Bytes queued for one viewer before it is cut off as too slow.") var maxQueuedBytes = 256 * 1024
    @Option(help: "Write the bound port to this file once listening.") var portFile: String?
    @OptionGroup var metrics: MetricsOptions
    @Option(help: "trace, debug, info, notice, warning, error, critical.") var logLevel: Logger.Level = .info
    @Option(help: "Also write logs to <dir>/subscriber-<cluster>-<subscriber>.log.") var logDir: String?

    static func main() async {
        let options = [
            "cluster", "subscriber", "host", "port", "publisher", "brokers", "secret", "advertised-host",
            "heartbeat-interval-ms", "keepalive-interval-ms", "history-seconds", "max-queued-bytes", "port-file",
            "metrics-port", "log-level", "log-dir",
        ]
        await main(EnvironmentArguments.merge(
            Array(CommandLine.arguments.dropFirst()), options: options, aliases: ["brokers": ["KAFKA_BROKER"]],
            environment: ProcessInfo.processInfo.environment
        ))
    }

    func validate() throws {
        guard cluster >= 0, subscriber >= 0 else { throw ValidationError("--cluster and --subscriber must not be negative") }
        guard heartbeatIntervalMs > 0, keepaliveIntervalMs > 0, historySeconds > 0, maxQueuedBytes > 0 else {
            throw ValidationError("intervals, --history-seconds and --max-queued-bytes must be positive")
        }
        try metrics.validate(servicePort: servicePort)
        if let publisher, Self.hostAndPort(publisher) == nil {
            throw ValidationError("--publisher must be host:port")
        }
    }

    func run() async throws {
        let service = "subscriber-\(cluster)-\(subscriber)"
        let logger = try LoggingBootstrap.bootstrap(service: service, level: logLevel, directory: logDir)
        if secret == nil {
            logger.warning("No --secret given: client tokens are checked with the development secret")
        }
        var configuration = SubscriberConfiguration(
            cluster: cluster, subscriber: subscriber, secret: secret ?? Self.developmentSecret
        )
        configuration.host = host
        configuration.port = servicePort
        if let publisher, let (host, port) = Self.hostAndPort(publisher) {
            configuration.publisherHost = host
            configuration.publisherPort = port
        }
        configuration.brokers = brokers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        configuration.advertisedHost = advertisedHost
        configuration.heartbeatIntervalMs = heartbeatIntervalMs
        configuration.keepaliveIntervalMs = keepaliveIntervalMs
        configuration.historySeconds = historySeconds
        configuration.maxQueuedBytesPerViewer = maxQueuedBytes
        configuration.portFile = portFile

        try await MetricsEndpoint.run(
            .init(host: host, port: metrics.port(forServicePort: servicePort), service: service),
            beside: { try SubscriberServer(configuration: configuration, logger: logger) }, logger: logger,
            isHealthy: { $0.listeningPort != nil }
        )
    }

    /// The port viewers dial: `--port`, else 6000 + 3·cluster + subscriber.
    private var servicePort: Int {
        port ?? SubscriberConfiguration.defaultPort(cluster: cluster, subscriber: subscriber)
    }

    /// Splits `host:port` (the port after the last colon, so `[::1]:7000` works too).
    static func hostAndPort(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), port >= 0 else {
            return nil
        }
        let host = text[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return host.isEmpty ? nil : (host, port)
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
