/// Decides whether a string is exactly one emoji as people type them: one grapheme that Unicode presents as
/// an emoji, including ZWJ sequences (👩‍💻), flags (🇫🇷, 🏴 tag sequences), keycaps (1️⃣) and skin tones (👍🏽).
///
/// Unicode gives digits, `#` and `*` the Emoji property (they can start keycaps), so "is any scalar an emoji"
/// is not enough: a grapheme counts only when its first scalar has emoji presentation by default, or an
/// emoji presentation selector (U+FE0F), skin-tone modifier or keycap mark makes it one.
enum EmojiCharacter {
    /// More scalars than any recommended emoji sequence has (family sequences with skin tones have ~15).
    static let maxScalars = 32

    static func isSingleEmoji(_ text: String) -> Bool {
        guard text.count == 1 else { return false }
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first, scalars.count <= maxScalars, first.properties.isEmoji else { return false }
        guard scalars.allSatisfy(isEmojiSequenceScalar) else { return false }
        // U+FE0E asks for text presentation: the sender wants the plain symbol, not an emoji.
        guard !scalars.contains(textPresentationSelector) else { return false }
        // A flag is exactly two regional indicators; one alone is a letter in a box.
        if regionalIndicators.contains(first.value) {
            return scalars.count == 2 && regionalIndicators.contains(scalars[1].value)
        }
        if first.properties.isEmojiPresentation { return true }
        return scalars.dropFirst().contains { scalar in
            scalar == emojiPresentationSelector || scalar == combiningKeycap || scalar.properties.isEmojiModifier
        }
    }

    private static let zeroWidthJoiner: Unicode.Scalar = "\u{200D}"
    private static let emojiPresentationSelector: Unicode.Scalar = "\u{FE0F}"
    private static let textPresentationSelector: Unicode.Scalar = "\u{FE0E}"
    private static let combiningKeycap: Unicode.Scalar = "\u{20E3}"
    /// Tag characters and the cancel tag, which spell subdivision flags such as 🏴󠁧󠁢󠁳󠁣󠁴󠁿.
    private static let tags: ClosedRange<UInt32> = 0xE0020...0xE007F
    private static let regionalIndicators: ClosedRange<UInt32> = 0x1F1E6...0x1F1FF

    /// Whether a scalar may appear inside an emoji sequence; anything else (letters, combining accents) may not.
    private static func isEmojiSequenceScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isEmoji || scalar.properties.isEmojiModifier || scalar == zeroWidthJoiner
            || scalar == emojiPresentationSelector || scalar == textPresentationSelector || scalar == combiningKeycap
            || tags.contains(scalar.value)
    }
}
