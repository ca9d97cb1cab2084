import Logging
import ServiceLifecycle
import ServiceTestSupport

/// Runs services in their own `ServiceGroup` until `stop()`, so a test can stop and restart one part of the tree.
final class ServiceRunner: Sendable {
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    init(_ services: [any Service]) {
        let group = ServiceGroup(services: services, logger: .quiet)
        self.group = group
        self.task = Task { try await group.run() }
    }

    /// Triggers graceful shutdown and waits until every service has returned.
    func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}

/// Runs `body`, then stops `runners` in reverse order whether or not it threw.
func stopping<Result: Sendable>(
    _ runners: [ServiceRunner], after body: () async throws -> Result
) async throws -> Result {
    do {
        let result = try await body()
        for runner in runners.reversed() { await runner.stop() }
        return result
    } catch {
        for runner in runners.reversed() { await runner.stop() }
        throw error
    }
}
