import Foundation

/// The JSON value of a `processed_emojis` record (key = room).
///
/// Keys are written sorted, so the same window always encodes to the same bytes, whichever run emits it.
public struct WindowRecord: Codable, Sendable, Hashable {
    public var seq: Int64
    public var room: String
    public var windowStart: Int64
    public var windowEnd: Int64
    public var counts: [String: Int]
    public var scaled: [String: Int]
    public var total: Int

    enum CodingKeys: String, CodingKey {
        case seq, room, counts, scaled, total
        case windowStart = "window_start"
        case windowEnd = "window_end"
    }

    public init(_ window: ClosedWindow) {
        self.seq = window.seq
        self.room = window.room
        self.windowStart = window.windowStart
        self.windowEnd = window.windowEnd
        self.counts = window.counts
        self.scaled = window.scaled
        self.total = window.total
    }

    /// The record value's bytes.
    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self))
    }

    /// Reads a record value back; for consumers of `processed_emojis` and tests.
    public static func decode(_ value: [UInt8]) throws -> WindowRecord {
        try JSONDecoder().decode(WindowRecord.self, from: Data(value))
    }
}
