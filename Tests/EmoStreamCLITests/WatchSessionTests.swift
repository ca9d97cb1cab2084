import EmoStreamCLI
import FanoutProtocol
import Testing

@Suite struct WatchSessionTests {
    static func window(_ room: String, _ seq: Int64) -> FanoutFrame.Window {
        FanoutFrame.Window(room: room, seq: seq, windowStart: 0, windowEnd: 2000, total: 1, entries: [.init(emoji: "😊", count: 1, scaled: 1)])
    }

    @Test func firstHelloClaimsTheStartSeqForEveryRoomOnce() {
        let session = WatchSession(rooms: ["a", "b", "a"], startSeq: 0)
        #expect(session.helloPositions == [.init(room: "a", lastSeq: 0), .init(room: "b", lastSeq: 0)])
        #expect(WatchSession(rooms: ["main"]).helloPositions == [.init(room: "main", lastSeq: -1)])
    }

    @Test func helloAfterWindowsResumesFromTheLastSeqPerRoom() {
        var session = WatchSession(rooms: ["a", "b"])
        _ = session.windowReceived(Self.window("a", 7))
        _ = session.windowReceived(Self.window("a", 8))
        _ = session.windowReceived(Self.window("b", 3))
        #expect(session.helloPositions == [.init(room: "a", lastSeq: 8), .init(room: "b", lastSeq: 3)])
    }

    @Test func replayOverlapIsSkippedAndOtherRoomsAreNotShown() {
        var session = WatchSession(rooms: ["a"])
        #expect(session.windowReceived(Self.window("a", 5)) == .show)
        #expect(session.windowReceived(Self.window("a", 5)) == .duplicate)
        #expect(session.windowReceived(Self.window("a", 4)) == .duplicate)
        #expect(session.windowReceived(Self.window("z", 9)) == .otherRoom)
        #expect(session.windowReceived(Self.window("a", 6)) == .show)
        #expect(session.windowsShown == 2)
    }

    @Test func finishesAfterTheLimitOfShownWindows() {
        var session = WatchSession(rooms: ["a"], limit: 2)
        _ = session.windowReceived(Self.window("a", 1))
        _ = session.windowReceived(Self.window("a", 1))
        #expect(!session.isFinished)
        _ = session.windowReceived(Self.window("a", 2))
        #expect(session.isFinished)
        #expect(!WatchSession(rooms: ["a"]).isFinished)
    }

    @Test(arguments: [
        (FanoutErrorCode.badToken, RefusalPolicy.reRegister),
        (.tokenExpired, .reRegister),
        (.tokenForAnotherClient, .reRegister),
        (.unknownClient, .reRegister),
        (.unsupportedVersion, .giveUp),
        (.notAllowed, .giveUp),
        (.shuttingDown, .reconnect),
        (.tooSlow, .reconnect),
        (.normalClosure, .reconnect),
        (FanoutErrorCode(rawValue: 999), .reconnect),
    ])
    func refusalPolicyPerCode(code: FanoutErrorCode, policy: RefusalPolicy) {
        #expect(RefusalPolicy(code: code) == policy)
    }
}
