import Synchronization
import Testing

@testable import LogStorage

@Suite("Observer slot")
struct ObserverSlotTests {
    @Test func notifyCallsTheLatestObserverAndNothingBeforeOne() {
        let slot = ObserverSlot<Int>()
        slot.notify(1)  // nothing installed: a no-op
        let seen = Mutex<[String]>([])
        slot.install { value in seen.withLock { $0.append("first \(value)") } }
        slot.notify(2)
        slot.install { value in seen.withLock { $0.append("second \(value)") } }
        slot.notify(3)
        #expect(seen.withLock { $0 } == ["first 2", "second 3"])
    }

    /// A closure kept directly in a `Mutex` gained two thunks per access, so every call ran two frames deeper
    /// than the one before. The observer's own frame must sit at the same stack address on every call.
    @Test func callingTheObserverDoesNotDeepenTheStack() {
        let slot = ObserverSlot<Int>()
        let frameAddresses = Mutex<Set<UInt>>([])
        slot.install { value in
            var local = value
            let address = withUnsafeMutablePointer(to: &local) { UInt(bitPattern: $0) }
            frameAddresses.withLock { _ = $0.insert(address) }
        }
        for value in 0..<200 { slot.notify(value) }
        #expect(frameAddresses.withLock { $0.count } == 1)
    }
}
