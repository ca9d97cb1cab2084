import FanoutProtocol
import NIOCore
import Synchronization

/// The publisher's shared state: the window history and the connected subscribers with their positions.
///
/// Decisions are made inside one lock; writes are handed to each subscriber's event loop in lock order, so a
/// joining subscriber's replay always precedes the live windows it gets next.
final class SubscriberFanout: Sendable {
    private struct Subscriber {
        var output: SubscriberOutput
        /// Per room, the newest seq already sent; windows at or below it are skipped.
        var lastSent: [String: Int64]
        /// Whether it asked for every room ("*"), so rooms it has not seen yet reach it too.
        var wantsAllRooms: Bool
    }

    private struct State {
        var history: WindowHistory
        var subscribers: [Int: Subscriber] = [:]
    }

    private let state: Mutex<State>
    private let serverID: String
    private let keepaliveIntervalMs: UInt32
    private let statistics: PublisherStatistics

    init(history: WindowHistory, serverID: String, keepaliveIntervalMs: UInt32, statistics: PublisherStatistics) {
        self.state = Mutex(State(history: history))
        self.serverID = serverID
        self.keepaliveIntervalMs = keepaliveIntervalMs
        self.statistics = statistics
    }

    /// Records a window read from Kafka and pushes it to every subscriber that has not had it.
    ///
    /// A (room, seq) already held (an aggregator replay after a crash, a consumer rebalance) is dropped.
    func publish(_ window: FanoutFrame.Window) {
        var window = window
        window.replayed = false
        let published: (recipients: [SubscriberOutput], historyWindows: Int)? = state.withLock { state in
            guard state.history.append(window) else { return nil }
            var recipients: [SubscriberOutput] = []
            for (id, subscriber) in state.subscribers {
                if let sent = subscriber.lastSent[window.room] {
                    guard sent < window.seq else { continue }
                } else if !subscriber.wantsAllRooms {
                    continue
                }
                state.subscribers[id]!.lastSent[window.room] = window.seq
                recipients.append(subscriber.output)
            }
            return (recipients, state.history.count)
        }
        guard let (recipients, historyWindows) = published else { return }
        statistics.windowFlow.windowReceived(historyWindows: historyWindows)
        var frame = ByteBuffer()
        FanoutFrame.window(window).encode(into: &frame)
        for output in recipients { output.deliver(frame) }
    }

    /// Adds an accepted subscriber: answers WELCOME, replays what it missed, then lets live windows through.
    ///
    /// Each room's replay starts after the position named for it, or after the "*" position for rooms not named.
    func join(_ output: SubscriberOutput, rooms positions: [FanoutFrame.RoomPosition]) {
        state.withLock { state in
            let (replay, recovery) = state.history.replay(for: positions)
            let others = positions.first { $0.room == FanoutFrame.Hello.allRooms }?.lastSeq
            var lastSent: [String: Int64] = [:]
            for room in state.history.roomNames {
                guard let position = positions.first(where: { $0.room == room })?.lastSeq ?? others else { continue }
                // Asked for live windows only: what is already held is not this subscriber's to see.
                lastSent[room] = position >= 0 ? position : state.history.newestSeq(room: room) ?? position
            }
            for position in positions where position.room != FanoutFrame.Hello.allRooms && lastSent[position.room] == nil {
                lastSent[position.room] = position.lastSeq
            }
            for window in replay {
                lastSent[window.room] = max(lastSent[window.room] ?? window.seq, window.seq)
            }
            state.subscribers[output.id] = Subscriber(output: output, lastSent: lastSent, wantsAllRooms: others != nil)
            output.welcome(
                FanoutFrame.Welcome(
                    serverID: serverID, heartbeatIntervalMs: keepaliveIntervalMs, recovery: recovery,
                    replayCount: UInt32(replay.count)
                ),
                replay: replay
            )
        }
        statistics.subscriberJoined()
    }

    /// Forgets a subscriber whose connection closed; harmless for one that never joined.
    func leave(_ id: Int) {
        let left = state.withLock { $0.subscribers.removeValue(forKey: id) != nil }
        if left { statistics.subscriberLeft() }
    }

    /// Every joined subscriber, e.g. to say GOODBYE on shutdown.
    func allSubscribers() -> [SubscriberOutput] {
        state.withLock { $0.subscribers.values.map(\.output) }
    }
}
