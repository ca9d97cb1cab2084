import Dispatch
import Foundation
import Logging
import Synchronization

/// The group-commit thread: the only place appended data is fsynced.
///
/// Appends mark their log dirty; a pass takes every dirty log and every waiter registered so far,
/// fsyncs the logs (advancing their high watermarks under `FsyncPolicy.ack`) and then completes the
/// waiters. While one pass runs, new appends and waiters collect for the next, so one fsync covers
/// as many produce requests as arrive during the previous one. Under `.ack` a pass starts as soon
/// as there is work; under `.interval` every N ms (or at once for a rolled segment); under
/// `.never` only for rolled segments.
final class Flusher: Sendable {
    private struct Waiter {
        var logs: [ObjectIdentifier]
        var completion: @Sendable (Result<Void, any Error>) -> Void
    }

    private struct State {
        var dirty: [ObjectIdentifier: PartitionLog] = [:]
        var waiters: [Waiter] = []
        var wakeupPending = false
        var started = false
        var stopping = false
        var stopped = false
    }

    private let policy: FsyncPolicy
    private let logger: Logger
    private let state = Mutex(State())
    /// Told how long each pass that synced something took (the broker's fsync latency histogram).
    private let passFinished: @Sendable (Duration) -> Void
    private let wakeup = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(policy: FsyncPolicy, logger: Logger, passFinished: @escaping @Sendable (Duration) -> Void) {
        self.policy = policy
        self.logger = logger
        self.passFinished = passFinished
    }

    /// Starts the thread (once).
    func start() {
        let first = state.withLock { state in
            defer { state.started = true }
            return !state.started
        }
        guard first else { return }
        let thread = Thread { [self] in run() }
        thread.name = "emostream-log-flusher"
        thread.start()
    }

    /// Queues `log` for the next pass; `urgent` starts that pass now instead of at the next tick.
    func markDirty(_ log: PartitionLog, urgent: Bool) {
        let signal = state.withLock { state in
            state.dirty[ObjectIdentifier(log)] = log
            guard urgent && !state.wakeupPending && !state.stopped else { return false }
            state.wakeupPending = true
            return true
        }
        if signal { wakeup.signal() }
    }

    /// Completes `completion` after the next pass has fsynced `logs` (or failed to).
    func afterNextPass(_ logs: [PartitionLog], _ completion: @escaping @Sendable (Result<Void, any Error>) -> Void) {
        enum Outcome { case stopped, queued, queuedAndWake }
        let outcome = state.withLock { state -> Outcome in
            guard !state.stopped else { return .stopped }
            state.waiters.append(Waiter(logs: logs.map(ObjectIdentifier.init), completion: completion))
            guard !state.wakeupPending else { return .queued }
            state.wakeupPending = true
            return .queuedAndWake
        }
        switch outcome {
        case .stopped: completion(.failure(LogStorageError.closed))
        case .queued: break
        case .queuedAndWake: wakeup.signal()
        }
    }

    /// Runs a last pass (completing every waiter) and ends the thread.
    func stop() {
        let wasRunning = state.withLock { state in
            defer { state.stopping = true }
            return state.started && !state.stopping
        }
        guard wasRunning else {
            failWaiters()
            return
        }
        wakeup.signal()
        finished.wait()
    }

    /// Completes the waiters of a flusher that never ran (a start that failed or a test).
    private func failWaiters() {
        let waiters = state.withLock { state in
            defer { state.waiters = [] }
            state.stopped = true
            return state.waiters
        }
        for waiter in waiters { waiter.completion(.failure(LogStorageError.closed)) }
    }

    private func run() {
        while true {
            switch policy {
            case .interval(let milliseconds):
                _ = wakeup.wait(timeout: .now() + .milliseconds(max(milliseconds, 1)))
            case .ack, .never:
                wakeup.wait()
            }
            let (dirty, waiters, stopping) = state.withLock { state in
                defer {
                    state.dirty = [:]
                    state.waiters = []
                    state.wakeupPending = false
                }
                state.stopped = state.stopping
                return (state.dirty, state.waiters, state.stopping)
            }
            var failures: [ObjectIdentifier: any Error] = [:]
            let passStart = ContinuousClock.now
            for (id, log) in dirty {
                if let error = log.syncPendingWrites() { failures[id] = error }
            }
            let passDuration = ContinuousClock.now - passStart
            if !failures.isEmpty {
                state.withLock { state in
                    for id in failures.keys { state.dirty[id] = dirty[id] }  // retried on the next pass
                }
            }
            for waiter in waiters {
                if let error = waiter.logs.lazy.compactMap({ failures[$0] }).first {
                    waiter.completion(.failure(error))
                } else {
                    waiter.completion(.success(()))
                }
            }
            // After the waiters, so recording the metric never delays an acknowledgement.
            if !dirty.isEmpty {
                passFinished(passDuration)
            }
            if stopping {
                finished.signal()
                return
            }
        }
    }
}
