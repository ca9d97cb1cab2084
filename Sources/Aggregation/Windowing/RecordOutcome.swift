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
