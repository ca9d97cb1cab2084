import Logging

/// Runs an operation until it ends or SIGINT/SIGTERM arrives, whichever comes first.
enum UntilSignalled {
    /// Cancels `operation` on the first signal and waits for it to wind down; rethrows its error.
    static func run(logger: Logger, _ operation: @escaping @Sendable () async throws -> Void) async throws {
        let signals = TerminationSignals.stream()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                for await signal in signals {
                    logger.info("stopping on signal \(signal)")
                    return
                }
            }
            // Whichever finishes first ends the other: the signal cancels the operation, the operation's end
            // stops waiting for signals.
            try await group.next()
            group.cancelAll()
        }
    }
}
