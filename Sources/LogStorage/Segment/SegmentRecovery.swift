import KafkaProtocol
import NIOCore

/// Rebuilds a segment's state from its files, repairing what a crash or a bad disk left behind.
///
/// Full recovery walks every batch checking length, magic, CRC-32C and offset order; the first
/// batch that fails marks a torn or garbled tail, and the file is truncated there. The index files
/// are kept only if every entry points at a batch the walk found, with the position and timestamp
/// the walk computed; otherwise they are rewritten from the walk.
struct SegmentRecovery {
    let segment: LogSegment
    let indexIntervalBytes: Int
    let isActive: Bool
    let nowMs: Int64

    /// The recovered state and a human-readable line per repair made (empty if none).
    struct Outcome {
        var state: SegmentState
        var repairs: [String] = []
        /// Whether the log file itself was cut (later segments can then no longer be trusted).
        var truncated = false
        /// Whether every batch was walked (and handed to the caller's observer).
        var walked = true
    }

    /// Walks and repairs the segment, handing each good batch's header to `observe` in order.
    func recover(observe: (RecordBatchHeader) -> Void = { _ in }) throws -> Outcome {
        let fileSize = try segment.log.size()
        let storedOffsetIndex = try Self.readIndexFile(segment.offsetIndexPath).flatMap {
            OffsetIndex(decoding: $0, logSize: fileSize)
        }
        let storedTimeIndex = try Self.readIndexFile(segment.timeIndexPath).flatMap { TimeIndex(decoding: $0) }

        var outcome = Outcome(state: SegmentState(segment: segment))
        var checker = StoredIndexChecker(offsetIndex: storedOffsetIndex, timeIndex: storedTimeIndex)
        var scanner = SegmentScanner(
            file: segment.log, from: 0, limit: fileSize, verifyCRC: true, chunkSize: 8 * 1024 * 1024)
        var firstTimestamp: Int64?
        scan: while true {
            switch try scanner.next() {
            case .end:
                break scan
            case .damaged(let position, let reason):
                try truncate(&outcome, at: position, fileSize: fileSize, reason: reason)
                break scan
            case .batch(let batch):
                let header = batch.header
                guard header.baseOffset >= outcome.state.nextOffset, header.lastOffsetDelta >= 0,
                    outcome.state.canHold(offsetsUpTo: header.lastOffset)
                else {
                    let reason = "batch offsets \(header.baseOffset)...\(header.lastOffset) out of order "
                        + "(expected from \(outcome.state.nextOffset))"
                    try truncate(&outcome, at: batch.position, fileSize: fileSize, reason: reason)
                    break scan
                }
                firstTimestamp = firstTimestamp ?? header.maxTimestamp
                _ = outcome.state.track(
                    batchAt: batch.position, baseOffset: header.baseOffset, nextOffset: header.nextOffset,
                    maxTimestamp: header.maxTimestamp, size: header.totalSize, indexIntervalBytes: indexIntervalBytes)
                checker.check(
                    relativeOffset: UInt32(header.baseOffset - segment.baseOffset), position: batch.position,
                    maxTimestampSoFar: outcome.state.maxTimestamp)
                observe(header)
            }
        }
        if !outcome.state.isEmpty {
            let start = firstTimestamp.flatMap { $0 > 0 ? min($0, nowMs) : nil } ?? nowMs
            outcome.state.rollClockStartMs = start
        }
        try settleIndexes(&outcome, checker: checker)
        return outcome
    }

    private func truncate(_ outcome: inout Outcome, at position: Int64, fileSize: Int64, reason: String) throws {
        try segment.log.truncate(to: position)
        try segment.log.sync()
        outcome.truncated = true
        outcome.repairs.append(
            "truncated \(segment.logPath) from \(fileSize) to \(position) bytes (dropped \(fileSize - position) bytes: "
                + "\(reason)); the segment now ends before offset \(outcome.state.nextOffset)")
    }

    /// Keeps index files that agree with the walk, rewrites the others, and opens them if active.
    private func settleIndexes(_ outcome: inout Outcome, checker: StoredIndexChecker) throws {
        var state = outcome.state
        if let stored = checker.validOffsetIndex {
            state.offsetIndex = stored
            state.bytesSinceIndexEntry = Int(state.size - (stored.entries.last.map { Int64($0.position) } ?? 0))
        } else {
            try Self.rewrite(segment.offsetIndexPath, with: state.offsetIndex.encoded())
            outcome.repairs.append("rebuilt \(segment.offsetIndexPath) (\(state.offsetIndex.entries.count) entries): "
                + (checker.offsetIndex == nil ? "missing or malformed" : "entries did not match the log"))
        }
        // A closed segment's time index must end with the segment's largest timestamp (retention reads it).
        let recordsMaximum = isActive || state.isEmpty || checker.validTimeIndex?.last?.timestamp == state.maxTimestamp
        if let stored = checker.validTimeIndex, recordsMaximum {
            state.timeIndex = stored
        } else {
            if !isActive, let closing = state.closingTimeIndexEntry() { state.timeIndex.append(closing) }
            try Self.rewrite(segment.timeIndexPath, with: state.timeIndex.encoded())
            outcome.repairs.append("rebuilt \(segment.timeIndexPath) (\(state.timeIndex.entries.count) entries): "
                + (checker.timeIndex == nil ? "missing or malformed" : "entries did not match the log"))
        }
        if isActive {
            state.indexFiles = SegmentIndexFiles(
                offsetIndex: try StorageFile.open(segment.offsetIndexPath, create: true),
                timeIndex: try StorageFile.open(segment.timeIndexPath, create: true))
        }
        outcome.state = state
    }

    static func readIndexFile(_ path: String) throws -> ByteBuffer? {
        guard FileSystem.fileExists(path) else { return nil }
        let file = try StorageFile.open(path)
        return try file.read(count: Int(try file.size()), at: 0)
    }

    static func rewrite(_ path: String, with bytes: [UInt8]) throws {
        let file = try StorageFile.open(path, create: true, truncate: true)
        try bytes.withUnsafeBytes { try file.write($0, at: 0) }
        try file.sync()
    }
}

/// Matches stored index entries against the batches a recovery walk finds, in one pass.
private struct StoredIndexChecker {
    let offsetIndex: OffsetIndex?
    let timeIndex: TimeIndex?
    private var offsetCursor = 0
    private var timeCursor = 0
    private var offsetMismatch = false
    private var timeMismatch = false

    init(offsetIndex: OffsetIndex?, timeIndex: TimeIndex?) {
        self.offsetIndex = offsetIndex
        self.timeIndex = timeIndex
    }

    mutating func check(relativeOffset: UInt32, position: Int64, maxTimestampSoFar: Int64) {
        if let entries = offsetIndex?.entries {
            while offsetCursor < entries.count && entries[offsetCursor].relativeOffset <= relativeOffset {
                let entry = entries[offsetCursor]
                if entry.relativeOffset < relativeOffset || Int64(entry.position) != position { offsetMismatch = true }
                offsetCursor += 1
            }
        }
        if let entries = timeIndex?.entries {
            while timeCursor < entries.count && entries[timeCursor].relativeOffset <= relativeOffset {
                let entry = entries[timeCursor]
                if entry.relativeOffset < relativeOffset || entry.timestamp != maxTimestampSoFar { timeMismatch = true }
                timeCursor += 1
            }
        }
    }

    /// The stored offset index if every entry matched a batch.
    var validOffsetIndex: OffsetIndex? {
        guard let offsetIndex, !offsetMismatch, offsetCursor == offsetIndex.entries.count else { return nil }
        return offsetIndex
    }

    /// The stored time index if every entry matched a batch.
    var validTimeIndex: TimeIndex? {
        guard let timeIndex, !timeMismatch, timeCursor == timeIndex.entries.count else { return nil }
        return timeIndex
    }
}

extension SegmentRecovery {
    /// Loads a closed segment after a clean shutdown, trusting its index files if they are
    /// well-formed and their last offset entry points at the batch it names; otherwise recovers it.
    ///
    /// The caller sets `nextOffset` (the next segment's base offset): reading the segment to find its
    /// last batch would cost a scan this path exists to avoid.
    /// When it falls back to recovering, `observe` sees every batch, as in ``recover(observe:)``.
    func loadTrustingIndexes(observe: (RecordBatchHeader) -> Void = { _ in }) throws -> Outcome {
        let fileSize = try segment.log.size()
        guard let offsetBytes = try Self.readIndexFile(segment.offsetIndexPath),
            let offsetIndex = OffsetIndex(decoding: offsetBytes, logSize: fileSize),
            let timeBytes = try Self.readIndexFile(segment.timeIndexPath),
            let timeIndex = TimeIndex(decoding: timeBytes),
            timeIndex.isEmpty == (fileSize == 0),
            try lastEntryPointsAtItsBatch(offsetIndex)
        else {
            return try recover(observe: observe)
        }
        var state = SegmentState(segment: segment)
        state.size = fileSize
        state.offsetIndex = offsetIndex
        state.timeIndex = timeIndex
        if let last = timeIndex.last {
            state.maxTimestamp = last.timestamp
            state.lastBatchBaseOffset = segment.baseOffset + Int64(last.relativeOffset)
        }
        return Outcome(state: state, walked: false)
    }

    private func lastEntryPointsAtItsBatch(_ index: OffsetIndex) throws -> Bool {
        guard let last = index.entries.last else { return true }
        let header = try segment.log.read(count: 8, at: Int64(last.position))
        return header.getInteger(at: 0, as: Int64.self) == segment.baseOffset + Int64(last.relativeOffset)
    }
}
