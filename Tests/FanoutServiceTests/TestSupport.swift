import EmoStreamCore
import FanoutProtocol
import Foundation
import Logging

extension Logger {
    /// A logger that prints only errors, so test output stays readable.
    static var quiet: Logger {
        var logger = Logger(label: "fanout-test")
        logger.logLevel = .error
        return logger
    }
}

struct TestTimeout: Error, CustomStringConvertible {
    let description: String
}

/// Runs `body`, failing instead of hanging if it has not finished after `seconds` (a guard, not a timing check).
func withHangGuard<Result: Sendable>(
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
func eventually(_ what: String, seconds: Int = 30, _ condition: @escaping @Sendable () async throws -> Bool) async throws {
    try await withHangGuard(what, seconds: seconds) {
        while try await !condition() {
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// The HMAC key the tests' subscribers share with the "gateway" that signs tokens here.
let testSecret = "fanout-test-secret"

/// A token the gateway would issue to `clientID` for subscriber (cluster, subscriber).
func token(
    for clientID: String, cluster: Int = 0, subscriber: Int = 0, secret: String = testSecret, validFor seconds: Int64 = 3_600
) -> String {
    let now = Int64(Date().timeIntervalSince1970)
    return ClientToken(clientID: clientID, clusterID: cluster, subscriberID: subscriber, expiresAt: now + seconds)
        .signed(secret: secret)
}

/// A window as the aggregator would write it; `padding` extra emoji make it large (for slow-client tests).
///
/// Window times follow seq (2 s apart) unless `start` is given, so histories age windows out as in production.
func makeWindow(
    room: String, seq: Int64, emoji: [String: UInt64] = ["❤️": 3785, "😂": 10], padding: Int = 0, start: Int64? = nil
) -> FanoutFrame.Window {
    var counts = emoji
    for index in 0..<padding { counts["pad-\(index)"] = 1 }
    let entries = counts.map { FanoutFrame.Window.Entry(emoji: $0.key, count: $0.value, scaled: UInt32(($0.value + 999) / 1_000)) }
        .sorted { $0.emoji.utf8.lexicographicallyPrecedes($1.emoji.utf8) }
    let start = start ?? 1_700_000_000_000 + seq * 2_000
    return FanoutFrame.Window(
        room: room, seq: seq, windowStart: start, windowEnd: start + 2_000,
        total: counts.values.reduce(0, +), entries: entries
    )
}
