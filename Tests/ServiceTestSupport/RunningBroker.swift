import Broker
import Foundation
import Logging
import ServiceLifecycle

/// A real broker running in-process on loopback, on a free port with its own temporary data directory, for tests
/// of everything that talks to Kafka: the broker's wire tests and the services built on top of it.
public struct RunningBroker: Sendable {
    public let broker: KafkaBroker
    public let port: Int
    private let services: ServiceGroup
    /// The broker's run, which ends once it has stopped.
    private let running: Task<Void, any Error>

    /// The `host:port` clients bootstrap from.
    public var bootstrap: String { "127.0.0.1:\(port)" }

    /// Stops the broker gracefully and waits until it has stopped; `run` does it after its body, and a test of
    /// clients whose broker is gone does it earlier.
    ///
    /// - Throws: what the broker's run ended with.
    public func stop() async throws {
        await services.triggerGracefulShutdown()
        try await running.value
    }

    /// Runs a broker for the duration of `body` and removes its data directory afterwards.
    ///
    /// - Parameters:
    ///   - configure: adjusts the configuration before the broker starts.
    ///   - metrics: where the broker records its metrics; a test with its own registry passes its own.
    public static func run<Result: Sendable>(
        configure: (inout BrokerConfiguration) -> Void = { _ in },
        metrics: BrokerMetrics = BrokerMetrics(),
        _ body: @Sendable (RunningBroker) async throws -> Result
    ) async throws -> Result {
        let dataDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("emostream-test-broker-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        var configuration = BrokerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.dataDirectory = dataDirectory
        configure(&configuration)
        let broker = try KafkaBroker(configuration: configuration, logger: .quiet, metrics: metrics)
        let services = ServiceGroup(services: [broker], logger: .quiet)
        let running = Task { try await services.run() }
        var bound = broker.listeningPort
        let deadline = ContinuousClock.now + .seconds(30)
        while bound == nil {
            guard ContinuousClock.now < deadline else {
                // A broker that failed to start never binds: its run's error says why.
                running.cancel()
                try await running.value
                throw TestTimeout(description: "the broker did not start listening within 30s")
            }
            try await Task.sleep(for: .milliseconds(10))
            bound = broker.listeningPort
        }
        let handle = RunningBroker(broker: broker, port: bound!, services: services, running: running)
        let result: Result
        do {
            result = try await body(handle)
        } catch {
            try? await handle.stop()
            throw error
        }
        try await handle.stop()
        return result
    }

    /// Like ``run(configure:metrics:_:)`` for tests that only need the bootstrap address.
    public static func with<Result: Sendable>(
        configure: (inout BrokerConfiguration) -> Void = { _ in },
        _ body: @Sendable (_ bootstrap: String) async throws -> Result
    ) async throws -> Result {
        try await run(configure: configure) { try await body($0.bootstrap) }
    }

    /// Like ``run(configure:metrics:_:)`` for wire tests that dial the broker themselves.
    public static func withPort<Result: Sendable>(
        configure: (inout BrokerConfiguration) -> Void = { _ in },
        _ body: @Sendable (_ port: Int) async throws -> Result
    ) async throws -> Result {
        try await run(configure: configure) { try await body($0.port) }
    }

    /// A loopback port that was free a moment ago: a broker binds it and stops before any client connects.
    public static func freePort() async throws -> Int {
        try await withPort { port in port }
    }
}
