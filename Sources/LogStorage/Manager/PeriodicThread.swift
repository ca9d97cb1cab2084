import Dispatch
import Foundation
import Synchronization

/// A thread that runs `body` every `interval` until stopped.
final class PeriodicThread: Sendable {
    private let milliseconds: Int
    private let body: @Sendable () -> Void
    private let stopping = Mutex(false)
    private let wakeup = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(name: String, interval: Duration, body: @escaping @Sendable () -> Void) {
        self.milliseconds = Int(max(interval / .milliseconds(1), 1))
        self.body = body
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    /// Wakes the thread and waits until it has finished its current run and exited.
    func stop() {
        let first = stopping.withLock { stopping in
            defer { stopping = true }
            return !stopping
        }
        guard first else { return }
        wakeup.signal()
        finished.wait()
    }

    private func run() {
        while true {
            _ = wakeup.wait(timeout: .now() + .milliseconds(milliseconds))
            if stopping.withLock({ $0 }) { break }
            body()
        }
        finished.signal()
    }
}
