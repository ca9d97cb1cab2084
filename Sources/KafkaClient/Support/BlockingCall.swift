import Foundation

/// Runs a blocking librdkafka call on a thread of its own, so neither the cooperative pool nor a poller waits for it.
///
/// Used for calls that may block up to their timeout (metadata, admin requests, synchronous commits); they are
/// rare enough that a thread per call costs less than keeping a pool alive.
enum BlockingCall {
    static func run<Result: Sendable>(
        _ name: String, _ body: @escaping @Sendable () throws -> Result
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Swift.Result { try body() })
            }
            thread.name = name
            thread.start()
        }
    }
}
