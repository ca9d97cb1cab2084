/// A test gave up waiting: something hung or never happened.
public struct TestTimeout: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) {
        self.description = description
    }
}

/// Runs `body`, failing instead of hanging if it has not finished after `seconds`.
///
/// A guard against a stuck test run, not a timing check: bounds are generous on purpose.
public func withHangGuard<Result: Sendable>(
    _ what: String, seconds: Int = 30, _ body: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw TestTimeout(description: "\(what) did not finish within \(seconds)s")
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}

/// Polls `condition` until it holds; fails after `seconds` (a generous bound, not a timing assertion).
public func eventually(
    _ what: String, seconds: Int = 30, _ condition: @escaping @Sendable () async throws -> Bool
) async throws {
    try await withHangGuard(what, seconds: seconds) {
        while try await !condition() {
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
