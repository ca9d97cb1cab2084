import EmoStreamCLI
import FanoutProtocol
import Foundation
import Testing

@Suite struct WindowRendererTests {
    static let window = FanoutFrame.Window(
        room: "main", seq: 42, windowStart: 1_767_225_602_000, windowEnd: 1_767_225_604_000, total: 3795,
        entries: [.init(emoji: "😂", count: 10, scaled: 1), .init(emoji: "❤️", count: 3785, scaled: 4)]
    )
    let renderer = WindowRenderer(timeZone: TimeZone(identifier: "UTC")!)

    @Test func lineShowsTimeRoomSeqScaledEmojiAndCounts() {
        #expect(renderer.line(for: Self.window) == "00:00:02 main #42 ❤️❤️❤️❤️😂  ❤️ 3785  😂 10  total 3795")
    }

    @Test func replayedWindowsSaySo() {
        var window = Self.window
        window.replayed = true
        #expect(renderer.line(for: window).hasSuffix(" (replayed)"))
    }

    @Test func hugeWindowsDrawAtMostTheLimitAndCountTheRest() {
        let window = FanoutFrame.Window(
            room: "r", seq: 1, windowStart: 0, windowEnd: 2000, total: 100_000,
            entries: [.init(emoji: "🔥", count: 100_000, scaled: 100)]
        )
        let line = renderer.line(for: window)
        #expect(line.contains(String(repeating: "🔥", count: WindowRenderer.maxDrawnEmoji) + " +40 "))
        #expect(line.contains("🔥 100000"))
    }

    @Test func jsonLineIsOneLineOfTheWindowRecordWithReplayed() throws {
        let line = renderer.jsonLine(for: Self.window)
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["seq", "room", "window_start", "window_end", "counts", "scaled", "total", "replayed"])
        #expect(object["seq"] as? Int == 42)
        #expect(object["room"] as? String == "main")
        #expect(object["window_start"] as? Int == 1_767_225_602_000)
        #expect(object["window_end"] as? Int == 1_767_225_604_000)
        #expect(object["total"] as? Int == 3795)
        #expect(object["replayed"] as? Bool == false)
        #expect(object["counts"] as? [String: Int] == ["❤️": 3785, "😂": 10])
        #expect(object["scaled"] as? [String: Int] == ["❤️": 4, "😂": 1])
    }

    @Test func jsonLineReadsBackAsTheSameWindow() throws {
        var window = Self.window
        window.replayed = true
        let parsed = try FanoutFrame.Window(json: Data(renderer.jsonLine(for: window).utf8))
        #expect(parsed.replayed)
        #expect(parsed.seq == window.seq)
        #expect(Set(parsed.entries) == Set(window.entries))
    }
}
