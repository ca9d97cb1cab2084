/// Which subscribers are alive, from the heartbeats read off `emostream_subscribers`.
///
/// A subscriber is alive while its latest heartbeat is at most `ttlMilliseconds` old. Times are milliseconds
/// since the Unix epoch and passed in, so liveness is tested without clocks.
struct SubscriberDirectory: Sendable {
    struct Entry: Sendable, Hashable {
        var heartbeat: SubscriberHeartbeat
        var lastSeen: Int64
    }

    let ttlMilliseconds: Int64
    private(set) var entries: [SubscriberID: Entry] = [:]

    init(ttlMilliseconds: Int64) {
        self.ttlMilliseconds = ttlMilliseconds
    }

    /// Records a heartbeat sent at `sentAt` and read at `now`.
    ///
    /// A heartbeat's own time is trusted only up to `now` (a fast clock must not keep a subscriber alive
    /// longer), and an older heartbeat read late never replaces a newer one.
    mutating func heartbeatReceived(_ heartbeat: SubscriberHeartbeat, sentAt: Int64, now: Int64) {
        let seen = min(sentAt, now)
        if let known = entries[heartbeat.id], known.lastSeen > seen { return }
        entries[heartbeat.id] = Entry(heartbeat: heartbeat, lastSeen: seen)
    }

    /// The subscribers alive at `now`, with their latest heartbeat.
    func alive(now: Int64) -> [SubscriberID: SubscriberHeartbeat] {
        entries.filter { now - $0.value.lastSeen <= ttlMilliseconds }.mapValues(\.heartbeat)
    }

    func isAlive(_ id: SubscriberID, now: Int64) -> Bool {
        guard let entry = entries[id] else { return false }
        return now - entry.lastSeen <= ttlMilliseconds
    }
}
