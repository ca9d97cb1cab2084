import ArgumentParser
import Broker
import EmoStreamCore
import Foundation
import Logging
import LogStorage
import MetricsEndpoint

@main
struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emostream-broker",
        abstract: "A durable, Kafka-wire-compatible log broker (every flag is also read from EMOSTREAM_<FLAG>)."
    )

    @Option(help: "Address to bind.") var host = "0.0.0.0"
    @Option(help: "Port to bind; 0 picks a free one (see --port-file).") var port = 9092
    @Option(help: "Host advertised to clients in Metadata (default: --host, or localhost for 0.0.0.0).") var advertisedHost: String?
    @Option(help: "Directory for partition logs.") var dataDir = "./data/broker"
    @Option(help: "Partitions for auto-created topics.") var partitions = 3
    @Option(help: "When produced data is fsynced: ack (before acknowledging), interval, never.") var fsync: FsyncMode = .ack
    @Option(help: "Flush period for --fsync interval.") var fsyncIntervalMs = 1000
    @Option(help: "Largest request frame accepted; larger ones close the connection.") var maxRequestBytes = 100 * 1024 * 1024
    @Option(help: "Roll a segment at this size.") var segmentBytes = LogConfig().segmentBytes
    @Option(help: "Roll a segment at this age.") var segmentMs = LogConfig().segmentMs
    @Option(help: "Delete old segments beyond this partition size (-1: no limit).") var retentionBytes = LogConfig().retentionBytes
    @Option(help: "Delete segments older than this (-1: keep forever).") var retentionMs = LogConfig().retentionMs
    @Option(help: "How often retention deletes expired segments.") var retentionCheckIntervalMs = BrokerConfiguration().retentionCheckIntervalMs
    @Option(help: "How often the cleaner looks for compacted topics to compact.") var cleanerBackoffMs = BrokerConfiguration().cleanerBackoffMs
    @Option(help: "Create unknown topics named in Metadata requests.") var autoCreateTopics = true
    @Option(help: "Write the bound port to this file once listening.") var portFile: String?
    @OptionGroup var metrics: MetricsOptions
    @Option(help: "trace, debug, info, notice, warning, error, critical.") var logLevel: Logger.Level = .info
    @Option(help: "Also write logs to <dir>/broker.log.") var logDir: String?

    static func main() async {
        let options = [
            "host", "port", "advertised-host", "data-dir", "partitions", "fsync", "fsync-interval-ms", "max-request-bytes",
            "segment-bytes", "segment-ms", "retention-bytes", "retention-ms", "retention-check-interval-ms", "cleaner-backoff-ms",
            "auto-create-topics", "port-file", "metrics-port", "log-level", "log-dir",
        ]
        await main(EnvironmentArguments.merge(
            Array(CommandLine.arguments.dropFirst()), options: options, environment: ProcessInfo.processInfo.environment
        ))
    }

    func run() async throws {
        let logger = try LoggingBootstrap.bootstrap(service: "broker", level: logLevel, directory: logDir)
        var configuration = BrokerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.advertisedHost = advertisedHost
        configuration.dataDirectory = dataDir
        configuration.defaultPartitions = partitions
        configuration.fsync = fsync.policy(intervalMilliseconds: fsyncIntervalMs)
        configuration.maxRequestBytes = maxRequestBytes
        configuration.autoCreateTopics = autoCreateTopics
        configuration.boundPortFile = portFile
        configuration.logDefaults.segmentBytes = segmentBytes
        configuration.logDefaults.segmentMs = segmentMs
        configuration.logDefaults.retentionBytes = retentionBytes
        configuration.logDefaults.retentionMs = retentionMs
        configuration.retentionCheckIntervalMs = retentionCheckIntervalMs
        configuration.cleanerBackoffMs = cleanerBackoffMs

        try await MetricsEndpoint.run(
            .init(host: host, port: metrics.port(forServicePort: port), service: "broker"),
            beside: { try KafkaBroker(configuration: configuration, logger: logger) }, logger: logger,
            beforeScrape: { $0.refreshStorageMetrics() }, isHealthy: { $0.listeningPort != nil }
        )
    }

    func validate() throws {
        try metrics.validate(servicePort: port)
    }
}

enum FsyncMode: String, ExpressibleByArgument, CaseIterable {
    case ack, interval, never

    func policy(intervalMilliseconds: Int) -> FsyncPolicy {
        switch self {
        case .ack: .ack
        case .interval: .interval(milliseconds: intervalMilliseconds)
        case .never: .never
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
