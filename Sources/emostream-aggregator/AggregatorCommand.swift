import Aggregation
import ArgumentParser
import EmoStreamCore
import Foundation
import Logging
import MetricsEndpoint

@main
struct AggregatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emostream-aggregator",
        abstract: "Counts emoji_stream in tumbling windows into processed_emojis "
            + "(every flag is also read from EMOSTREAM_<FLAG>; KAFKA_BROKER for --brokers)."
    )

    @Option(help: "Kafka bootstrap brokers, comma-separated host:port.") var brokers = "localhost:9092"
    @Option(help: "Address the metrics endpoint binds.") var host = "0.0.0.0"
    @Option(help: "Port for GET /metrics and /health; 0 picks a free one.") var metricsPort = MetricsPorts.aggregator
    @Option(help: "Window length in milliseconds (at least 100).") var windowMs: Int64 = 2_000
    @Option(help: "One shown emoji per this many reactions: scaled = ceil(count / scale).") var scale = 1_000
    @Option(help: "How late (behind its partition's newest record) a record may be and still count.")
    var allowedLatenessMs: Int64 = 500
    @Option(
        help: "A partition read to its end and silent this long stops holding windows back (its watermark follows the clock)."
    )
    var idleTimeoutMs: Int64 = 1_000
    @Option(help: "Consumer group; instances in one group split the partitions.") var group = "emostream-aggregator"
    @Option(help: "Topic to read.") var inputTopic = "emoji_stream"
    @Option(help: "Topic to write windows to.") var outputTopic = "processed_emojis"
    @Option(help: "Partitions for either topic if the aggregator creates it.") var topicPartitions: Int32 = 3
    @Option(help: "How long the group waits for a silent member before reassigning its partitions.")
    var sessionTimeoutMs = 10_000
    @Option(help: "Idempotent producer (the broker must support InitProducerId).") var idempotentProducer = true
    @Option(help: "trace, debug, info, notice, warning, error, critical.") var logLevel: Logger.Level = .info
    @Option(help: "Also write logs to <dir>/aggregator.log.") var logDir: String?

    static func main() async {
        let options = [
            "brokers", "host", "metrics-port", "window-ms", "scale", "allowed-lateness-ms", "idle-timeout-ms", "group",
            "input-topic", "output-topic", "topic-partitions", "session-timeout-ms", "idempotent-producer", "log-level",
            "log-dir",
        ]
        await main(EnvironmentArguments.merge(
            Array(CommandLine.arguments.dropFirst()), options: options, aliases: ["brokers": ["KAFKA_BROKER"]],
            environment: ProcessInfo.processInfo.environment
        ))
    }

    func run() async throws {
        let logger = try LoggingBootstrap.bootstrap(service: "aggregator", level: logLevel, directory: logDir)
        try await MetricsEndpoint.run(
            .init(host: host, port: metricsPort, service: "aggregator"),
            beside: { try AggregatorService(configuration: aggregatorConfiguration, logger: logger) }, logger: logger
        )
    }

    func validate() throws {
        guard (0...65_535).contains(metricsPort) else { throw ValidationError("--metrics-port must be 0–65535") }
        do {
            try aggregatorConfiguration.validate()
        } catch {
            throw ValidationError(error.message)
        }
    }

    private var aggregatorConfiguration: AggregatorConfiguration {
        var configuration = AggregatorConfiguration(
            brokers: brokers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        )
        configuration.groupID = group
        configuration.inputTopic = inputTopic
        configuration.outputTopic = outputTopic
        configuration.topicPartitions = topicPartitions
        configuration.window.windowMilliseconds = windowMs
        configuration.window.scale = scale
        configuration.window.allowedLatenessMilliseconds = allowedLatenessMs
        configuration.window.idleTimeoutMilliseconds = idleTimeoutMs
        configuration.sessionTimeoutMilliseconds = sessionTimeoutMs
        configuration.idempotentProducer = idempotentProducer
        return configuration
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
