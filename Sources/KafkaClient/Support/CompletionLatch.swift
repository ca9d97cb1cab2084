import Synchronization

/// Lets any number of tasks wait, without blocking a thread, for something to finish once.
final class CompletionLatch: Sendable {
    private struct State {
        var isComplete = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    var isComplete: Bool { state.withLock { $0.isComplete } }

    /// Marks the latch complete and wakes every waiter; later calls do nothing.
    func complete() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard !state.isComplete else { return [] }
            state.isComplete = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once `complete()` has been called.
    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state in
                if state.isComplete { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }
}
