import KafkaProtocol

/// Rebuilds a partition's producer table while the partition is opened.
///
/// After a clean shutdown the table starts from the snapshot written then, and only batches from
/// its offset on are replayed (normally none). Otherwise it starts empty and every batch is
/// replayed — which costs nothing extra, because recovery after an unclean shutdown walks every
/// batch header anyway and hands each one to ``observe(_:)``. Closed segments that recovery
/// trusted without walking are scanned here (headers only, no decompression) if they hold batches
/// the snapshot does not cover.
struct ProducerStateRecovery {
    private(set) var table: ProducerStateTable
    /// Batches from this offset on are replayed.
    private(set) var replayFrom: Int64
    private let snapshotOffset: Int64?

    init(snapshot: ProducerStateSnapshot?) {
        table = snapshot?.table ?? ProducerStateTable()
        replayFrom = snapshot?.offset ?? 0
        snapshotOffset = snapshot?.offset
    }

    /// Replays a batch recovery walked over, if the snapshot does not already cover it.
    mutating func observe(_ header: RecordBatchHeader) {
        if header.baseOffset >= replayFrom { table.replay(header) }
    }

    /// Whether a segment ending before `endOffset` holds batches that must be replayed.
    func needsReplay(before endOffset: Int64) -> Bool {
        endOffset > replayFrom
    }

    /// Replays the batches of a segment recovery did not walk, reading only their headers.
    mutating func scan(_ segment: SegmentState) throws {
        var scanner = SegmentScanner(
            file: segment.segment.log, from: 0, limit: segment.size, verifyCRC: false, chunkSize: 1024 * 1024)
        while case .batch(let batch) = try scanner.next() {
            observe(batch.header)
        }
    }

    /// The table for a log that ends at `logEndOffset` once recovery is done.
    ///
    /// A snapshot beyond the log end describes batches recovery cut off; the table is then rebuilt
    /// from every segment.
    mutating func finish(segments: [SegmentState], logEndOffset: Int64) throws -> ProducerStateTable {
        if let snapshotOffset, snapshotOffset > logEndOffset {
            table = ProducerStateTable()
            replayFrom = 0
            for segment in segments { try scan(segment) }
        }
        return table
    }
}
