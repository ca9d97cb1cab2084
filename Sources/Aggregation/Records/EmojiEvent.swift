import Foundation

/// The fields the aggregator needs from an `emoji_stream` record value (the gateway's JSON).
///
/// Other fields (`user_id`, `client_timestamp`, `received_at`) are ignored: event time is the record's Kafka
/// timestamp, which the gateway sets to the arrival time.
struct EmojiEvent: Decodable, Sendable, Hashable {
    var emojiType: String
    var room: String?

    enum CodingKeys: String, CodingKey {
        case emojiType = "emoji_type"
        case room
    }

    /// Decodes a record value; nil when it is not an emoji record (it is then skipped and counted as invalid).
    static func decode(_ value: [UInt8]) -> EmojiEvent? {
        guard let event = try? JSONDecoder().decode(EmojiEvent.self, from: Data(value)), !event.emojiType.isEmpty else {
            return nil
        }
        return event
    }
}
