import KafkaProtocol

/// The sequence numbers and offsets of one batch an idempotent producer appended.
///
/// Enough to recognise a retry of that batch and answer it with the offsets it was first given.
struct ProducerBatch: Sendable, Hashable {
    var firstSequence: Int32
    var lastSequence: Int32
    var firstOffset: Int64
    var lastOffset: Int64

    /// The sequence range of `header`, placed at `baseOffset`.
    init(header: RecordBatchHeader, baseOffset: Int64) {
        firstSequence = header.baseSequence
        lastSequence = Self.sequence(header.baseSequence, advancedBy: header.lastOffsetDelta)
        firstOffset = baseOffset
        lastOffset = baseOffset + Int64(header.lastOffsetDelta)
    }

    init(firstSequence: Int32, lastSequence: Int32, firstOffset: Int64, lastOffset: Int64) {
        self.firstSequence = firstSequence
        self.lastSequence = lastSequence
        self.firstOffset = firstOffset
        self.lastOffset = lastOffset
    }

    /// `sequence + delta`, wrapping past `Int32.max` to 0 as Kafka producers do.
    static func sequence(_ sequence: Int32, advancedBy delta: Int32) -> Int32 {
        sequence > Int32.max - delta ? delta - (Int32.max - sequence) - 1 : sequence + delta
    }

    /// Whether `next` may directly follow `last` (including the wrap from `Int32.max` to 0).
    static func follows(_ next: Int32, after last: Int32) -> Bool {
        next == sequence(last, advancedBy: 1)
    }
}
