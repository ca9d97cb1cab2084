import Synchronization

/// How many of a window's viewers have not been handled yet (written to, cut off, or found gone).
///
/// The delivery latency is recorded once per window, when the last viewer is handled, rather than once per
/// viewer: with thousands of viewers a histogram update each would contend on the histogram's lock, and the last
/// viewer's wait is the one that bounds everybody's.
final class PendingViewers: Sendable {
    private let remaining: Atomic<Int>

    init(_ count: Int) {
        remaining = Atomic(count)
    }

    /// Counts one viewer handled; true for the last one.
    func handledOne() -> Bool {
        remaining.subtract(1, ordering: .acquiringAndReleasing).newValue == 0
    }
}
