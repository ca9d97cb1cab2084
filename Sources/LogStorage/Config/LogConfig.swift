/// Per-topic log settings, named after Kafka's topic configs.
public struct LogConfig: Sendable, Hashable {
    /// `segment.bytes`: a segment rolls before an append would take it past this size.
    public var segmentBytes: Int = 128 * 1024 * 1024
    /// `segment.ms`: a non-empty segment rolls once its first append is this old.
    public var segmentMs: Int64 = 7 * 24 * 60 * 60 * 1000
    /// `retention.bytes`: oldest segments are deleted while the partition stays above this size; -1 = unlimited.
    public var retentionBytes: Int64 = -1
    /// `retention.ms`: segments whose newest timestamp is older than this are deleted; -1 = forever.
    public var retentionMs: Int64 = 7 * 24 * 60 * 60 * 1000
    /// `index.interval.bytes`: bytes between two sparse index entries.
    public var indexIntervalBytes: Int = 4096
    /// `max.message.bytes`: the largest batch a producer may append (Kafka's default, 1 MiB + 12).
    public var maxMessageBytes: Int = 1_048_588
    /// `cleanup.policy`.
    public var cleanupPolicy: CleanupPolicy = .delete
    /// `delete.retention.ms`: how long compaction keeps a tombstone (a keyed record with a null
    /// value) after the newest timestamp of its segment, so consumers get to see the deletion.
    public var deleteRetentionMs: Int64 = 24 * 60 * 60 * 1000
    /// `min.cleanable.dirty.ratio`: the background cleaner compacts a partition once this share of
    /// its closed segments' bytes was written since its last compaction.
    public var minCleanableDirtyRatio: Double = 0.5

    public init() {}

    public init(
        segmentBytes: Int = 128 * 1024 * 1024,
        segmentMs: Int64 = 7 * 24 * 60 * 60 * 1000,
        retentionBytes: Int64 = -1,
        retentionMs: Int64 = 7 * 24 * 60 * 60 * 1000,
        indexIntervalBytes: Int = 4096,
        maxMessageBytes: Int = 1_048_588,
        cleanupPolicy: CleanupPolicy = .delete,
        deleteRetentionMs: Int64 = 24 * 60 * 60 * 1000,
        minCleanableDirtyRatio: Double = 0.5
    ) {
        self.segmentBytes = segmentBytes
        self.segmentMs = segmentMs
        self.retentionBytes = retentionBytes
        self.retentionMs = retentionMs
        self.indexIntervalBytes = indexIntervalBytes
        self.maxMessageBytes = maxMessageBytes
        self.cleanupPolicy = cleanupPolicy
        self.deleteRetentionMs = deleteRetentionMs
        self.minCleanableDirtyRatio = minCleanableDirtyRatio
    }
}
