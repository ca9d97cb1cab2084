import FanoutProtocol
import Testing

/// Windows of `room` with the given seqs, 2 s long, seq n covering [n·2000, (n+1)·2000) like the aggregator's.
func windows(_ room: String, _ seqs: [Int64]) -> [FanoutFrame.Window] {
    seqs.map { seq in
        .init(
            room: room, seq: seq, windowStart: seq * 2000, windowEnd: (seq + 1) * 2000, total: UInt64(seq),
            entries: [.init(emoji: "👍", count: UInt64(seq), scaled: 1)]
        )
    }
}

func history(maxAge: Duration = .seconds(60), perRoom: Int = 600, _ windows: [FanoutFrame.Window]...) -> WindowHistory {
    var history = WindowHistory(maxAge: maxAge, maxWindowsPerRoom: perRoom)
    for window in windows.joined() {
        history.append(window)
    }
    return history
}

@Suite struct WindowHistoryTests {
    @Test func appendKeepsEachRoomInSeqOrder() {
        let held = history(windows("a", [1, 2, 3]), windows("b", [10]))
        #expect(held.windows(room: "a").map(\.seq) == [1, 2, 3])
        #expect(held.windows(room: "b").map(\.seq) == [10])
        #expect(held.windows(room: "c").isEmpty)
        #expect(held.count == 4)
        #expect(held.roomNames == ["a", "b"])
        #expect(held.newestSeq(room: "a") == 3)
        #expect(held.newestSeq(room: "c") == nil)
    }

    @Test func duplicatesAndOlderSeqsAreRefused() {
        var held = history(windows("a", [5, 6]))
        #expect(held.append(windows("a", [6])[0]) == false)
        #expect(held.append(windows("a", [4])[0]) == false)
        #expect(held.append(windows("a", [8])[0]) == true)
        // Another room's seqs are independent.
        #expect(held.append(windows("b", [6])[0]) == true)
        #expect(held.windows(room: "a").map(\.seq) == [5, 6, 8])
    }

    @Test func storedWindowsAreNotMarkedReplayed() {
        var window = windows("a", [1])[0]
        window.replayed = true
        var held = WindowHistory()
        held.append(window)
        #expect(held.windows(room: "a").map(\.replayed) == [false])
    }

    @Test func perRoomLimitDropsTheOldest() {
        let held = history(perRoom: 3, windows("a", [1, 2, 3, 4, 5]), windows("b", [1]))
        #expect(held.windows(room: "a").map(\.seq) == [3, 4, 5])
        #expect(held.windows(room: "b").map(\.seq) == [1])
        #expect(held.count == 4)
    }

    @Test func windowsOlderThanMaxAgeOfTheNewestEndAreDropped() {
        // Seq n ends at (n+1)·2 s; with a 10 s age the newest end 22 s keeps ends above 12 s: seqs 6...10.
        let held = history(maxAge: .seconds(10), windows("a", Array(1...10)))
        #expect(held.windows(room: "a").map(\.seq) == [6, 7, 8, 9, 10])
        #expect(held.count == 5)
    }

    @Test func anotherRoomsProgressExpiresAQuietRoom() {
        let held = history(maxAge: .seconds(10), windows("quiet", [1, 2]), windows("busy", Array(3...20)))
        #expect(held.windows(room: "quiet").isEmpty)
        #expect(held.newestSeq(room: "quiet") == 2)
        #expect(held.roomNames == ["busy", "quiet"])
        #expect(held.count == held.windows(room: "busy").count)
    }

    @Test func aQuietRoomsNewestSeqStillRefusesDuplicatesAfterExpiry() {
        var held = history(maxAge: .seconds(10), windows("quiet", [1, 2]), windows("busy", Array(3...20)))
        #expect(held.append(windows("quiet", [2])[0]) == false)
        #expect(held.append(windows("quiet", [21])[0]) == true)
    }

    @Test func aWindowEndingExactlyMaxAgeAgoIsDroppedButNotOneJustInside() {
        // Newest end 8 s: seq 2 ends at 6 s, exactly 2 s earlier.
        #expect(history(maxAge: .seconds(2), windows("a", [1, 2, 3])).windows(room: "a").map(\.seq) == [3])
        let justLonger = history(maxAge: .seconds(2) + .nanoseconds(1), windows("a", [1, 2, 3]))
        #expect(justLonger.windows(room: "a").map(\.seq) == [2, 3])
    }

    @Test func extremeWindowTimesDoNotOverflow() {
        let early = FanoutFrame.Window(room: "a", seq: 1, windowStart: .min, windowEnd: .min, total: 0, entries: [])
        let late = FanoutFrame.Window(room: "a", seq: 2, windowStart: .max, windowEnd: .max, total: 0, entries: [])
        let held = history(maxAge: .seconds(1), [early, late])
        #expect(held.windows(room: "a").map(\.seq) == [2])
    }
}
