import Foundation

extension FanoutFrame.Window {
    /// Reads the aggregator's `processed_emojis` record: `{"seq", "room", "window_start", "window_end",
    /// "counts": {emoji: n}, "scaled": {emoji: n}, "total"}`, times in milliseconds since the Unix epoch.
    ///
    /// Entries come out ordered by the emoji's UTF-8 bytes, so equal records give equal frames.
    /// - Throws: `FanoutProtocolError.invalidJSON` when a key is missing, a number is not an integer in range,
    ///   `counts` and `scaled` name different emoji, or a string is too long for an EFP frame.
    public init(json: Data) throws(FanoutProtocolError) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: json)
        } catch {
            throw .invalidJSON("window record is not JSON")
        }
        guard let dictionary = object as? [String: Any] else {
            throw .invalidJSON("window record is not a JSON object")
        }
        try self.init(jsonObject: dictionary)
    }

    /// Reads an already parsed window record; see `init(json:)`. Keys other than the documented ones
    /// (such as a WebSocket message's "type" and "replayed") are ignored.
    public init(jsonObject object: [String: Any]) throws(FanoutProtocolError) {
        guard let room = object["room"] as? String, FanoutFrame.isEncodableString(room) else {
            throw .invalidJSON("room must be a string of at most 65535 bytes")
        }
        guard let counts = object["counts"] as? [String: Any], let scaled = object["scaled"] as? [String: Any] else {
            throw .invalidJSON("counts and scaled must be objects")
        }
        guard Set(counts.keys) == Set(scaled.keys), counts.count <= Int(UInt16.max) else {
            throw .invalidJSON("counts and scaled must name the same emoji, at most 65535")
        }
        var entries: [Entry] = []
        for (emoji, count) in counts {
            guard FanoutFrame.isEncodableString(emoji), let count = Self.integer(count, as: UInt64.self),
                  let shown = Self.integer(scaled[emoji], as: UInt32.self)
            else {
                throw .invalidJSON("count and scaled of \(emoji) must be non-negative integers")
            }
            entries.append(Entry(emoji: emoji, count: count, scaled: shown))
        }
        entries.sort { $0.emoji.utf8.lexicographicallyPrecedes($1.emoji.utf8) }
        guard let seq = Self.integer(object["seq"], as: Int64.self),
              let start = Self.integer(object["window_start"], as: Int64.self),
              let end = Self.integer(object["window_end"], as: Int64.self),
              let total = Self.integer(object["total"], as: UInt64.self)
        else {
            throw .invalidJSON("seq, window_start, window_end and total must be integers")
        }
        let replayed = object["replayed"] as? Bool ?? false
        self.init(room: room, seq: seq, windowStart: start, windowEnd: end, total: total, entries: entries, replayed: replayed)
    }

    /// The aggregator's record shape (without "replayed"), ready for `JSONSerialization`.
    public var jsonObject: [String: Any] {
        var counts: [String: Any] = [:]
        var scaled: [String: Any] = [:]
        for entry in entries {
            counts[entry.emoji] = entry.count
            scaled[entry.emoji] = entry.scaled
        }
        return [
            "seq": seq, "room": room, "window_start": windowStart, "window_end": windowEnd,
            "counts": counts, "scaled": scaled, "total": total,
        ]
    }

    /// The aggregator's record as compact JSON with sorted keys.
    public var jsonData: Data {
        // Only strings, integers and nested dictionaries of them: serialisation cannot fail.
        (try? JSONSerialization.data(withJSONObject: jsonObject, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }

    /// An exact integer from a parsed JSON number; nil for fractions, booleans, strings or out of range.
    static func integer<Value: FixedWidthInteger>(_ value: Any?, as: Value.Type) -> Value? {
        // JSONSerialization gives booleans as NSNumbers of type "c"; `as?` alone would turn true into 1.
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else {
            return nil
        }
        // Numeric bridging with `as?` succeeds only when the value is exactly representable.
        return number as? Value
    }
}
