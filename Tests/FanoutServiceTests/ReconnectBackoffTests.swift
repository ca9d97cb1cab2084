@testable import Subscriber
import Testing

@Suite("Reconnect backoff")
struct ReconnectBackoffTests {
    @Test func delaysDoubleUpToTheCeilingWithJitterAndResetAfterSuccess() {
        var backoff = ReconnectBackoff(initialMs: 100, maximumMs: 1_000)
        var generator = SystemRandomNumberGenerator()
        for ceiling in [100, 200, 400, 800, 1_000, 1_000] {
            let delay = backoff.nextDelay(using: &generator)
            #expect(delay >= .milliseconds(ceiling / 2) && delay <= .milliseconds(ceiling), "ceiling \(ceiling)")
        }
        backoff.reset()
        #expect(backoff.currentCeilingMs == 100)
    }

    @Test func manyFailuresNeverOverflow() {
        var backoff = ReconnectBackoff(initialMs: 50, maximumMs: 5_000)
        for _ in 0..<200 { _ = backoff.nextDelay() }
        #expect(backoff.currentCeilingMs == 5_000)
    }
}
