/// What one compaction pass did.
public struct CompactionSummary: Sendable, Hashable {
    /// Segments replaced by a cleaned copy.
    public var segmentsRewritten = 0
    /// Records removed: superseded values, expired tombstones and keyless records.
    public var recordsRemoved = 0
    /// Bytes of the rewritten segments before and after.
    public var bytesBefore: Int64 = 0
    public var bytesAfter: Int64 = 0

    public init() {}

    mutating func add(_ other: CompactionSummary) {
        segmentsRewritten += other.segmentsRewritten
        recordsRemoved += other.recordsRemoved
        bytesBefore += other.bytesBefore
        bytesAfter += other.bytesAfter
    }
}
