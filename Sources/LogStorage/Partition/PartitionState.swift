/// The mutable state of one partition log, guarded by the log's lock.
struct PartitionState: Sendable {
    /// A byte position in the log: which segment, and where in its file.
    struct Position: Sendable, Hashable {
        var segmentBaseOffset: Int64
        var filePosition: Int64
    }

    /// Segments by ascending base offset; the last one is active and never empty of files.
    var segments: [SegmentState]
    var logStartOffset: Int64
    /// What consumers may read: the durable end under `FsyncPolicy.ack`, the log end otherwise.
    var highWatermark: Int64
    /// Where the high watermark falls in the files; reads stop there.
    var highWatermarkPosition: Position
    /// Segments written since the flusher last synced them.
    var unsyncedSegments: [LogSegment] = []
    /// Index files of segments that rolled since the last sync; synced once, then closed.
    var unsyncedIndexFiles: [SegmentIndexFiles] = []
    /// A segment was created since the last sync, so the directory entry must be synced too.
    var directoryNeedsSync = false
    var isClosed = false
    /// Idempotent producers' sequence state, checked and updated with each append.
    var producers: ProducerStateTable
    /// Compaction has cleaned the segments below this offset (in memory only: after a restart
    /// the whole log counts as dirty once).
    var compactedUpTo: Int64 = 0

    init(segments: [SegmentState], producers: ProducerStateTable = ProducerStateTable()) {
        precondition(!segments.isEmpty, "a partition always has an active segment")
        self.segments = segments
        self.producers = producers
        self.logStartOffset = segments[0].baseOffset
        let end = segments[segments.count - 1]
        self.highWatermark = end.nextOffset
        self.highWatermarkPosition = Position(segmentBaseOffset: end.baseOffset, filePosition: end.size)
    }

    var active: SegmentState {
        get { segments[segments.count - 1] }
        set { segments[segments.count - 1] = newValue }
    }

    var logEndOffset: Int64 { active.nextOffset }
    var endPosition: Position { Position(segmentBaseOffset: active.baseOffset, filePosition: active.size) }
    var sizeInBytes: Int64 { segments.reduce(0) { $0 + $1.size } }

    /// Index of the segment that would hold `offset`: the last one whose base offset is at most it.
    func segmentIndex(containing offset: Int64) -> Int {
        var low = 0
        var high = segments.count
        while low < high {
            let middle = (low + high) / 2
            if segments[middle].baseOffset <= offset { low = middle + 1 } else { high = middle }
        }
        return max(low - 1, 0)
    }

    /// How far a reader may read in the segment at `index` without passing the high watermark.
    func readLimit(ofSegmentAt index: Int) -> Int64 {
        let segment = segments[index]
        if segment.baseOffset < highWatermarkPosition.segmentBaseOffset { return segment.size }
        if segment.baseOffset == highWatermarkPosition.segmentBaseOffset { return highWatermarkPosition.filePosition }
        return 0
    }

    mutating func markUnsynced(_ segment: LogSegment) {
        if unsyncedSegments.last !== segment { unsyncedSegments.append(segment) }
    }
}
