import Logging
import MetricsEndpoint
import Prometheus
import ServiceLifecycle

/// Runs a `MetricsEndpoint` on a free loopback port for the duration of `body`, then shuts it down gracefully.
enum RunningEndpoint {
    static func with(
        registry: PrometheusCollectorRegistry,
        beforeScrape: @escaping @Sendable () -> Void = {},
        isHealthy: @escaping @Sendable () -> Bool = { true },
        _ body: (_ port: Int) async throws -> Void
    ) async throws {
        let endpoint = MetricsEndpoint(
            configuration: .init(host: "127.0.0.1", port: 0, service: "test-service"), registry: registry,
            logger: quietLogger, beforeScrape: beforeScrape, isHealthy: isHealthy
        )
        let group = ServiceGroup(services: [endpoint], logger: quietLogger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                while endpoint.listeningPort == nil { try await Task.sleep(for: .milliseconds(10)) }
                try await body(endpoint.listeningPort!)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}

let quietLogger: Logger = {
    var logger = Logger(label: "metrics-endpoint-test")
    logger.logLevel = .critical
    return logger
}()
