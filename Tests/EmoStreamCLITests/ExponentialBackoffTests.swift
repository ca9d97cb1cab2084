import EmoStreamCLI
import Testing

@Suite struct ExponentialBackoffTests {
    @Test(arguments: [(1, 500), (2, 1000), (3, 2000), (6, 16_000), (7, 30_000), (50, 30_000)])
    func doublesUpToTheMaximum(attempt: Int, milliseconds: Int) {
        let backoff = ExponentialBackoff(initial: .milliseconds(500), maximum: .seconds(30))
        #expect(backoff.delay(attempt: attempt) == .milliseconds(milliseconds))
    }

    @Test func jitterStaysBetweenHalfAndFull() {
        let backoff = ExponentialBackoff(initial: .seconds(1), maximum: .seconds(8))
        #expect(backoff.delay(attempt: 2, jitter: 0.75) == .milliseconds(1500))
        #expect(backoff.delay(attempt: 2, jitter: 0) == .seconds(1))
        #expect(backoff.delay(attempt: 2, jitter: 7) == .seconds(2))
    }
}
