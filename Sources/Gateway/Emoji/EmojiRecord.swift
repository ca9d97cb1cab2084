/// The JSON value of an `emoji_stream` record, as the aggregator reads it.
///
/// The record's Kafka key is the room and its Kafka timestamp the arrival time; `received_at` repeats that time
/// for readers that only look at values.
struct EmojiRecord: Codable, Sendable, Hashable {
    var emojiType: String
    var userID: String?
    var room: String
    /// What the client said the time was, verbatim (clients' clocks are not trusted).
    var clientTimestamp: String?
    /// The arrival time at the gateway, ISO-8601 UTC with milliseconds.
    var receivedAt: String

    enum CodingKeys: String, CodingKey {
        case emojiType = "emoji_type"
        case userID = "user_id"
        case room
        case clientTimestamp = "client_timestamp"
        case receivedAt = "received_at"
    }

    init(_ submission: EmojiSubmission, receivedAtMilliseconds: Int64) {
        self.emojiType = submission.emojiType
        self.userID = submission.userID
        self.room = submission.room
        self.clientTimestamp = submission.clientTimestamp
        self.receivedAt = WallClock.iso8601(milliseconds: receivedAtMilliseconds)
    }

    /// Absent optionals are written as `null`, so every record has the same five keys.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(emojiType, forKey: .emojiType)
        try container.encode(userID, forKey: .userID)
        try container.encode(room, forKey: .room)
        try container.encode(clientTimestamp, forKey: .clientTimestamp)
        try container.encode(receivedAt, forKey: .receivedAt)
    }
}
