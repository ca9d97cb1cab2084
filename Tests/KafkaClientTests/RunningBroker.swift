import Broker
import Foundation
import Logging
import ServiceLifecycle

/// Runs a real broker in-process on a free loopback port with a temporary data directory.
enum RunningBroker {
    static func with(
        configure: (inout BrokerConfiguration) -> Void = { _ in },
        _ body: @Sendable (_ bootstrap: String) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("emostream-kafkaclient-test-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = BrokerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.dataDirectory = directory
        configure(&configuration)
        let logger = Logger.quiet
        let broker = try KafkaBroker(configuration: configuration, logger: logger)
        let services = ServiceGroup(services: [broker], logger: logger)

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var port = broker.listeningPort
            while port == nil {
                try await Task.sleep(for: .milliseconds(10))
                port = broker.listeningPort
            }
            do {
                try await body("127.0.0.1:\(port!)")
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
        }
    }
}
