/// When appended bytes are forced to disk, and so what an acknowledged produce survives.
public enum FsyncPolicy: Sendable, Hashable {
    /// Group commit: a dedicated thread fsyncs every dirtied log as soon as it can, and produces are
    /// acknowledged (and become visible to consumers) only once their bytes are durable.
    case ack
    /// Fsync dirtied logs every `milliseconds`; acknowledge and expose data at once (a crash may lose
    /// up to one interval of acknowledged data).
    case interval(milliseconds: Int)
    /// Fsync only when a segment rolls and at shutdown; the OS flushes the page cache when it likes.
    case never
}

/// What happens to old data in a topic.
public enum CleanupPolicy: String, Sendable, Hashable {
    /// Whole old segments are deleted by age and size (`retention.ms`, `retention.bytes`).
    case delete
    /// Only the latest record per key is kept (compaction runs in a later issue; until then the log
    /// is simply kept whole).
    case compact
}
