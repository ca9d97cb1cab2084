extension WindowHistory {
    /// The held windows of `room` after `lastSeq`, marked replayed, and whether nothing after it is missing.
    ///
    /// - Parameter lastSeq: the newest seq the peer saw; negative means it asks for no replay.
    /// - Returns: `complete` is true when every window of the room with a greater seq is returned: nothing
    ///   after `lastSeq` was evicted, and the history began no later than right after it. A room never seen
    ///   is complete only if nothing was asked for.
    public func replay(after lastSeq: Int64, room: String) -> (windows: [FanoutFrame.Window], complete: Bool) {
        guard lastSeq >= 0 else {
            return ([], true)
        }
        guard let history = rooms[room] else {
            return ([], false)
        }
        let windows = history.windows.lazy.filter { $0.seq > lastSeq }.map { window in
            var window = window
            window.replayed = true
            return window
        }
        return (Array(windows), lastSeq >= history.coveredAfter)
    }

    /// The replay a HELLO's room list asks for, and the WELCOME recovery value that describes it.
    ///
    /// Windows come grouped by room in the order of `positions`, each room in ascending seq; a "*" entry
    /// stands, at its place, for every room seen that is not listed by name (in byte order of their names),
    /// each replayed after the "*" entry's `lastSeq`; rooms this history never saw cannot be judged and do not
    /// make the recovery incomplete. Neither do the rooms of a "*" from seq 0: that asks for everything held
    /// of rooms the asker has never seen, so nothing can be missing relative to what it has, and the recovery
    /// then speaks for the named rooms alone (a subscriber's reconnect depends on that). Whether a viewer may
    /// use "*" is the caller's policy.
    public func replay(for positions: [FanoutFrame.RoomPosition]) -> (windows: [FanoutFrame.Window], recovery: FanoutFrame.Welcome.Recovery) {
        let named = Set(positions.lazy.map(\.room).filter { $0 != FanoutFrame.Hello.allRooms })
        var done: Set<String> = []
        var windows: [FanoutFrame.Window] = []
        var requested = false
        var complete = true
        for position in positions where position.lastSeq >= 0 && done.insert(position.room).inserted {
            requested = true
            let isAllRooms = position.room == FanoutFrame.Hello.allRooms
            let rooms = isAllRooms ? roomNames.filter { !named.contains($0) } : [position.room]
            let judged = !(isAllRooms && position.lastSeq == 0)
            for room in rooms {
                let replay = replay(after: position.lastSeq, room: room)
                windows += replay.windows
                complete = complete && (replay.complete || !judged)
            }
        }
        guard requested else {
            return ([], .notRequested)
        }
        return (windows, complete ? .complete : .incomplete)
    }
}
