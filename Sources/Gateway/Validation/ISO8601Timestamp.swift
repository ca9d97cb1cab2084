/// Checks the shape of a client's ISO-8601 timestamp without interpreting it.
///
/// The gateway keeps the client's timestamp as data (the record's own timestamp is the arrival time), so it only
/// has to be recognisably ISO-8601. Both `2025-08-13T20:45:00Z` and Python's `datetime.now().isoformat()`
/// output (`2025-08-13T20:45:00.123456`, no zone) are accepted, as original clients send either.
enum ISO8601Timestamp {
    static let maxLength = 64

    /// Whether `text` is `YYYY-MM-DD[T| ]HH:MM[:SS[.fraction]][Z|±HH:MM|±HHMM]`, or a bare `YYYY-MM-DD`.
    static func isValid(_ text: String) -> Bool {
        var reader = Reader(Array(text.utf8))
        guard reader.digits(4), reader.literal("-"), reader.number(2, in: 1...12), reader.literal("-"),
            reader.number(2, in: 1...31)
        else { return false }
        if reader.isAtEnd { return true }
        guard reader.literal("T") || reader.literal("t") || reader.literal(" "),
            reader.number(2, in: 0...23), reader.literal(":"), reader.number(2, in: 0...59)
        else { return false }
        if reader.literal(":") {
            guard reader.number(2, in: 0...60) else { return false }
            if reader.literal(".") || reader.literal(",") {
                guard reader.digitRun() > 0 else { return false }
            }
        }
        if reader.isAtEnd || reader.literal("Z") || reader.literal("z") { return reader.isAtEnd }
        guard reader.literal("+") || reader.literal("-"), reader.number(2, in: 0...23) else { return false }
        _ = reader.literal(":")
        return reader.number(2, in: 0...59) && reader.isAtEnd
    }

    /// A cursor over ASCII bytes.
    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var isAtEnd: Bool { index == bytes.count }

        mutating func literal(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        mutating func digits(_ count: Int) -> Bool { number(count, in: 0...Int.max) }

        /// Reads exactly `count` digits whose value lies in `range`.
        mutating func number(_ count: Int, in range: ClosedRange<Int>) -> Bool {
            guard index + count <= bytes.count else { return false }
            var value = 0
            for byte in bytes[index..<index + count] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return false }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += count
            return range.contains(value)
        }

        /// Reads as many digits as follow and returns how many there were.
        mutating func digitRun() -> Int {
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - start
        }
    }
}
