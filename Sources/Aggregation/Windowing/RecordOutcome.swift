/// What the aggregator did with one record.
public enum RecordOutcome: Sendable, Hashable {
    /// Added to an open window.
    case counted
    /// Dropped: its partition's watermark had already passed the end of its window.
    case late
    /// Dropped: its room's window was already emitted (a record re-read after its partition was re-positioned,
    /// or one arriving on a partition that was not this instance's when the window closed).
    case alreadyEmitted
}

/// What a tick produced: windows to publish and offsets that may be committed now.
public struct TickOutput: Sendable, Hashable {
    /// Newly closed windows, earliest first; each must be acknowledged with `windowDelivered(_:)` once the
    /// broker has it.
    public var windows: [ClosedWindow]
    /// Per input partition, the offset to commit (the next record to read after a restart). These never depend
    /// on the windows above: until those are delivered they keep their offsets uncommitted.
    public var commits: [Int32: Int64]

    public init(windows: [ClosedWindow], commits: [Int32: Int64]) {
        self.windows = windows
        self.commits = commits
    }
}
