import Aggregation
import Testing

/// Which offsets the state machine lets the service commit, and what a restart from them re-reads.
@Suite("WindowAggregator commits")
struct CommitOffsetTests {
    @Test func offsetsOfOpenAndUnacknowledgedWindowsAreNotCommitted() {
        var aggregator = WindowAggregatorTests.aggregator()
        aggregator.feed(partition: 0, offset: 0, room: "a", emoji: "❤️", timestamp: 100)
        aggregator.feed(partition: 0, offset: 1, room: "a", emoji: "❤️", timestamp: 1_100)
        aggregator.feed(partition: 0, offset: 2, room: "a", emoji: "❤️", timestamp: 1_300)
        let output = aggregator.tick(now: WindowAggregatorTests.now)
        #expect(output.windows.map(\.seq) == [0])
        // Window 0 is closed but not acknowledged: its first record is still needed.
        #expect(output.commits == [0: 0])

        aggregator.windowDelivered(output.windows[0].key)
        // Now only the open window 1, starting at offset 1, holds the partition back.
        #expect(aggregator.committableOffsets() == [0: 1])
    }

    @Test func eachPartitionCommitsOnItsOwn() {
        var aggregator = WindowAggregatorTests.aggregator()
        aggregator.feed(partition: 0, offset: 7, room: "a", emoji: "❤️", timestamp: 100)
        aggregator.feed(partition: 1, offset: 40, room: "b", emoji: "❤️", timestamp: 100)
        aggregator.feed(partition: 1, offset: 41, room: "b", emoji: "❤️", timestamp: 2_000)
        aggregator.feed(partition: 0, offset: 8, room: "a", emoji: "❤️", timestamp: 2_000)
        let output = aggregator.tick(now: WindowAggregatorTests.now)
        for window in output.windows { aggregator.windowDelivered(window.key) }
        #expect(aggregator.committableOffsets() == [0: 8, 1: 41])
    }

    @Test func aClosedWindowWithRecordsAfterTheCommitPointIsReReadWhole() {
        var aggregator = WindowAggregatorTests.aggregator()
        aggregator.feed(partition: 0, offset: 0, room: "a", emoji: "❤️", timestamp: 900)
        aggregator.feed(partition: 0, offset: 1, room: "a", emoji: "😂", timestamp: 1_000)
        // Out of order but within the allowed lateness: window 0 now has records on both sides of offset 1.
        aggregator.feed(partition: 0, offset: 2, room: "a", emoji: "❤️", timestamp: 950)
        aggregator.feed(partition: 0, offset: 3, room: "a", emoji: "😂", timestamp: 1_300)
        let output = aggregator.tick(now: WindowAggregatorTests.now)
        #expect(output.windows.map(\.total) == [2])
        aggregator.windowDelivered(output.windows[0].key)
        #expect(aggregator.committableOffsets() == [0: 0])
    }

    @Test func aRecordThatOnlyTiesTheLatestTimestampIsNoCommitPoint() {
        var aggregator = WindowAggregatorTests.aggregator()
        aggregator.feed(partition: 0, offset: 0, room: "a", emoji: "❤️", timestamp: 500)
        aggregator.feed(partition: 0, offset: 1, room: "b", emoji: "❤️", timestamp: 500)
        aggregator.feed(partition: 0, offset: 2, room: "a", emoji: "❤️", timestamp: 1_300)
        let output = aggregator.tick(now: WindowAggregatorTests.now)
        #expect(output.windows.map(\.key.room) == ["a", "b"])
        aggregator.windowDelivered(output.windows[0].key)
        // Room b's window still needs offset 1. Resuming at 1 would be exact too, but only a new greatest
        // timestamp marks a commit point, so the list stays one entry per millisecond however many records
        // share it; the commit falls back to 0.
        #expect(aggregator.committableOffsets() == [0: 0])
    }

    @Test func commitsLandOnlyOnRecordsNoEarlierRecordOutranks() {
        var aggregator = WindowAggregatorTests.aggregator()
        aggregator.feed(partition: 0, offset: 0, room: "a", emoji: "❤️", timestamp: 500)
        aggregator.feed(partition: 0, offset: 1, room: "a", emoji: "❤️", timestamp: 2_500)
        aggregator.feed(partition: 0, offset: 2, room: "b", emoji: "❤️", timestamp: 2_400)
        // Read to its end and idle long enough for every window to close by the clock.
        aggregator.partitionsReadToEnd([0])
        let windows = aggregator.tick(now: 10_000).windows + aggregator.tick(now: 11_000).windows
        #expect(windows.count == 3)
        #expect(aggregator.openWindowCount == 0)
        for window in windows { aggregator.windowDelivered(window.key) }
        // Nothing is open, yet resuming at 2 or 3 would forget that 2_500 was already seen, and a straggler
        // dropped as late here could be counted there.
        #expect(aggregator.committableOffsets() == [0: 1])
    }

    @Test func aRepositionedPartitionIsCountedAgainFromWhereItResumes() {
        var aggregator = WindowAggregatorTests.aggregator()
        for offset in Int64(0)..<3 {
            aggregator.feed(partition: 0, offset: offset, room: "a", emoji: "❤️", timestamp: 100 + offset)
        }
        // The group handed the partition back from its committed offset 0.
        for offset in Int64(0)..<3 {
            aggregator.feed(partition: 0, offset: offset, room: "a", emoji: "❤️", timestamp: 100 + offset)
        }
        aggregator.feed(partition: 0, offset: 3, room: "a", emoji: "❤️", timestamp: 1_500)
        #expect(aggregator.tick(now: WindowAggregatorTests.now).windows.map(\.total) == [3])
    }

    @Test func recordsOfAnEmittedWindowReadAgainAreNotEmittedTwice() {
        var aggregator = WindowAggregatorTests.aggregator()
        aggregator.feed(partition: 0, offset: 0, room: "a", emoji: "❤️", timestamp: 100)
        aggregator.feed(partition: 0, offset: 1, room: "a", emoji: "❤️", timestamp: 1_500)
        #expect(aggregator.tick(now: WindowAggregatorTests.now).windows.map(\.seq) == [0])
        let again = aggregator.recordReceived(partition: 0, offset: 0, room: "a", emoji: "❤️", timestamp: 100)
        #expect(again == .alreadyEmitted)
    }

    @Test func aRevokedPartitionTakesItsShareOfOpenWindowsAlong() {
        var aggregator = WindowAggregatorTests.aggregator()
        aggregator.feed(partition: 0, offset: 0, room: "a", emoji: "❤️", timestamp: 100)
        aggregator.feed(partition: 1, offset: 0, room: "a", emoji: "😂", timestamp: 100)
        aggregator.partitionsRevoked([1])
        aggregator.feed(partition: 0, offset: 1, room: "a", emoji: "❤️", timestamp: 1_500)
        let closed = aggregator.tick(now: WindowAggregatorTests.now).windows
        #expect(closed.map(\.counts) == [["❤️": 1]])
        #expect(aggregator.committableOffsets().keys.sorted() == [0])
    }
}
