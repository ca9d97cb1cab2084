import KafkaProtocol
import NIOCore

extension PartitionLog {
    /// The first record whose timestamp is at least `timestamp`, for ListOffsets.
    ///
    /// Finds the first segment whose largest timestamp reaches `timestamp`, starts from its time
    /// index, and scans batches for the first with `maxTimestamp >= timestamp`. Inside an
    /// uncompressed CreateTime batch the exact record is found; for a compressed batch (which the
    /// broker does not decompress) the answer is the batch's base offset and largest timestamp.
    /// Only data below the high watermark counts.
    /// - Returns: nil if no such record exists.
    public func offset(forTimestamp timestamp: Int64) throws -> (offset: Int64, timestamp: Int64)? {
        let (sources, highWatermark) = try state.withLock { state throws -> ([ReadSource], Int64) in
            guard !state.isClosed else { throw LogStorageError.closed }
            guard let first = state.segments.firstIndex(where: { $0.maxTimestamp >= timestamp }) else {
                return ([], state.highWatermark)
            }
            let segment = state.segments[first]
            let startOffset = segment.timeIndex.startingRelativeOffset(forTimestamp: timestamp)
                .map { segment.baseOffset + Int64($0) } ?? segment.baseOffset
            return (Self.sources(in: state, from: max(startOffset, state.logStartOffset)), state.highWatermark)
        }
        for source in sources {
            var scanner = SegmentScanner(file: source.segment.log, from: source.start, limit: source.limit, verifyCRC: false)
            while case .batch(let batch) = try scanner.next() {
                let header = batch.header
                guard header.baseOffset < highWatermark else { return nil }
                guard header.maxTimestamp >= timestamp else { continue }
                if header.isCompressed || header.timestampType == .logAppendTime {
                    return (header.baseOffset, header.maxTimestamp)
                }
                let bytes = try scanner.bytes(of: batch)
                let records = (try? header.records(in: bytes, at: bytes.readerIndex)) ?? []
                if let record = records.first(where: { $0.timestamp(in: header) >= timestamp }) {
                    return (record.offset(in: header), record.timestamp(in: header))
                }
                return (header.baseOffset, header.maxTimestamp)
            }
        }
        return nil
    }
}
