@testable import Gateway
import Testing

@Suite("One emoji, as Unicode defines it")
struct EmojiCharacterTests {
    @Test(arguments: [
        "😊", "❤️", "👍🏽", "☝🏽", "👩‍💻", "👨‍👩‍👧‍👦", "🏳️‍🌈", "❤️‍🔥", "🇫🇷", "🇺🇸", "1️⃣", "#️⃣", "*️⃣",
        "\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}", "🧑🏿‍🤝‍🧑🏻", "🎉", "🔥",
    ])
    func acceptsSingleEmoji(_ text: String) {
        #expect(EmojiCharacter.isSingleEmoji(text))
    }

    @Test(arguments: [
        "", "a", "smile", "1", "#", "*", "😊😊", "😊 ", " 😊", "❤\u{FE0E}", "©", ":)", "😊\u{301}", "é", "🇫",
        "1\u{20E3}x",
    ])
    func rejectsEverythingElse(_ text: String) {
        #expect(!EmojiCharacter.isSingleEmoji(text))
    }
}

@Suite("ISO-8601 client timestamps")
struct ISO8601TimestampTests {
    @Test(arguments: [
        "2025-08-13T20:45:00Z", "2025-08-13T20:45:00.123456", "2025-08-13T20:45:00+02:00", "2025-08-13 20:45:00",
        "2025-08-13T20:45:00.1-0530", "2025-08-13", "2025-08-13T20:45",
    ])
    func accepts(_ text: String) {
        #expect(ISO8601Timestamp.isValid(text))
    }

    @Test(arguments: [
        "", "yesterday", "2025-13-01T00:00:00Z", "2025-08-13T25:00:00Z", "2025-08-13T20:45:00.Z", "1755117900",
        "2025-08-13T20:45:00Zjunk", "2025/08/13",
    ])
    func rejects(_ text: String) {
        #expect(!ISO8601Timestamp.isValid(text))
    }
}
