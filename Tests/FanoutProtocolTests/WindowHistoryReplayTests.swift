import FanoutProtocol
import Testing

/// What a reconnecting peer gets back, and whether it is told the truth about gaps.
@Suite struct WindowHistoryReplayTests {
    @Test func replaysExactlyTheWindowsAfterLastSeqMarkedReplayed() {
        let held = history(windows("a", [1, 2, 3, 4]))
        let replay = held.replay(after: 2, room: "a")
        #expect(replay.windows.map(\.seq) == [3, 4])
        #expect(replay.windows.map(\.replayed) == [true, true])
        #expect(replay.complete)
    }

    @Test func nothingMissedIsComplete() {
        let held = history(windows("a", [1, 2]))
        #expect(held.replay(after: 2, room: "a").windows.isEmpty)
        #expect(held.replay(after: 2, room: "a").complete)
        #expect(held.replay(after: 50, room: "a").complete)
    }

    @Test func negativeLastSeqAsksForNothing() {
        let held = history(windows("a", [1, 2]))
        let replay = held.replay(after: FanoutFrame.RoomPosition.noneSeen, room: "a")
        #expect(replay.windows.isEmpty)
        #expect(replay.complete)
    }

    @Test func evictedWindowsMakeTheReplayIncomplete() {
        let held = history(perRoom: 2, windows("a", [1, 2, 3, 4]))
        let replay = held.replay(after: 1, room: "a")
        #expect(replay.windows.map(\.seq) == [3, 4])
        #expect(replay.complete == false)
        // Seq 2 was the last one dropped: a peer that saw it misses nothing.
        #expect(held.replay(after: 2, room: "a").complete)
    }

    @Test func expiredWindowsMakeTheReplayIncomplete() {
        let held = history(maxAge: .seconds(10), windows("a", Array(1...10)))
        #expect(held.replay(after: 4, room: "a").complete == false)
        #expect(held.replay(after: 5, room: "a").complete)
        #expect(held.replay(after: 5, room: "a").windows.map(\.seq) == [6, 7, 8, 9, 10])
    }

    @Test func gapsInSeqsAreNotMissingWindows() {
        // The aggregator's seq is the window start over the window length: an idle room skips seqs.
        let held = history(windows("a", [100, 150, 151]))
        let replay = held.replay(after: 120, room: "a")
        #expect(replay.windows.map(\.seq) == [150, 151])
        #expect(replay.complete)
    }

    @Test func historyStartingAfterLastSeqIsIncomplete() {
        // A restarted server first saw seq 150; a peer at seq 100 may have missed windows between.
        let held = history(windows("a", [150, 151]))
        #expect(held.replay(after: 100, room: "a").complete == false)
        #expect(held.replay(after: 100, room: "a").windows.map(\.seq) == [150, 151])
        #expect(held.replay(after: 149, room: "a").complete)
    }

    @Test func aRoomNeverSeenCannotBeRecovered() {
        let held = history(windows("a", [1]))
        #expect(held.replay(after: 3, room: "b").windows.isEmpty)
        #expect(held.replay(after: 3, room: "b").complete == false)
    }

    @Test func markIncompleteCoversEverythingHeldSoFar() {
        var held = history(windows("a", [1, 2, 3]))
        held.markIncomplete()
        held.append(windows("a", [4])[0])
        #expect(held.replay(after: 2, room: "a").complete == false)
        #expect(held.replay(after: 3, room: "a").complete)
        #expect(held.replay(after: 3, room: "a").windows.map(\.seq) == [4])
    }

    @Test func positionsReplayInRequestOrderAndReportRecovery() {
        let held = history(windows("b", [1, 2]), windows("a", [5, 6]))
        let replay = held.replay(for: [.init(room: "b", lastSeq: 1), .init(room: "a", lastSeq: 4)])
        #expect(replay.windows.map { "\($0.room)\($0.seq)" } == ["b2", "a5", "a6"])
        #expect(replay.recovery == .complete)
    }

    @Test func positionsWithoutLastSeqRequestNothing() {
        let held = history(windows("a", [1, 2]))
        let replay = held.replay(for: [.init(room: "a"), .init(room: "z")])
        #expect(replay.windows.isEmpty)
        #expect(replay.recovery == .notRequested)
        #expect(held.replay(for: []).recovery == .notRequested)
    }

    @Test func oneIncompleteRoomMakesTheRecoveryIncomplete() {
        let held = history(perRoom: 1, windows("a", [1, 2]), windows("b", [1]))
        let replay = held.replay(for: [.init(room: "a", lastSeq: 0), .init(room: "b", lastSeq: 0), .init(room: "c")])
        #expect(replay.windows.map { "\($0.room)\($0.seq)" } == ["a2", "b1"])
        #expect(replay.recovery == .incomplete)
    }

    @Test func allRoomsStandsForEveryUnlistedRoomInNameOrder() {
        let held = history(windows("c", [3]), windows("a", [1, 2]), windows("b", [7]))
        let replay = held.replay(for: [.init(room: "b", lastSeq: 7), .init(room: "*", lastSeq: 1)])
        #expect(replay.windows.map { "\($0.room)\($0.seq)" } == ["a2", "c3"])
        #expect(replay.recovery == .incomplete, "room c began at seq 3, after the requested seq 1")
    }

    @Test func allRoomsFromSeqZeroIsReplayedButNotJudged() {
        let held = history(windows("a", [5, 6]), windows("b", [7, 9]))
        let replay = held.replay(for: [.init(room: "b", lastSeq: 7), .init(room: "*", lastSeq: 0)])
        #expect(replay.windows.map { "\($0.room)\($0.seq)" } == ["b9", "a5", "a6"])
        #expect(replay.recovery == .complete, "room a began at seq 5, but the asker knows nothing of it; b skipped 8")
        let namedGap = held.replay(for: [.init(room: "b", lastSeq: 2), .init(room: "*", lastSeq: 0)])
        #expect(namedGap.recovery == .incomplete, "room b began at seq 7, after the requested seq 2")
    }

    @Test func allRoomsWithoutLastSeqRequestsOnlyTheNamedRooms() {
        let held = history(windows("a", [1, 2]), windows("b", [1, 2]))
        let replay = held.replay(for: [.init(room: "a", lastSeq: 1), .init(room: "*")])
        #expect(replay.windows.map { "\($0.room)\($0.seq)" } == ["a2"])
        #expect(replay.recovery == .complete)
    }

    @Test func aRoomListedTwiceIsReplayedOnce() {
        let held = history(windows("a", [1, 2]))
        let replay = held.replay(for: [.init(room: "a", lastSeq: 0), .init(room: "a", lastSeq: 0)])
        #expect(replay.windows.map(\.seq) == [1, 2])
    }
}
