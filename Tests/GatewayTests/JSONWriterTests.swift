import Foundation
@testable import Gateway
import Testing

/// Hand-written record JSON must read back, through Foundation, as exactly the strings that went in.
@Suite("JSONWriter")
struct JSONWriterTests {
    @Test(arguments: [
        "plain", "", "quote \" and backslash \\ and slash /", "line\nfeed\r\ttab", "bell \u{07} nul \u{00} us \u{1F}",
        "👩‍💻 🇫🇷 1️⃣ é", "\u{7F} delete stays raw",
    ])
    func stringsRoundTripThroughFoundation(_ text: String) throws {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("value", text)
        writer.field("absent", nil)
        writer.endObject()
        let decoded = try JSONDecoder().decode([String: String?].self, from: Data(writer.bytes))
        #expect(decoded == ["value": text, "absent": String?.none])
    }

    @Test func anEmojiRecordHasItsFiveKeysInOrder() throws {
        let submission = try EmojiSubmission(json: .object([
            "emoji_type": .string("😊"), "timestamp": .string("2025-08-13T20:45:00Z"),
        ]))
        let record = EmojiRecord(submission, receivedAt: WallClock.iso8601(milliseconds: 1_755_117_900_123))
        #expect(String(decoding: record.jsonBytes(), as: UTF8.self) == #"{"client_timestamp":"2025-08-13T20:45:00Z","emoji_type":"😊","received_at":"2025-08-13T20:45:00.123Z","room":"main","user_id":null}"#)
    }
}
