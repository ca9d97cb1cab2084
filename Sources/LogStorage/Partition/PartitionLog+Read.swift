import KafkaProtocol
import NIOCore

extension PartitionLog {
    /// A part of one segment a read may look at, captured under the lock and read after it.
    struct ReadSource {
        var segment: LogSegment
        var start: Int64
        var limit: Int64
    }

    /// Reads whole batches starting with the one that contains `offset`.
    ///
    /// The first batch is returned whole even if it is larger than `maxBytes` (and even if it starts
    /// before `offset`: clients skip the records they did not ask for); more batches follow while
    /// they fit in `maxBytes`. Nothing at or past the high watermark is returned.
    /// - Throws: `LogStorageError.offsetOutOfRange` if `offset` is below the log start or above the
    ///   log end. `offset` at or beyond the high watermark (up to the log end) reads nothing.
    public func read(from offset: Int64, maxBytes: Int) throws -> ReadResult {
        let (sources, empty) = try state.withLock { state throws -> ([ReadSource], ReadResult) in
            guard !state.isClosed else { throw LogStorageError.closed }
            guard offset >= state.logStartOffset && offset <= state.logEndOffset else {
                throw LogStorageError.offsetOutOfRange(
                    offset: offset, logStartOffset: state.logStartOffset, logEndOffset: state.logEndOffset)
            }
            let empty = ReadResult(
                records: ByteBuffer(), highWatermark: state.highWatermark, logStartOffset: state.logStartOffset,
                logEndOffset: state.logEndOffset)
            guard offset < state.highWatermark else { return ([], empty) }
            return (Self.sources(in: state, from: offset), empty)
        }
        for source in sources {
            var scanner = SegmentScanner(
                file: source.segment.log, from: source.start, limit: source.limit, verifyCRC: false, chunkSize: 16 * 1024)
            while case .batch(let batch) = try scanner.next() {
                guard batch.header.lastOffset >= offset else { continue }
                var result = empty
                (result.records, result.recordCount) = try Self.readWholeBatches(
                    from: source, at: batch.position, firstBatchSize: batch.header.totalSize, maxBytes: maxBytes)
                return result
            }
        }
        return empty
    }

    /// The segment that should hold `offset` (from its nearest index entry), then the next ones in
    /// case `offset` falls in a gap at a segment's end (compaction leaves gaps, and may leave a
    /// closed segment empty; those are skipped).
    static func sources(in state: PartitionState, from offset: Int64) -> [ReadSource] {
        let first = state.segmentIndex(containing: offset)
        var sources: [ReadSource] = []
        for index in first..<state.segments.count {
            guard sources.count < 3 else { break }
            let limit = state.readLimit(ofSegmentAt: index)
            if limit == 0 && index < state.segments.count - 1 && state.segments[index].isEmpty { continue }
            guard limit > 0 else { break }
            let segment = state.segments[index]
            let start = index == first
                ? segment.offsetIndex.position(forRelativeOffset: UInt32(clamping: offset - segment.baseOffset)) : 0
            sources.append(ReadSource(segment: segment.segment, start: start, limit: limit))
        }
        return sources
    }

    /// Reads from `position` up to `maxBytes` (at least the first batch), cuts at the last whole batch, and counts
    /// the records of the batches kept (for metrics, so nobody walks the batches again).
    private static func readWholeBatches(
        from source: ReadSource, at position: Int64, firstBatchSize: Int, maxBytes: Int
    ) throws -> (batches: ByteBuffer, recordCount: Int) {
        let length = Int(min(source.limit - position, Int64(max(maxBytes, firstBatchSize))))
        var buffer = try source.segment.log.read(count: length, at: position)
        var end = 0
        var recordCount = 0
        while end + RecordBatchHeader.size <= buffer.writerIndex {
            let batchLength: Int32 = buffer.getInteger(at: end + 8)!
            let next = end + Int(batchLength) + RecordBatchHeader.logOverhead
            guard batchLength >= RecordBatchHeader.minimumBatchLength, next <= buffer.writerIndex else { break }
            let count: Int32 = buffer.getInteger(at: end + RecordBatchHeader.recordsCountOffset)!
            recordCount += Int(max(count, 0))
            end = next
        }
        buffer.moveWriterIndex(to: end)
        return (buffer, recordCount)
    }
}
