import ArgumentParser
import EmoStreamCore
import Foundation
import Gateway
import Logging

@main
struct GatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emostream-gateway",
        abstract: "The EmoStream REST API (every flag is also read from EMOSTREAM_<FLAG>; KAFKA_BROKER for --brokers)."
    )

    /// Used when no secret is configured, so a development cluster works out of the box; logged as a warning.
    static let developmentSecret = "emostream-development-secret"

    @Option(help: "Address to bind.") var host = "0.0.0.0"
    @Option(help: "Port to bind; 0 picks a free one.") var port = 5000
    @Option(help: "Kafka bootstrap brokers, comma-separated host:port.") var brokers = "localhost:9092"
    @Option(help: "HMAC key for client tokens, shared with the subscribers.") var secret: String?
    @Option(help: "Answer /emoji once queued instead of once the broker acknowledged.") var fireAndForget = false
    @Option(help: "Idempotent producer (the broker must support InitProducerId).") var idempotentProducer = true
    @Option(help: "Sustained emoji per second per user_id (or client address).") var rateLimitPerSecond = 20.0
    @Option(help: "Emoji a user may send at once.") var rateLimitBurst = 100
    @Option(help: "A subscriber is alive this long after its last heartbeat.") var subscriberTtlMs: Int64 = 6_000
    @Option(help: "How long client tokens stay valid.") var tokenLifetimeSeconds: Int64 = 86_400
    @Option(help: "How long a produce may wait for the broker before answering 503.") var produceTimeoutMs = 5_000
    @Option(help: "How long the producer gathers records into one batch; 0 sends each at once.") var lingerMs = 5
    @Option(help: "Largest request body accepted.") var maxBodyBytes = 64 * 1024
    @Option(help: "Most emoji in one /emojis request.") var maxBatchSize = 100
    @Option(help: "Partitions of emoji_stream when the gateway creates it.") var emojiPartitions = 3
    @Option(
        help: "Web origins allowed to call the API (CORS): *, none, or comma-separated scheme://host[:port].",
        transform: { try CORSOrigins(parsing: $0) }
    )
    var corsOrigins = CORSOrigins.any
    @Option(help: "trace, debug, info, notice, warning, error, critical.") var logLevel: Logger.Level = .info
    @Option(help: "Also write logs to <dir>/gateway.log.") var logDir: String?

    static func main() async {
        let options = [
            "host", "port", "brokers", "secret", "fire-and-forget", "idempotent-producer", "rate-limit-per-second",
            "rate-limit-burst", "subscriber-ttl-ms", "token-lifetime-seconds", "produce-timeout-ms", "linger-ms",
            "max-body-bytes", "max-batch-size", "emoji-partitions", "cors-origins", "log-level", "log-dir",
        ]
        await main(EnvironmentArguments.merge(
            Array(CommandLine.arguments.dropFirst()), options: options, aliases: ["brokers": ["KAFKA_BROKER"]],
            environment: ProcessInfo.processInfo.environment
        ))
    }

    func run() async throws {
        let logger = try LoggingBootstrap.bootstrap(service: "gateway", level: logLevel, directory: logDir)
        if secret == nil {
            logger.warning("No --secret given: client tokens use the development secret")
        }
        var configuration = GatewayConfiguration(secret: secret ?? Self.developmentSecret)
        configuration.host = host
        configuration.port = port
        configuration.brokers = brokers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        configuration.fireAndForget = fireAndForget
        configuration.idempotentProducer = idempotentProducer
        configuration.rateLimitPerSecond = rateLimitPerSecond
        configuration.rateLimitBurst = rateLimitBurst
        configuration.subscriberTTLMilliseconds = subscriberTtlMs
        configuration.tokenLifetimeSeconds = tokenLifetimeSeconds
        configuration.produceTimeoutMilliseconds = produceTimeoutMs
        configuration.producerLingerMilliseconds = lingerMs
        configuration.maxBodyBytes = maxBodyBytes
        configuration.maxBatchSize = maxBatchSize
        configuration.emojiPartitions = emojiPartitions
        configuration.corsOrigins = corsOrigins

        let gateway = try Gateway(configuration: configuration, logger: logger)
        // runService adds SIGTERM/SIGINT graceful shutdown around the application's own service group.
        try await gateway.makeApplication().runService()
    }

    func validate() throws {
        guard rateLimitPerSecond > 0, rateLimitBurst > 0 else {
            throw ValidationError("--rate-limit-per-second and --rate-limit-burst must be positive")
        }
        guard subscriberTtlMs > 0, produceTimeoutMs > 0, maxBodyBytes > 0, maxBatchSize > 0 else {
            throw ValidationError("timeouts and limits must be positive")
        }
        // librdkafka's own bounds for linger.ms; caught here so a bad value stops the gateway with a clear message.
        guard (0...900_000).contains(lingerMs) else {
            throw ValidationError("--linger-ms must be between 0 and 900000")
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
