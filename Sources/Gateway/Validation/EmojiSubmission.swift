/// One validated emoji reaction, as POSTed to `/emoji` or as an item of `/emojis`.
struct EmojiSubmission: Sendable, Hashable {
    static let fields: Set<String> = ["emoji_type", "timestamp", "user_id", "room"]
    static let maxUserIDLength = 64
    static let maxRoomLength = 64
    static let defaultRoom = "main"

    var emojiType: String
    /// The client's own timestamp, kept verbatim as data.
    var clientTimestamp: String?
    var userID: String?
    var room: String

    /// Validates a decoded body.
    ///
    /// - Parameter context: prefixed to error messages (`emojis[2]: `) for items of a batch.
    /// - Throws: `APIError` 400 naming the first field that is missing, of the wrong type, too long or invalid.
    init(json: JSONValue, context: String = "") throws {
        let object = try JSONObjectFields(json, allowed: Self.fields, context: context)
        // Longer than any emoji sequence; the real check is EmojiCharacter's.
        let emoji = try object.requiredString("emoji_type", maxLength: 64)
        guard EmojiCharacter.isSingleEmoji(emoji) else {
            throw APIError.badRequest("\(context)emoji_type must be exactly one emoji")
        }
        let timestamp = try object.optionalString("timestamp", maxLength: ISO8601Timestamp.maxLength)
        if let timestamp, !ISO8601Timestamp.isValid(timestamp) {
            throw APIError.badRequest("\(context)timestamp must be an ISO-8601 date-time")
        }
        let userID = try object.optionalString("user_id", maxLength: Self.maxUserIDLength)
        if let userID, userID.isEmpty || userID.unicodeScalars.contains(where: \.properties.isControl) {
            throw APIError.badRequest("\(context)user_id must be non-empty text without control characters")
        }
        let room = try object.optionalString("room", maxLength: Self.maxRoomLength)
        if let room, !Self.isValidRoom(room) {
            throw APIError.badRequest("\(context)room may only contain letters, digits, '-', '_', '.' and ':'")
        }
        self.emojiType = emoji
        self.clientTimestamp = timestamp
        self.userID = userID
        self.room = room ?? Self.defaultRoom
    }

    /// Rooms become Kafka keys and appear in URLs and logs, so they stay within a plain ASCII alphabet.
    static func isValidRoom(_ room: String) -> Bool {
        !room.isEmpty && room.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: ":"):
                true
            default:
                false
            }
        }
    }
}

extension Unicode.Scalar.Properties {
    /// C0 and C1 control characters.
    fileprivate var isControl: Bool { generalCategory == .control }
}
