import FanoutProtocol
import Synchronization

/// The subscriber's shared state: the window history and which viewer wants which room.
///
/// One lock guards a value; decisions are made inside it and writes are handed to each viewer's event loop
/// (in lock order, so a joining viewer's replay always precedes the live windows it gets next).
final class ViewerFanout: Sendable {
    private struct Viewer {
        var output: ViewerOutput
        /// Per requested room, the newest seq already sent; live windows at or below it are skipped, so a viewer
        /// never sees a seq twice.
        var lastSent: [String: Int64]
    }

    private struct State {
        var history: WindowHistory
        var viewers: [Int: Viewer] = [:]
        /// room → viewer ids, so a window touches only its room's viewers.
        var members: [String: Set<Int>] = [:]
    }

    private let state: Mutex<State>
    private let serverID: String
    private let keepaliveIntervalMs: UInt32
    private let statistics: SubscriberStatistics

    init(history: WindowHistory, serverID: String, keepaliveIntervalMs: UInt32, statistics: SubscriberStatistics) {
        self.state = Mutex(State(history: history))
        self.serverID = serverID
        self.keepaliveIntervalMs = keepaliveIntervalMs
        self.statistics = statistics
    }

    /// Records a window from the publisher and pushes it to the viewers of its room.
    ///
    /// A (room, seq) already held is dropped, so reconnect replays from the publisher never reach viewers twice.
    func publish(_ window: FanoutFrame.Window) {
        var stored = window
        stored.replayed = false
        let published: (recipients: [ViewerOutput], historyWindows: Int)? = state.withLock { state in
            // Seqs skip whenever a room had no reactions in a window, so a skip says nothing about losses; what
            // the publisher could not replay is reported by `upstreamReplayWasIncomplete()`.
            guard state.history.append(stored) else { return nil }
            var recipients: [ViewerOutput] = []
            for id in state.members[window.room] ?? [] where (state.viewers[id]?.lastSent[window.room] ?? .max) < window.seq {
                state.viewers[id]!.lastSent[window.room] = window.seq
                recipients.append(state.viewers[id]!.output)
            }
            return (recipients, state.history.count)
        }
        guard let (recipients, historyWindows) = published else { return }
        statistics.windowFlow.windowReceived(historyWindows: historyWindows)
        guard !recipients.isEmpty else { return }
        let outgoing = OutgoingWindow(
            window, viewers: recipients.count,
            forEFP: recipients.contains { $0.transport == .efp },
            forWebSocket: recipients.contains { $0.transport == .webSocket }
        )
        for output in recipients { output.deliver(outgoing) }
    }

    /// Declares that windows up to every room's newest seq may be missing: the publisher said its replay after a
    /// (re)connect was incomplete, and that replay has been published. Viewers asking from before now are told
    /// their recovery is incomplete.
    func upstreamReplayWasIncomplete() {
        state.withLock { $0.history.markIncomplete() }
    }

    /// Adds an accepted viewer: answers WELCOME, replays what it missed, then lets live windows through.
    func join(_ output: ViewerOutput, subscription: ViewerSubscription) {
        state.withLock { state in
            let (replay, recovery) = state.history.replay(for: subscription.rooms)
            var lastSent: [String: Int64] = [:]
            for position in subscription.rooms {
                lastSent[position.room] = position.lastSeq
                state.members[position.room, default: []].insert(output.id)
            }
            for window in replay {
                lastSent[window.room] = max(lastSent[window.room] ?? window.seq, window.seq)
            }
            state.viewers[output.id] = Viewer(output: output, lastSent: lastSent)
            let welcome = FanoutFrame.Welcome(
                serverID: serverID, heartbeatIntervalMs: keepaliveIntervalMs, recovery: recovery,
                replayCount: UInt32(replay.count)
            )
            output.welcome(welcome, replay: replay)
        }
        statistics.viewerJoined(output.transport)
    }

    /// Forgets a viewer whose connection closed; harmless for one that never joined.
    func leave(_ id: Int) {
        let left = state.withLock { state -> ViewerTransport? in
            guard let viewer = state.viewers.removeValue(forKey: id) else { return nil }
            for room in viewer.lastSent.keys {
                state.members[room]?.remove(id)
                if state.members[room]?.isEmpty == true { state.members[room] = nil }
            }
            return viewer.output.transport
        }
        if let left { statistics.viewerLeft(left) }
    }

    /// What to ask the publisher for after (re)connecting: every room with "*", plus each known room's newest seq.
    ///
    /// "*" asks from seq 0, i.e. all the publisher's history of rooms not seen yet, so a freshly started
    /// subscriber fills its own history and can serve viewers' recovery.
    func upstreamPositions() -> [FanoutFrame.RoomPosition] {
        let known = state.withLock { state in
            state.history.roomNames.compactMap { room in
                state.history.newestSeq(room: room).map { FanoutFrame.RoomPosition(room: room, lastSeq: $0) }
            }
        }
        return [FanoutFrame.RoomPosition(room: FanoutFrame.Hello.allRooms, lastSeq: 0)] + known
    }

    /// Every joined viewer, e.g. to say GOODBYE on shutdown.
    func allViewers() -> [ViewerOutput] {
        state.withLock { $0.viewers.values.map(\.output) }
    }
}
