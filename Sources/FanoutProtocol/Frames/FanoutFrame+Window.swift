import NIOCore

extension FanoutFrame {
    /// One closed aggregation window of one room: exact counts and their scaled-down display values.
    ///
    /// The same data as the aggregator's `processed_emojis` JSON record (see `Window+JSON.swift`), plus whether
    /// it is being replayed from history after a reconnect.
    public struct Window: Hashable, Sendable {
        /// One emoji's exact count in the window and how many to show.
        public struct Entry: Hashable, Sendable {
            public var emoji: String
            public var count: UInt64
            public var scaled: UInt32

            public init(emoji: String, count: UInt64, scaled: UInt32) {
                self.emoji = emoji
                self.count = count
                self.scaled = scaled
            }
        }

        public var room: String
        /// Increases by one per window of `room`, starting at 1; (room, seq) identifies a window.
        public var seq: Int64
        /// Window start, milliseconds since the Unix epoch (inclusive).
        public var windowStart: Int64
        /// Window end, milliseconds since the Unix epoch (exclusive).
        public var windowEnd: Int64
        /// Sum of every entry's count.
        public var total: UInt64
        /// Senders order entries by the emoji's UTF-8 bytes; receivers accept any order.
        public var entries: [Entry]
        /// Sent from history during a reconnect's replay rather than live.
        public var replayed: Bool

        public init(
            room: String, seq: Int64, windowStart: Int64, windowEnd: Int64,
            total: UInt64, entries: [Entry], replayed: Bool = false
        ) {
            self.room = room
            self.seq = seq
            self.windowStart = windowStart
            self.windowEnd = windowEnd
            self.total = total
            self.entries = entries
            self.replayed = replayed
        }
    }
}

extension FanoutFrame.Window {
    /// Bit 0 of the flags byte; the other bits are reserved and sent as 0.
    private static let replayedFlag: UInt8 = 0x01

    func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(replayed ? Self.replayedFlag : 0)
        buffer.writeFanoutString(room)
        buffer.writeInteger(seq)
        buffer.writeInteger(windowStart)
        buffer.writeInteger(windowEnd)
        buffer.writeInteger(total)
        buffer.writeFanoutCount(entries.count, of: "WINDOW entries")
        for entry in entries {
            buffer.writeFanoutString(entry.emoji)
            buffer.writeInteger(entry.count)
            buffer.writeInteger(entry.scaled)
        }
    }

    /// Reads a WINDOW payload; reserved flag bits are ignored so later versions can use them.
    init(from buffer: inout ByteBuffer) throws(FanoutProtocolError) {
        let flags = try buffer.readFanoutInteger(as: UInt8.self)
        let room = try buffer.readFanoutString()
        let seq = try buffer.readFanoutInteger(as: Int64.self)
        let start = try buffer.readFanoutInteger(as: Int64.self)
        let end = try buffer.readFanoutInteger(as: Int64.self)
        let total = try buffer.readFanoutInteger(as: UInt64.self)
        let count = Int(try buffer.readFanoutInteger(as: UInt16.self))
        var entries: [Entry] = []
        // Each entry takes at least 14 bytes, so a lying count cannot make us reserve much.
        entries.reserveCapacity(min(count, buffer.readableBytes / 14))
        for _ in 0..<count {
            let emoji = try buffer.readFanoutString()
            let entryCount = try buffer.readFanoutInteger(as: UInt64.self)
            entries.append(Entry(emoji: emoji, count: entryCount, scaled: try buffer.readFanoutInteger(as: UInt32.self)))
        }
        self.init(
            room: room, seq: seq, windowStart: start, windowEnd: end, total: total, entries: entries,
            replayed: flags & Self.replayedFlag != 0
        )
    }
}
