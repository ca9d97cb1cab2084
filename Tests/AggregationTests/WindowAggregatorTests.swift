import Aggregation
import Testing

/// The window state machine with plain values: 1 s windows, 200 ms allowed lateness, 1 s idle timeout.
@Suite("WindowAggregator")
struct WindowAggregatorTests {
    /// Wall-clock time for ticks that must not trigger idleness: every partition delivered since the last tick.
    static let now: Int64 = 1_000_000

    @Test func timestampsAtTheEndOfAWindowBelongToTheNextOne() {
        var aggregator = Self.aggregator()
        aggregator.feed(partition: 0, offset: 0, room: "a", emoji: "❤️", timestamp: 0)
        aggregator.feed(partition: 0, offset: 1, room: "a", emoji: "❤️", timestamp: 999)
        aggregator.feed(partition: 0, offset: 2, room: "a", emoji: "😂", timestamp: 1_000)
        #expect(aggregator.tick(now: Self.now).windows.isEmpty)

        aggregator.feed(partition: 0, offset: 3, room: "a", emoji: "😂", timestamp: 1_200)
        let closed = aggregator.tick(now: Self.now).windows
        #expect(closed == [ClosedWindow(room: "a", seq: 0, windowStart: 0, windowEnd: 1_000, counts: ["❤️": 2], scale: 1_000)])
        #expect(aggregator.openWindowCount == 1)
    }

    @Test func aWindowClosesOnlyWhenTheWatermarkReachesItsEnd() {
        var aggregator = Self.aggregator()
        aggregator.feed(partition: 0, offset: 0, room: "a", emoji: "❤️", timestamp: 500)
        aggregator.feed(partition: 0, offset: 1, room: "a", emoji: "❤️", timestamp: 1_199)
        #expect(aggregator.globalWatermark == 999)
        #expect(aggregator.tick(now: Self.now).windows.isEmpty)
        aggregator.feed(partition: 0, offset: 2, room: "a", emoji: "❤️", timestamp: 1_200)
        #expect(aggregator.tick(now: Self.now).windows.map(\.seq) == [0])
    }

    @Test func aRecordWithinTheAllowedLatenessIsCounted() {
        var aggregator = Self.aggregator()
        aggregator.feed(partition: 0, offset: 0, room: "a", emoji: "❤️", timestamp: 1_100)
        let outcome = aggregator.recordReceived(partition: 0, offset: 1, room: "a", emoji: "❤️", timestamp: 950)
        #expect(outcome == .counted)
        aggregator.feed(partition: 0, offset: 2, room: "a", emoji: "❤️", timestamp: 1_300)
        #expect(aggregator.tick(now: Self.now).windows.first?.counts == ["❤️": 1])
    }

    @Test func aRecordBeyondTheAllowedLatenessIsDroppedAndNeverChangesAnEmittedWindow() {
        var aggregator = Self.aggregator()
        aggregator.feed(partition: 0, offset: 0, room: "a", emoji: "❤️", timestamp: 900)
        aggregator.feed(partition: 0, offset: 1, room: "a", emoji: "❤️", timestamp: 1_250)
        let emitted = aggregator.tick(now: Self.now).windows
        #expect(emitted.map(\.counts) == [["❤️": 1]])

        let outcome = aggregator.recordReceived(partition: 0, offset: 2, room: "a", emoji: "❤️", timestamp: 990)
        #expect(outcome == .late)
        aggregator.feed(partition: 0, offset: 3, room: "a", emoji: "❤️", timestamp: 5_000)
        let later = aggregator.tick(now: Self.now).windows
        #expect(later.map(\.seq) == [1])
        #expect(later.allSatisfy { $0.seq != 0 })
    }

    @Test func severalRoomsAreCountedApartAndClosedInOrder() {
        var aggregator = Self.aggregator()
        aggregator.feed(partition: 0, offset: 0, room: "b", emoji: "😂", timestamp: 100)
        aggregator.feed(partition: 0, offset: 1, room: "a", emoji: "❤️", timestamp: 200)
        aggregator.feed(partition: 0, offset: 2, room: "a", emoji: "❤️", timestamp: 300)
        aggregator.feed(partition: 0, offset: 3, room: "b", emoji: "😂", timestamp: 1_100)
        aggregator.feed(partition: 0, offset: 4, room: "c", emoji: "🎉", timestamp: 2_300)
        let closed = aggregator.tick(now: Self.now).windows
        #expect(closed.map(\.key) == [
            WindowKey(room: "a", windowStart: 0), WindowKey(room: "b", windowStart: 0),
            WindowKey(room: "b", windowStart: 1_000),
        ])
        #expect(closed.map(\.total) == [2, 1, 1])
    }

    @Test func theSlowestPartitionHoldsEveryWindowBack() {
        var aggregator = Self.aggregator()
        aggregator.feed(partition: 0, offset: 0, room: "a", emoji: "❤️", timestamp: 100)
        aggregator.feed(partition: 0, offset: 1, room: "a", emoji: "❤️", timestamp: 3_000)
        aggregator.feed(partition: 1, offset: 0, room: "b", emoji: "😂", timestamp: 500)
        #expect(aggregator.globalWatermark == 300)
        #expect(aggregator.tick(now: Self.now).windows.isEmpty)

        aggregator.feed(partition: 0, offset: 2, room: "a", emoji: "❤️", timestamp: 3_001)
        aggregator.feed(partition: 1, offset: 1, room: "b", emoji: "😂", timestamp: 1_300)
        #expect(aggregator.tick(now: Self.now).windows.map(\.room) == ["a", "b"])
    }

    @Test func anIdlePartitionFollowsTheWallClock() {
        var aggregator = Self.aggregator()
        aggregator.feed(partition: 0, offset: 0, room: "quiet", emoji: "❤️", timestamp: 500)
        aggregator.feed(partition: 1, offset: 0, room: "busy", emoji: "😂", timestamp: 10_000)
        #expect(aggregator.tick(now: 10_000).windows.isEmpty)

        aggregator.partitionsReadToEnd([0])
        // Partition 1 keeps delivering; partition 0 has been silent for just under the idle timeout.
        aggregator.feed(partition: 1, offset: 1, room: "busy", emoji: "😂", timestamp: 10_999)
        #expect(aggregator.tick(now: 10_999).windows.isEmpty)

        aggregator.feed(partition: 1, offset: 2, room: "busy", emoji: "😂", timestamp: 11_000)
        let closed = aggregator.tick(now: 11_000).windows
        #expect(closed.map(\.key) == [WindowKey(room: "quiet", windowStart: 0)])
    }

    @Test func whenEveryPartitionIsIdleTheLastWindowsCloseByTheClock() {
        var aggregator = Self.aggregator()
        aggregator.feed(partition: 0, offset: 0, room: "a", emoji: "❤️", timestamp: 10_500)
        aggregator.partitionsReadToEnd([0])
        #expect(aggregator.tick(now: 10_600).windows.isEmpty)
        #expect(aggregator.tick(now: 11_599).windows.isEmpty)
        // Idle since 10_600: the watermark becomes 11_600 − 200, past the window's end at 11_000.
        #expect(aggregator.tick(now: 11_600).windows.map(\.seq) == [10])
    }

    @Test func aSilentPartitionNotReadToItsEndNeverFollowsTheClock() {
        var aggregator = Self.aggregator()
        aggregator.feed(partition: 0, offset: 0, room: "a", emoji: "❤️", timestamp: 10_500)
        #expect(aggregator.tick(now: 10_600).windows.isEmpty)
        #expect(aggregator.tick(now: 30_000).windows.isEmpty)
        aggregator.partitionsReadToEnd([0])
        #expect(aggregator.tick(now: 30_100).windows.map(\.seq) == [10])
    }

    @Test func aPartitionThatLeftTheReadToEndSetStopsFollowingTheClock() {
        var aggregator = Self.aggregator()
        aggregator.feed(partition: 0, offset: 0, room: "a", emoji: "❤️", timestamp: 10_500)
        aggregator.partitionsReadToEnd([0])
        _ = aggregator.tick(now: 10_600)
        // The consumer handed out a new record (so the partition left its set) that is not fed yet: the
        // silence is no longer idleness, and the clock must not close window 10 under that record.
        aggregator.partitionsReadToEnd([])
        #expect(aggregator.tick(now: 11_600).windows.isEmpty)
        aggregator.feed(partition: 0, offset: 1, room: "a", emoji: "❤️", timestamp: 10_900)
        #expect(aggregator.tick(now: 11_700).windows.isEmpty)
    }

    @Test func aRecordAfterAQuietSpellIsCountedEvenWhenTheClockPassedItsWindow() {
        var aggregator = Self.aggregator()
        aggregator.feed(partition: 0, offset: 0, room: "a", emoji: "❤️", timestamp: 10_500)
        aggregator.partitionsReadToEnd([0])
        _ = aggregator.tick(now: 10_600)
        #expect(aggregator.tick(now: 11_600).windows.map(\.seq) == [10])
        #expect(aggregator.tick(now: 14_000).windows.isEmpty)
        // Stamped at 12_950 but read at 14_000 (a 1 s hiccup): the clock floor (13_800) passed its window's end,
        // yet room b never emitted seq 12, so it is counted, and emitted at the next tick.
        // Room a already emitted seq 10: a straggler for it never changes what was published.
        #expect(aggregator.recordReceived(partition: 0, offset: 1, room: "a", emoji: "❤️", timestamp: 10_900) == .alreadyEmitted)
        #expect(aggregator.recordReceived(partition: 0, offset: 2, room: "b", emoji: "😂", timestamp: 12_950) == .counted)
        aggregator.partitionsReadToEnd([0])
        let closed = aggregator.tick(now: 15_000).windows
        #expect(closed.map(\.key) == [WindowKey(room: "b", windowStart: 12_000)])
        #expect(closed.map(\.total) == [1])
    }

    @Test func anAssignedPartitionThatNeverDeliversHoldsBackOnlyUntilItIsIdle() {
        var aggregator = Self.aggregator()
        aggregator.partitionsAssigned([0, 1], now: 10_000)
        aggregator.partitionsReadToEnd([1])
        aggregator.feed(partition: 0, offset: 0, room: "a", emoji: "❤️", timestamp: 9_000)
        aggregator.feed(partition: 0, offset: 1, room: "a", emoji: "❤️", timestamp: 10_500)
        #expect(aggregator.tick(now: 10_500).windows.isEmpty)
        aggregator.feed(partition: 0, offset: 2, room: "a", emoji: "❤️", timestamp: 11_000)
        #expect(aggregator.tick(now: 11_000).windows.map(\.seq) == [9])
    }

    @Test func roomsWithoutRecordsInAWindowEmitNothingForIt() {
        var aggregator = Self.aggregator()
        aggregator.feed(partition: 0, offset: 0, room: "a", emoji: "❤️", timestamp: 100)
        aggregator.feed(partition: 0, offset: 1, room: "a", emoji: "❤️", timestamp: 3_100)
        aggregator.feed(partition: 0, offset: 2, room: "b", emoji: "❤️", timestamp: 9_000)
        let closed = aggregator.tick(now: Self.now).windows
        #expect(closed.map(\.seq) == [0, 3])
        #expect(closed.allSatisfy { $0.total > 0 && $0.counts.values.allSatisfy { $0 > 0 } })
    }

    @Test(arguments: [
        (count: 1, scale: 1_000, shown: 1), (count: 999, scale: 1_000, shown: 1), (count: 1_000, scale: 1_000, shown: 1),
        (count: 1_001, scale: 1_000, shown: 2), (count: 3_785, scale: 1_000, shown: 4), (count: 0, scale: 1_000, shown: 0),
        (count: 7, scale: 1, shown: 7), (count: 10, scale: 3, shown: 4),
    ])
    func scalingRoundsUp(count: Int, scale: Int, shown: Int) {
        #expect(WindowAggregator.scaled(count: count, scale: scale) == shown)
    }

    @Test func closedWindowsCarryExactAndScaledCounts() {
        var aggregator = Self.aggregator()
        for offset in 0..<3_785 {
            aggregator.feed(partition: 0, offset: Int64(offset), room: "a", emoji: "❤️", timestamp: 100)
        }
        for offset in 3_785..<3_795 {
            aggregator.feed(partition: 0, offset: Int64(offset), room: "a", emoji: "😂", timestamp: 200)
        }
        aggregator.feed(partition: 0, offset: 3_795, room: "b", emoji: "👍", timestamp: 1_500)
        let window = aggregator.tick(now: Self.now).windows.first
        #expect(window?.counts == ["❤️": 3_785, "😂": 10])
        #expect(window?.scaled == ["❤️": 4, "😂": 1])
        #expect(window?.total == 3_795)
    }

    static func aggregator() -> WindowAggregator {
        var configuration = WindowConfiguration()
        configuration.windowMilliseconds = 1_000
        configuration.allowedLatenessMilliseconds = 200
        configuration.idleTimeoutMilliseconds = 1_000
        return WindowAggregator(configuration: configuration)
    }
}

extension WindowAggregator {
    /// Feeds a record that must be counted.
    mutating func feed(partition: Int32, offset: Int64, room: String, emoji: String, timestamp: Int64) {
        let outcome = recordReceived(partition: partition, offset: offset, room: room, emoji: emoji, timestamp: timestamp)
        #expect(outcome == .counted, "record at \(partition)/\(offset) was \(outcome)")
    }
}
