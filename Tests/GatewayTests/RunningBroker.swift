import Broker
import Foundation
import Logging
import ServiceLifecycle

/// Runs a real broker in-process on loopback with a temporary data directory.
enum RunningBroker {
    /// Runs a broker for the duration of `body`.
    ///
    /// - Parameters:
    ///   - port: 0 picks a free port.
    ///   - directory: the data directory; nil uses a fresh temporary one that is removed afterwards.
    static func with<Result: Sendable>(
        port: Int = 0, directory: String? = nil,
        _ body: @Sendable (_ bootstrap: String) async throws -> Result
    ) async throws -> Result {
        let dataDirectory = directory ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("emostream-gateway-test-\(UUID().uuidString)").path
        defer { if directory == nil { try? FileManager.default.removeItem(atPath: dataDirectory) } }
        var configuration = BrokerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = port
        configuration.dataDirectory = dataDirectory
        let logger = Logger.quiet
        let broker = try KafkaBroker(configuration: configuration, logger: logger)
        let services = ServiceGroup(services: [broker], logger: logger)

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

    /// A loopback port that was free a moment ago: a broker binds it and stops before any client connects.
    static func freePort() async throws -> Int {
        try await with { bootstrap in Int(bootstrap.split(separator: ":").last!)! }
    }
}
