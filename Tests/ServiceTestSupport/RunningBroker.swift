import Broker
import Foundation
import Logging
import ServiceLifecycle

/// A real broker running in-process on loopback with its own data directory, for tests of
/// everything that talks to Kafka: the broker's wire tests and the services built on top of it.
public enum RunningBroker {
    /// Runs a broker for the duration of `body`, which gets its `host:port` bootstrap address.
    ///
    /// - Parameters:
    ///   - port: 0 picks a free port.
    ///   - directory: the data directory; nil uses a fresh temporary one that is removed afterwards.
    ///   - configure: adjusts the configuration before the broker starts.
    public static func with<Result: Sendable>(
        port: Int = 0,
        directory: String? = nil,
        configure: (inout BrokerConfiguration) -> Void = { _ in },
        _ body: @Sendable (_ bootstrap: String) async throws -> Result
    ) async throws -> Result {
        let dataDirectory = directory ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("emostream-test-broker-\(UUID().uuidString)").path
        defer { if directory == nil { try? FileManager.default.removeItem(atPath: dataDirectory) } }
        var configuration = BrokerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = port
        configuration.dataDirectory = dataDirectory
        configure(&configuration)
        let broker = try KafkaBroker(configuration: configuration, logger: .quiet)
        let services = ServiceGroup(services: [broker], logger: .quiet)

        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var bound = broker.listeningPort
            while bound == nil {
                try await Task.sleep(for: .milliseconds(10))
                bound = broker.listeningPort
            }
            let result: Result
            do {
                result = try await body("127.0.0.1:\(bound!)")
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            return result
        }
    }

    /// Like ``with(port:directory:configure:_:)`` for wire tests that dial the broker themselves.
    public static func withPort<Result: Sendable>(
        configure: (inout BrokerConfiguration) -> Void = { _ in },
        _ body: @Sendable (_ port: Int) async throws -> Result
    ) async throws -> Result {
        try await with(configure: configure) { bootstrap in
            try await body(Int(bootstrap.split(separator: ":").last!)!)
        }
    }

    /// A loopback port that was free a moment ago: a broker binds it and stops before any client connects.
    public static func freePort() async throws -> Int {
        try await withPort { port in port }
    }
}
