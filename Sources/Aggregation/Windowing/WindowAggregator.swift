/// Counts emoji in tumbling windows per room and decides when each window is final: a pure state machine.
///
/// No I/O and no clock reads: records and the wall-clock time arrive as inputs, closed windows and committable
/// offsets leave as outputs, so every rule below is tested with plain values.
///
/// Rules:
/// - A record with timestamp `t` belongs to the window `[floor(t / w) · w, … + w)` of its room; its `seq` is
///   `floor(t / w)`.
/// - Each partition's watermark is its greatest record timestamp minus the allowed lateness. A record is *late*
///   when that watermark (before it) already passed its window's end; late records are dropped and counted.
/// - A window closes when the global watermark — the minimum over known partitions — reaches its end.
///   A partition that is read to its end (`partitionsReadToEnd`) and delivered nothing for the idle timeout raises
///   its watermark to `now − allowedLateness`, so quiet partitions do not hold every room back.
/// - That wall-clock floor closes windows but never makes a record late: a record arriving after its window's
///   end passed the floor (a gateway or fetch hiccup longer than the allowed lateness, just after a quiet spell)
///   still opens and emits its window, unless the room already emitted that `seq` or a later one
///   (`.alreadyEmitted`) — an emitted window never changes.
///
/// Restart guarantee (downstream deduplicates by `(room, seq)`):
/// - Offsets are committed only up to the first record of every window that is open, closed but not yet
///   acknowledged by the broker, or closed with records at or after the commit point, and only at a
///   *record high* (a record whose timestamp is at least every earlier one's in its partition).
/// - Lateness depends only on the record's own partition, from a record high onward, so a restarted aggregator
///   re-reading from the committed offsets counts exactly the same records into every window this run emitted
///   after the commit: a window emitted again carries identical contents, and windows emitted before the commit
///   are never re-opened (their stragglers are late again).
/// - Exception: the wall clock is not replayed. If a window was closed by an *idle* partition's wall-clock
///   watermark and a record for it reached that partition afterwards (dropped as already emitted here), a crash
///   before the next commit moves past that record lets the restarted aggregator emit the window again including
///   it. It needs a producer stalled longer than the idle timeout plus a crash within one commit interval.
/// - Rooms are expected to live in one partition (the gateway keys records by room); a room written to several
///   partitions still gets exact counts, but the guarantee then also needs every partition re-read alike.
public struct WindowAggregator: Sendable {
    public let configuration: WindowConfiguration
    var partitions: [Int32: PartitionProgress] = [:]
    var openWindows: [WindowKey: [Int32: WindowShare]] = [:]
    /// Closed windows that still matter for commits: not yet delivered, or with records above a commit point.
    var closedWindows: [WindowKey: ClosedWindowTrace] = [:]
    /// The last `seq` emitted per room, so nothing re-opens a window once it has been published.
    var lastEmittedSeq: [String: Int64] = [:]

    /// - Precondition: `configuration.validate()` succeeds.
    public init(configuration: WindowConfiguration) {
        precondition((try? configuration.validate()) != nil, "invalid window configuration")
        self.configuration = configuration
    }

    /// `ceil(count / scale)`: 1–1000 → 1, 3785 → 4 with the default scale.
    public static func scaled(count: Int, scale: Int) -> Int {
        count <= 0 ? 0 : (count - 1) / scale + 1
    }

    /// Takes one record read from `partition` at `offset`; `timestamp` is the record's (arrival) timestamp.
    ///
    /// An offset at or below the last one read from the partition means it was re-positioned (re-assigned from
    /// its committed offset): what it contributed to open windows is forgotten and counted again.
    public mutating func recordReceived(
        partition: Int32, offset: Int64, room: String, emoji: String, timestamp: Int64
    ) -> RecordOutcome {
        if let progress = partitions[partition], let last = progress.lastConsumedOffset, offset <= last {
            forget(partition: partition)
            partitions[partition] = PartitionProgress(lastActive: progress.lastActive)
        }
        let windowStart = configuration.windowStart(containing: timestamp)
        let windowEnd = windowStart + configuration.windowMilliseconds
        let seq = windowStart / configuration.windowMilliseconds
        // In place, never a copy taken out and stored back: the copy would share `recordHighs` with the stored
        // value, so the append in `consumed` copied the whole list for every record (quadratic in the records
        // between commits; the aggregator stalled at about 3,000 records/s and fell further behind).
        let watermark = partitions[partition, default: PartitionProgress()].consumed(
            offset: offset, timestamp: timestamp, allowedLateness: configuration.allowedLatenessMilliseconds)

        if let watermark, windowEnd <= watermark { return .late }
        if let emitted = lastEmittedSeq[room], seq <= emitted { return .alreadyEmitted }
        let key = WindowKey(room: room, windowStart: windowStart)
        openWindows[key, default: [:]][partition, default: WindowShare(firstOffset: offset)].count(emoji, at: offset)
        return .counted
    }

    /// Takes the consumer's current set of partitions read to their end (every record the broker had is handed
    /// over): these may turn idle, every other partition may not.
    ///
    /// The whole set, not additions to it: a partition leaves the consumer's set the moment a record of it is
    /// handed out, and that record may not have been fed yet; a flag kept from an earlier set would let the clock
    /// close its window under it.
    public mutating func partitionsReadToEnd(_ readToEnd: Set<Int32>) {
        for partition in partitions.keys {
            partitions[partition]!.isCaughtUp = readToEnd.contains(partition)
        }
    }

    /// Advances idle partitions to the wall clock, closes every window the watermark passed, and reports the
    /// offsets that are safe to commit.
    ///
    /// - Parameter now: wall-clock milliseconds since the Unix epoch (the clock record timestamps use).
    public mutating func tick(now: Int64) -> TickOutput {
        for partition in partitions.keys {
            partitions[partition]!.noteActivity(now: now, configuration: configuration)
        }
        var closed: [ClosedWindow] = []
        if let watermark = globalWatermark {
            for key in openWindows.keys.filter({ $0.windowStart + configuration.windowMilliseconds <= watermark }).sorted() {
                closed.append(close(key))
            }
        }
        return TickOutput(windows: closed, commits: committableOffsets())
    }

    /// Records that the broker acknowledged a window, so it no longer holds its offsets back.
    public mutating func windowDelivered(_ key: WindowKey) {
        closedWindows[key]?.isDelivered = true
        if closedWindows[key]?.offsets.isEmpty == true { closedWindows[key] = nil }
    }

    /// The minimum watermark over known partitions; nil while any of them has none yet.
    public var globalWatermark: Int64? {
        var minimum: Int64?
        for progress in partitions.values {
            guard let watermark = progress.watermark(allowedLateness: configuration.allowedLatenessMilliseconds) else {
                return nil
            }
            minimum = min(minimum ?? watermark, watermark)
        }
        return minimum
    }

    /// How many windows are open; for metrics and tests.
    public var openWindowCount: Int { openWindows.count }

    private mutating func close(_ key: WindowKey) -> ClosedWindow {
        let shares = openWindows.removeValue(forKey: key) ?? [:]
        var counts: [String: Int] = [:]
        for share in shares.values {
            counts.merge(share.counts, uniquingKeysWith: +)
        }
        closedWindows[key] = ClosedWindowTrace(
            offsets: shares.mapValues { $0.firstOffset...$0.lastOffset }, isDelivered: false
        )
        let seq = key.windowStart / configuration.windowMilliseconds
        lastEmittedSeq[key.room] = max(lastEmittedSeq[key.room] ?? seq, seq)
        return ClosedWindow(
            room: key.room, seq: seq, windowStart: key.windowStart,
            windowEnd: key.windowStart + configuration.windowMilliseconds, counts: counts, scale: configuration.scale
        )
    }
}

extension PartitionProgress {
    /// Marks the partition active if it delivered since the last tick, or raises its idle floor if it is read to
    /// its end and has been quiet for the idle timeout.
    fileprivate mutating func noteActivity(now: Int64, configuration: WindowConfiguration) {
        if deliveredSinceTick || lastActive == nil {
            lastActive = now
            deliveredSinceTick = false
        } else if isCaughtUp, let lastActive, now - lastActive >= configuration.idleTimeoutMilliseconds {
            let floor = now - configuration.allowedLatenessMilliseconds
            idleFloor = max(idleFloor ?? floor, floor)
        }
    }
}
