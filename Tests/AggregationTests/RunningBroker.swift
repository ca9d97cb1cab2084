import Broker
import Foundation
import Logging
import ServiceLifecycle

/// Runs a real broker in-process on a free loopback port with a temporary data directory.
enum RunningBroker {
    /// Runs a broker for the duration of `body`, which gets its `host:port`.
    static func with<Result: Sendable>(_ body: @Sendable (_ bootstrap: String) async throws -> Result) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("emostream-aggregation-test-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = BrokerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.dataDirectory = directory
        let broker = try KafkaBroker(configuration: configuration, logger: .quiet)
        let services = ServiceGroup(services: [broker], logger: .quiet)

        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var port = broker.listeningPort
            while port == nil {
                try await Task.sleep(for: .milliseconds(10))
                port = broker.listeningPort
            }
            let result: Result
            do {
                result = try await body("127.0.0.1:\(port!)")
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            return result
        }
    }
}
