import Aggregation
import Testing

/// The restart guarantee as a property: crash anywhere, resume from the committed offsets, and the windows
/// emitted across both runs are exactly those of a run that never crashed.
@Suite("WindowAggregator restart replay")
struct ReplayTests {
    @Test(arguments: 1...24)
    func aRestartFromCommittedOffsetsEmitsTheSameWindows(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let log = InputLog.random(using: &random)
        let reference = Run.through(log, from: [:], using: &random, tickEvery: 7, stopAfter: nil)
        let crashAfter = Int.random(in: 1..<log.count, using: &random)
        let crashed = Run.through(log, from: [:], using: &random, tickEvery: 5, stopAfter: crashAfter)
        let restarted = Run.through(log, from: crashed.commits, using: &random, tickEvery: 11, stopAfter: nil)

        for (key, window) in crashed.windows {
            if let again = restarted.windows[key] { #expect(again == window, "\(key) emitted with other contents") }
        }
        let union = crashed.windows.merging(restarted.windows) { first, _ in first }
        #expect(union == reference.windows)
        #expect(reference.windows.values.map(\.total).reduce(0, +) == reference.counted)
    }
}
