/// The position a group committed for one partition, stored and returned exactly as the client sent it.
public struct CommittedOffset: Sendable, Hashable {
    public var offset: Int64
    /// −1 when the client did not say (OffsetCommit before v6).
    public var leaderEpoch: Int32
    public var metadata: String?
    /// Milliseconds since the Unix epoch.
    public var commitTimestamp: Int64

    public init(offset: Int64, leaderEpoch: Int32 = -1, metadata: String? = nil, commitTimestamp: Int64) {
        self.offset = offset
        self.leaderEpoch = leaderEpoch
        self.metadata = metadata
        self.commitTimestamp = commitTimestamp
    }
}

/// One partition's commit within an OffsetCommit request.
public struct OffsetCommitEntry: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var committed: CommittedOffset

    public init(topic: String, partition: Int32, committed: CommittedOffset) {
        self.topic = topic
        self.partition = partition
        self.committed = committed
    }
}

/// A topic-partition inside one group's committed offsets.
public struct OffsetPartitionKey: Sendable, Hashable, Comparable {
    public var topic: String
    public var partition: Int32

    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public static func < (lhs: OffsetPartitionKey, rhs: OffsetPartitionKey) -> Bool {
        (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition)
    }
}
