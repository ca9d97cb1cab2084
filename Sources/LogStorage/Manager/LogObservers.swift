/// What the storage tells its owner as it works; both are called on storage threads and must return quickly.
///
/// Given when the manager is opened and fixed from then on, so a notification reads a plain stored closure:
/// no lock, and none of the re-wrapping a closure kept in a `Mutex` suffers (every `withLock` that touched one
/// added two reabstraction thunks, so each call ran through all the thunks the earlier ones had added).
public struct LogObservers: Sendable {
    /// A log's high watermark advanced; the broker wakes long-polling fetches with it.
    public var highWatermarkAdvanced: @Sendable (PartitionLog) -> Void
    /// A group-commit pass fsynced something, taking this long; the broker's fsync latency histogram.
    public var flushed: @Sendable (Duration) -> Void

    public init(
        highWatermarkAdvanced: @escaping @Sendable (PartitionLog) -> Void = { _ in },
        flushed: @escaping @Sendable (Duration) -> Void = { _ in }
    ) {
        self.highWatermarkAdvanced = highWatermarkAdvanced
        self.flushed = flushed
    }
}
