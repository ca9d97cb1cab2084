import EmoStreamCLI
import Testing

@Suite struct SendPacerTests {
    @Test(arguments: [
        (rate: 4.0, index: 0, expected: Duration.zero),
        (rate: 4.0, index: 1, expected: .milliseconds(250)),
        (rate: 4.0, index: 10, expected: .milliseconds(2500)),
        (rate: 1000.0, index: 3785, expected: .milliseconds(3785)),
        (rate: 0.5, index: 3, expected: .seconds(6)),
    ])
    func emojiIsDueAtIndexOverRate(rate: Double, index: Int, expected: Duration) {
        #expect(SendPacer(rate: rate).dueOffset(ofEmojiAt: index) == expected)
    }

    @Test func withoutRateEverythingIsDueAtOnce() {
        let pacer = SendPacer(rate: nil)
        #expect(pacer.dueOffset(ofEmojiAt: 1_000_000) == .zero)
        #expect(pacer.delay(beforeEmojiAt: 50, elapsed: .zero) == .zero)
    }

    @Test func delayIsWhatRemainsUntilDueAndNeverNegative() {
        let pacer = SendPacer(rate: 10)
        #expect(pacer.delay(beforeEmojiAt: 5, elapsed: .milliseconds(200)) == .milliseconds(300))
        #expect(pacer.delay(beforeEmojiAt: 5, elapsed: .milliseconds(500)) == .zero)
        // Running late does not shift later emoji: index 6 is still due at 600 ms.
        #expect(pacer.delay(beforeEmojiAt: 6, elapsed: .milliseconds(550)) == .milliseconds(50))
    }

    @Test(arguments: [
        (count: 1, batchSize: 1, ranges: [0..<1]),
        (count: 5, batchSize: 2, ranges: [0..<2, 2..<4, 4..<5]),
        (count: 6, batchSize: 3, ranges: [0..<3, 3..<6]),
        (count: 3, batchSize: 100, ranges: [0..<3]),
    ])
    func batchesCoverEveryEmojiOnce(count: Int, batchSize: Int, ranges: [Range<Int>]) {
        let batches = SendBatches(count: count, batchSize: batchSize)
        #expect(Array(batches) == ranges)
        #expect(batches.requestCount == ranges.count)
    }
}
