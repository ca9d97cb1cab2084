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
        // Idle since 10_200 with a 1 s timeout: partition 1's watermark becomes 11_200 − 200 = 11_000.
        #expect(aggregator.tick(now: 11_200).windows.map(\.seq) == [10])
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
