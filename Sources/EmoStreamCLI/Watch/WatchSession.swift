import FanoutProtocol

/// What a watch client remembers across connections: the rooms, the last seq seen in each, how many shown.
///
/// Pure: the connection loop feeds it frames and obeys its answers, so resume and de-duplication are tested
/// without sockets.
public struct WatchSession: Sendable, Hashable {
    /// What to do with a received window.
    public enum WindowDecision: Sendable, Hashable {
        /// New: print it.
        case show
        /// Already shown (a replay overlapping what was seen): skip it.
        case duplicate
        /// Not one of our rooms; the subscriber should not have sent it.
        case otherRoom
    }

    public let rooms: [String]
    /// Exit after this many windows shown; nil runs until stopped.
    public let limit: Int?
    public private(set) var lastSeq: [String: Int64]
    public private(set) var windowsShown = 0

    /// - Parameter startSeq: the last seq to claim on the first HELLO: -1 live only, 0 all the history held.
    public init(rooms: [String], startSeq: Int64 = FanoutFrame.RoomPosition.noneSeen, limit: Int? = nil) {
        precondition(!rooms.isEmpty, "watch needs at least one room")
        self.rooms = rooms
        self.limit = limit
        self.lastSeq = Dictionary(rooms.map { ($0, startSeq) }, uniquingKeysWith: { first, _ in first })
    }

    /// The HELLO's rooms: each with the newest seq shown so far.
    public var helloPositions: [FanoutFrame.RoomPosition] {
        var seen = Set<String>()
        return rooms.filter { seen.insert($0).inserted }.map { FanoutFrame.RoomPosition(room: $0, lastSeq: lastSeq[$0] ?? -1) }
    }

    /// Whether `limit` windows have been shown.
    public var isFinished: Bool {
        limit.map { windowsShown >= $0 } ?? false
    }

    /// Records `window` and says whether to show it.
    public mutating func windowReceived(_ window: FanoutFrame.Window) -> WindowDecision {
        guard let last = lastSeq[window.room] else { return .otherRoom }
        guard window.seq > last else { return .duplicate }
        lastSeq[window.room] = window.seq
        windowsShown += 1
        return .show
    }
}
