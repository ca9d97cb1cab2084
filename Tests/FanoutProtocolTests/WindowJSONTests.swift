import FanoutProtocol
import Foundation
import Testing

/// The aggregator's `processed_emojis` record ↔ `FanoutFrame.Window`.
@Suite struct WindowJSONTests {
    static let record = #"""
        {"seq": 7, "room": "main", "window_start": 14000, "window_end": 16000,
         "counts": {"😂": 10, "❤️": 3785}, "scaled": {"😂": 1, "❤️": 4}, "total": 3795}
        """#

    @Test func readsTheAggregatorRecordWithEntriesInByteOrder() throws {
        let window = try FanoutFrame.Window(json: Data(Self.record.utf8))
        #expect(window == FrameSamples.heartAndLaugh)
    }

    @Test func writesTheSameShapeBack() throws {
        let window = FrameSamples.heartAndLaugh
        let object = try #require(try JSONSerialization.jsonObject(with: window.jsonData) as? [String: Any])
        #expect(Set(object.keys) == ["seq", "room", "window_start", "window_end", "counts", "scaled", "total"])
        #expect(try FanoutFrame.Window(jsonObject: object) == window)
        #expect(object["counts"] as? [String: Int] == ["❤️": 3785, "😂": 10])
        #expect(object["scaled"] as? [String: Int] == ["❤️": 4, "😂": 1])
    }

    @Test func jsonDataIsDeterministic() {
        let text = String(decoding: FrameSamples.heartAndLaugh.jsonData, as: UTF8.self)
        #expect(text == #"{"counts":{"❤️":3785,"😂":10},"room":"main","scaled":{"❤️":4,"😂":1},"seq":7,"total":3795,"window_end":16000,"window_start":14000}"#)
    }

    @Test func replayedIsReadWhenPresent() throws {
        var object = FrameSamples.heartAndLaugh.jsonObject
        object["replayed"] = true
        object["type"] = "window"
        #expect(try FanoutFrame.Window(jsonObject: object).replayed)
    }

    static let badRecords: [String] = [
        "[]",
        "not json",
        #"{"seq": 1, "window_start": 0, "window_end": 1, "counts": {}, "scaled": {}, "total": 0}"#,
        #"{"seq": 1.5, "room": "r", "window_start": 0, "window_end": 1, "counts": {}, "scaled": {}, "total": 0}"#,
        #"{"seq": true, "room": "r", "window_start": 0, "window_end": 1, "counts": {}, "scaled": {}, "total": 0}"#,
        #"{"seq": "1", "room": "r", "window_start": 0, "window_end": 1, "counts": {}, "scaled": {}, "total": 0}"#,
        #"{"seq": 1, "room": "r", "window_start": 0, "window_end": 1, "counts": {"a": 1}, "scaled": {}, "total": 1}"#,
        #"{"seq": 1, "room": "r", "window_start": 0, "window_end": 1, "counts": {"a": -1}, "scaled": {"a": 1}, "total": 1}"#,
        #"{"seq": 1, "room": "r", "window_start": 0, "window_end": 1, "counts": {"a": 1}, "scaled": {"a": 4294967296}, "total": 1}"#,
        #"{"seq": 1, "room": "r", "window_start": 0, "window_end": 1, "counts": {}, "scaled": {}, "total": -1}"#,
        #"{"seq": 1, "room": "r", "window_start": 0, "window_end": 1, "counts": [], "scaled": {}, "total": 0}"#,
    ]

    @Test(arguments: badRecords)
    func badRecordsAreRejected(record: String) {
        #expect(throws: FanoutProtocolError.self) {
            try FanoutFrame.Window(json: Data(record.utf8))
        }
    }

    @Test func roomsTooLongForAFrameAreRejected() {
        var object = FrameSamples.heartAndLaugh.jsonObject
        object["room"] = String(repeating: "x", count: 65_536)
        #expect(throws: FanoutProtocolError.self) {
            try FanoutFrame.Window(jsonObject: object)
        }
    }
}
