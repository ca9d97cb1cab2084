/// Identifies a window: a room and the start of its time range.
public struct WindowKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var room: String
    /// Milliseconds since the Unix epoch; a multiple of the window length.
    public var windowStart: Int64

    public init(room: String, windowStart: Int64) {
        self.room = room
        self.windowStart = windowStart
    }

    /// Earlier windows first, then by room, so output order does not depend on dictionary order.
    public static func < (lhs: WindowKey, rhs: WindowKey) -> Bool {
        (lhs.windowStart, lhs.room) < (rhs.windowStart, rhs.room)
    }

    public var description: String { "\(room)@\(windowStart)" }
}
