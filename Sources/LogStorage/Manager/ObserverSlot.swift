import Synchronization

/// A callback installed after its owner is made (the broker wires its metrics and fetch waiters to the storage it
/// opened), then called from any thread.
///
/// The closure lives in a struct on purpose. Stored directly as a `Mutex`'s value, a closure is kept in the generic
/// representation, and every `withLock` that touches it converts it to the concrete one and back, wrapping it in two
/// more reabstraction thunks each time. Each call then ran through every thunk added by the calls before it: the
/// chain grew without bound, the broker's high watermark notification cost 13% of its CPU a few seconds into a
/// benchmark, and a long-lived broker would have run out of stack. A struct's field keeps one representation, so
/// copying the struct out never re-wraps the closure.
final class ObserverSlot<Argument>: Sendable {
    private struct Installed: Sendable {
        let notify: @Sendable (Argument) -> Void
    }

    private let installed = Mutex<Installed?>(nil)

    init() {}

    /// Replaces whatever observer was installed.
    func install(_ observer: @escaping @Sendable (Argument) -> Void) {
        installed.withLock { $0 = Installed(notify: observer) }
    }

    /// Calls the installed observer, outside the lock; does nothing when none is installed.
    func notify(_ argument: Argument) {
        installed.withLock { $0 }?.notify(argument)
    }
}
