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
