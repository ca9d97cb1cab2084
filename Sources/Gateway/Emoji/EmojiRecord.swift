/// The JSON value of an `emoji_stream` record, as the aggregator reads it.
///
/// The record's Kafka key is the room and its Kafka timestamp the arrival time; `received_at` repeats that time
/// for readers that only look at values.
struct EmojiRecord: Sendable, Hashable {
    var emojiType: String
    var userID: String?
    var room: String
    /// What the client said the time was, verbatim (clients' clocks are not trusted).
    var clientTimestamp: String?
    /// The arrival time at the gateway, ISO-8601 UTC with milliseconds.
    var receivedAt: String

    /// - Parameter receivedAt: the arrival time as `WallClock.iso8601(milliseconds:)` writes it; a batch formats
    ///   it once for all its records.
    init(_ submission: EmojiSubmission, receivedAt: String) {
        self.emojiType = submission.emojiType
        self.userID = submission.userID
        self.room = submission.room
        self.clientTimestamp = submission.clientTimestamp
        self.receivedAt = receivedAt
    }

    /// The record as compact JSON with sorted keys; absent optionals are written as `null`, so every record has
    /// the same five keys.
    ///
    /// Written by hand rather than through `JSONEncoder`: this runs once per reaction, and the encoder's
    /// generic machinery was close to a tenth of `POST /emoji`'s CPU.
    func jsonBytes() -> [UInt8] {
        var json = JSONWriter()
        json.beginObject()
        json.field("client_timestamp", clientTimestamp)
        json.field("emoji_type", emojiType)
        json.field("received_at", receivedAt)
        json.field("room", room)
        json.field("user_id", userID)
        json.endObject()
        return json.bytes
    }
}
