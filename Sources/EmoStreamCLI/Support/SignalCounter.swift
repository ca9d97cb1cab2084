import Synchronization

/// Counts signals received by one task until another takes them.
final class SignalCounter: Sendable {
    private let count = Mutex(0)

    func record() {
        count.withLock { $0 += 1 }
    }

    /// The signals received since the last call.
    func take() -> Int {
        count.withLock { count in
            defer { count = 0 }
            return count
        }
    }
}
