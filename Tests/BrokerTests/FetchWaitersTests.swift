@testable import Broker
import Synchronization
import Testing

@Suite("FetchWaiters")
struct FetchWaitersTests {
    private let key = FetchWaiters.Key(topic: "t", partition: 0)

    @Test("a waiter is woken by data on its partition, exactly once")
    func wakesOnce() {
        let waiters = FetchWaiters()
        let wakes = Mutex(0)
        let id = waiters.register(keys: [key, .init(topic: "t", partition: 1)]) { wakes.withLock { $0 += 1 } }
        waiters.highWatermarkAdvanced(topic: "t", partition: 1)
        waiters.highWatermarkAdvanced(topic: "t", partition: 0)
        #expect(wakes.withLock { $0 } == 1)
        #expect(waiters.remove(id) == false, "the wake-up already removed it, so a deadline must not answer twice")
    }

    @Test("data on another partition leaves the waiter parked")
    func otherPartitionIgnored() {
        let waiters = FetchWaiters()
        let wakes = Mutex(0)
        let id = waiters.register(keys: [key]) { wakes.withLock { $0 += 1 } }
        waiters.highWatermarkAdvanced(topic: "other", partition: 0)
        #expect(wakes.withLock { $0 } == 0)
        #expect(waiters.remove(id))
    }

    @Test("removing first means the data no longer wakes it")
    func removedWaiterStaysQuiet() {
        let waiters = FetchWaiters()
        let wakes = Mutex(0)
        let id = waiters.register(keys: [key]) { wakes.withLock { $0 += 1 } }
        #expect(waiters.remove(id))
        waiters.highWatermarkAdvanced(topic: "t", partition: 0)
        #expect(wakes.withLock { $0 } == 0)
    }

    @Test("shutdown wakes every parked fetch")
    func cancelAllWakesEveryone() {
        let waiters = FetchWaiters()
        let wakes = Mutex(0)
        for partition in 0..<5 {
            _ = waiters.register(keys: [.init(topic: "t", partition: Int32(partition))]) { wakes.withLock { $0 += 1 } }
        }
        waiters.cancelAll()
        waiters.highWatermarkAdvanced(topic: "t", partition: 0)
        #expect(wakes.withLock { $0 } == 5)
    }
}
