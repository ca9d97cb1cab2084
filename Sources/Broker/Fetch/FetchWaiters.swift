import Synchronization

/// Fetches parked in their long poll, keyed by the partitions they wait on.
///
/// A waiter is woken at most once: whichever comes first — new data on one of its partitions, its deadline,
/// or broker shutdown — removes it, and only the remover runs its wake-up.
final class FetchWaiters: Sendable {
    struct Key: Hashable, Sendable {
        var topic: String
        var partition: Int32
    }

    private struct Waiter {
        var keys: [Key]
        var wake: @Sendable () -> Void
    }

    private struct State {
        var nextID: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
        var idsByKey: [Key: Set<UInt64>] = [:]

        mutating func remove(_ id: UInt64) -> Waiter? {
            guard let waiter = waiters.removeValue(forKey: id) else { return nil }
            for key in waiter.keys {
                idsByKey[key]?.remove(id)
                if idsByKey[key]?.isEmpty == true { idsByKey[key] = nil }
            }
            return waiter
        }
    }

    private let state = Mutex(State())

    /// Parks a waiter; returns the id that `remove` takes.
    func register(keys: [Key], wake: @escaping @Sendable () -> Void) -> UInt64 {
        state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.waiters[id] = Waiter(keys: keys, wake: wake)
            for key in keys { state.idsByKey[key, default: []].insert(id) }
            return id
        }
    }

    /// Removes a waiter; `true` if it was still parked (so the caller now owns its wake-up).
    func remove(_ id: UInt64) -> Bool {
        state.withLock { $0.remove(id) } != nil
    }

    /// Wakes every waiter parked on this partition.
    func highWatermarkAdvanced(topic: String, partition: Int32) {
        let woken = state.withLock { state -> [Waiter] in
            guard let ids = state.idsByKey[Key(topic: topic, partition: partition)] else { return [] }
            return ids.compactMap { state.remove($0) }
        }
        for waiter in woken { waiter.wake() }
    }

    /// Wakes everything, so parked fetches answer before the broker stops.
    func cancelAll() {
        let woken = state.withLock { state -> [Waiter] in
            let all = Array(state.waiters.values)
            state = State(nextID: state.nextID)
            return all
        }
        for waiter in woken { waiter.wake() }
    }
}
