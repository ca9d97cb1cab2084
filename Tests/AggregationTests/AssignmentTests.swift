import Aggregation
import Testing

/// What the aggregator does when the consumer group moves partitions between instances.
@Suite("Partition assignment")
struct AssignmentTests {
    @Test func aPartitionMovedAwayLeavesItsRoomsToTheNewOwner() {
        var aggregator = WindowAggregatorTests.aggregator()
        aggregator.feed(partition: 0, offset: 0, room: "a", emoji: "❤️", timestamp: 100)
        aggregator.feed(partition: 1, offset: 0, room: "b", emoji: "😂", timestamp: 100)
        aggregator.assignmentObserved([0], now: WindowAggregatorTests.now)
        aggregator.feed(partition: 0, offset: 1, room: "a", emoji: "❤️", timestamp: 1_500)

        // Room b's window is not closed here with a partial count: partition 1's new owner counts it in full.
        let closed = aggregator.tick(now: WindowAggregatorTests.now).windows
        #expect(closed.map(\.room) == ["a"])
        #expect(aggregator.committableOffsets().keys.sorted() == [0])
    }

    @Test func aNewlyOwnedPartitionHoldsTheWatermarkUntilItDeliversOrIsIdle() {
        var aggregator = WindowAggregatorTests.aggregator()
        aggregator.feed(partition: 0, offset: 0, room: "a", emoji: "❤️", timestamp: 10_100)
        aggregator.assignmentObserved([0, 1], now: 10_200)
        aggregator.feed(partition: 0, offset: 1, room: "a", emoji: "❤️", timestamp: 11_500)
        #expect(aggregator.tick(now: 10_300).windows.isEmpty)
        aggregator.partitionsReadToEnd([1])
        // Idle since 10_200 with a 1 s timeout: partition 1's watermark becomes 11_200 − 200 = 11_000.
        #expect(aggregator.tick(now: 11_200).windows.map(\.seq) == [10])
    }

    @Test func aNewlyOwnedPartitionStillBeingFetchedIsNotIdleHoweverLongItIsSilent() {
        var aggregator = WindowAggregatorTests.aggregator()
        aggregator.assignmentObserved([0], now: 20_000)
        // A slow first fetch after a rebalance: seconds without a record, but no end-of-partition report either.
        #expect(aggregator.tick(now: 25_000).windows.isEmpty)
        #expect(aggregator.globalWatermark == nil)
        // The backlog then arrives, old as it is, and is counted in full rather than dropped as late.
        for offset in Int64(0)..<5 {
            #expect(aggregator.recordReceived(partition: 0, offset: offset, room: "a", emoji: "❤️", timestamp: 12_100 + offset) == .counted)
        }
        aggregator.feed(partition: 0, offset: 5, room: "a", emoji: "❤️", timestamp: 13_500)
        aggregator.partitionsReadToEnd([0])
        #expect(aggregator.tick(now: 25_100).windows.map(\.total) == [5])
        #expect(aggregator.tick(now: 26_100).windows.map(\.total) == [1])
    }

    @Test func aPartitionThatComesBackIsCountedAfreshFromWhereItIsReadAgain() {
        var aggregator = WindowAggregatorTests.aggregator()
        aggregator.assignmentObserved([0], now: WindowAggregatorTests.now)
        aggregator.feed(partition: 0, offset: 0, room: "a", emoji: "❤️", timestamp: 100)
        aggregator.feed(partition: 0, offset: 1, room: "a", emoji: "❤️", timestamp: 200)
        aggregator.assignmentObserved([], now: WindowAggregatorTests.now)
        aggregator.assignmentObserved([0], now: WindowAggregatorTests.now)
        // Re-read from the committed offset (0): each record counts once, not on top of the forgotten share.
        aggregator.feed(partition: 0, offset: 0, room: "a", emoji: "❤️", timestamp: 100)
        aggregator.feed(partition: 0, offset: 1, room: "a", emoji: "❤️", timestamp: 200)
        aggregator.feed(partition: 0, offset: 2, room: "a", emoji: "😂", timestamp: 1_500)
        #expect(aggregator.tick(now: WindowAggregatorTests.now).windows.map(\.counts) == [["❤️": 2]])
    }

    @Test func observingTheSameAssignmentAgainChangesNothing() {
        var aggregator = WindowAggregatorTests.aggregator()
        aggregator.assignmentObserved([0], now: WindowAggregatorTests.now)
        aggregator.feed(partition: 0, offset: 0, room: "a", emoji: "❤️", timestamp: 100)
        aggregator.assignmentObserved([0], now: WindowAggregatorTests.now)
        aggregator.feed(partition: 0, offset: 1, room: "a", emoji: "❤️", timestamp: 1_500)
        #expect(aggregator.tick(now: WindowAggregatorTests.now).windows.map(\.counts) == [["❤️": 1]])
    }
}
