import NIOCore

/// One batch found by ``RecordBatchValidator``: where it starts and what its header says.
public struct ValidatedRecordBatch: Hashable, Sendable {
    /// Index of the batch's first byte in the validated buffer.
    public var position: Int
    public var header: RecordBatchHeader

    public init(position: Int, header: RecordBatchHeader) {
        self.position = position
        self.header = header
    }
}

/// Checks a records blob as a producer sent it, before anything is written to a log.
public enum RecordBatchValidator {
    /// Validates that the readable bytes of `records` are one or more complete, intact v2 batches.
    ///
    /// Per batch: a sane `batchLength` that fits the blob, magic 2, a matching CRC-32C, a known
    /// codec, `recordsCount == lastOffsetDelta + 1 > 0`, not a control batch, and — when the batch is
    /// uncompressed — records whose length prefixes add up to exactly `recordsCount` records
    /// filling the batch (so consumers never meet a batch that lies about its contents).
    ///
    /// - Returns: the batches in order.
    /// - Throws: `RecordBatchError`; see ``RecordBatchError/isCorrupt`` for the corrupt/invalid split.
    public static func validate(_ records: ByteBuffer) throws -> [ValidatedRecordBatch] {
        guard records.readableBytes > 0 else { throw RecordBatchError.empty }
        var batches: [ValidatedRecordBatch] = []
        var position = records.readerIndex
        while position < records.writerIndex {
            let header = try validateBatch(in: records, at: position)
            batches.append(ValidatedRecordBatch(position: position, header: header))
            position += header.totalSize
        }
        return batches
    }

    /// Validates the single batch starting at `position` and returns its header.
    public static func validateBatch(in records: ByteBuffer, at position: Int) throws -> RecordBatchHeader {
        let available = records.writerIndex - position
        guard available >= RecordBatchHeader.logOverhead else {
            throw RecordBatchError.truncated(position: position, needed: RecordBatchHeader.logOverhead, available: available)
        }
        let batchLength: Int32 = records.getInteger(at: position + 8)!
        guard batchLength >= RecordBatchHeader.minimumBatchLength else {
            throw RecordBatchError.invalidBatchLength(position: position, batchLength: batchLength)
        }
        let totalSize = Int(batchLength) + RecordBatchHeader.logOverhead
        guard available >= totalSize else {
            throw RecordBatchError.truncated(position: position, needed: totalSize, available: available)
        }
        let header = try RecordBatchHeader(parsing: records, at: position)
        let computed = header.computeCRC(in: records, at: position)
        guard computed == header.crc else {
            throw RecordBatchError.crcMismatch(position: position, stored: header.crc, computed: computed)
        }
        guard header.compression != nil else {
            throw RecordBatchError.unsupportedCompression(position: position, codec: Int(header.attributes & 0x07))
        }
        guard header.recordsCount > 0, Int64(header.recordsCount) == Int64(header.lastOffsetDelta) + 1 else {
            throw RecordBatchError.invalidRecordCount(
                position: position, recordsCount: header.recordsCount, lastOffsetDelta: header.lastOffsetDelta)
        }
        guard !header.isControl else {
            throw RecordBatchError.controlBatch(position: position)
        }
        if !header.isCompressed {
            try checkRecordFraming(in: records, at: position, header: header)
        }
        return header
    }

    /// Walks the length prefixes of an uncompressed batch's records without decoding them.
    private static func checkRecordFraming(in records: ByteBuffer, at position: Int, header: RecordBatchHeader) throws {
        guard var body = records.getSlice(
            at: position + RecordBatchHeader.size, length: header.totalSize - RecordBatchHeader.size)
        else {
            throw RecordBatchError.truncated(position: position, needed: header.totalSize, available: 0)
        }
        var count: Int32 = 0
        while body.readableBytes > 0 {
            let length: Int32
            do {
                length = try body.readZigZagVarint32()
            } catch {
                throw RecordBatchError.recordFramingMismatch(position: position, reason: "record \(count) has a bad length prefix")
            }
            guard length > 0, Int(length) <= body.readableBytes else {
                throw RecordBatchError.recordFramingMismatch(
                    position: position, reason: "record \(count) claims \(length) bytes, \(body.readableBytes) remain")
            }
            body.moveReaderIndex(forwardBy: Int(length))
            count += 1
        }
        guard count == header.recordsCount else {
            throw RecordBatchError.recordFramingMismatch(
                position: position, reason: "holds \(count) records, header says \(header.recordsCount)")
        }
    }
}
