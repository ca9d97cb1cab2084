/// The recent windows of every room, so a peer that reconnects with its last seq gets exactly what it missed.
///
/// A value type with no clock: age is measured against the newest window end seen in any room, so the same
/// sequence of appends always leaves the same history (and tests need no time). Publishers and subscribers
/// each keep one; it is also what deduplicates windows by (room, seq).
///
/// Rooms are remembered (their newest seq and coverage, not their windows) after all their windows expire,
/// so a client of a quiet room is still told correctly whether its replay is complete.
public struct WindowHistory: Sendable {
    /// Windows whose end is this much or more older than the newest window end seen are dropped.
    public let maxAge: Duration
    /// At most this many windows are held per room; the oldest go first.
    public let maxWindowsPerRoom: Int

    /// Internal (not private) for the `replay` facet in its own file.
    private(set) var rooms: [String: RoomHistory] = [:]
    private var newestWindowEnd = Int64.min
    /// The smallest window end held anywhere; eviction scans the rooms only once the age cutoff passes it.
    private var oldestHeldWindowEnd = Int64.max
    private let maxAgeMilliseconds: Int64
    /// How many windows are held over all rooms; kept as windows come and go, because fan-out reads it (for a
    /// gauge) on every window and summing the rooms would cost a pass over every room ever seen.
    public private(set) var count = 0

    /// - Parameters:
    ///   - maxAge: how much stream time to keep (DESIGN.md suggests 60 s).
    ///   - maxWindowsPerRoom: a bound on memory per room whatever the window length.
    public init(maxAge: Duration = .seconds(60), maxWindowsPerRoom: Int = 600) {
        precondition(maxAge > .zero, "maxAge must be positive")
        precondition(maxWindowsPerRoom > 0, "maxWindowsPerRoom must be positive")
        self.maxAge = maxAge
        self.maxWindowsPerRoom = maxWindowsPerRoom
        let (seconds, attoseconds) = maxAge.components
        // Rounded up: window ends are whole milliseconds, so this keeps exactly the windows `maxAge` keeps.
        let attosecondsPerMillisecond: Int64 = 1_000_000_000_000_000
        self.maxAgeMilliseconds = seconds * 1000
            + (attoseconds + attosecondsPerMillisecond - 1) / attosecondsPerMillisecond
    }

    /// Adds a window unless its (room, seq) is not newer than the newest seen for the room.
    ///
    /// The window is stored with `replayed` cleared; `replay` sets it on the way out.
    /// - Returns: whether the window was new. A caller that forwards only new windows never sends a duplicate.
    @discardableResult
    public mutating func append(_ window: FanoutFrame.Window) -> Bool {
        var window = window
        window.replayed = false
        if var room = rooms[window.room] {
            guard window.seq > room.newestSeq else {
                return false
            }
            room.windows.append(window)
            room.newestSeq = window.seq
            count += 1 - room.evict(keepingAtMost: maxWindowsPerRoom) { _ in false }
            rooms[window.room] = room
        } else {
            rooms[window.room] = RoomHistory(first: window)
            count += 1
        }
        newestWindowEnd = max(newestWindowEnd, window.windowEnd)
        oldestHeldWindowEnd = min(oldestHeldWindowEnd, window.windowEnd)
        evictExpired()
        return true
    }

    /// The newest seq accepted for `room`, nil if the room was never seen.
    public func newestSeq(room: String) -> Int64? {
        rooms[room]?.newestSeq
    }

    /// Every room ever seen, in the byte order of their UTF-8 names.
    public var roomNames: [String] {
        rooms.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The windows held for `room`, oldest first.
    public func windows(room: String) -> [FanoutFrame.Window] {
        rooms[room]?.windows ?? []
    }

    /// Declares that windows up to each room's newest seq may be missing, e.g. after this history's own
    /// upstream reported an incomplete recovery and its replay has been appended.
    ///
    /// Later replays asking for seqs at or below the current newest are then reported incomplete.
    public mutating func markIncomplete() {
        rooms = rooms.mapValues { room in
            var room = room
            room.coveredAfter = room.newestSeq
            return room
        }
    }

    private mutating func evictExpired() {
        let cutoff = newestWindowEnd.subtractingReportingOverflow(maxAgeMilliseconds)
        guard !cutoff.overflow, cutoff.partialValue >= oldestHeldWindowEnd else {
            return
        }
        var oldest = Int64.max
        for name in Array(rooms.keys) {
            count -= rooms[name]?.evict(keepingAtMost: maxWindowsPerRoom) { $0.windowEnd <= cutoff.partialValue } ?? 0
            if let first = rooms[name]?.windows.first {
                oldest = min(oldest, first.windowEnd)
            }
        }
        oldestHeldWindowEnd = oldest
    }
}
