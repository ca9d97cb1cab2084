import NIOCore

extension RecordBatchHeader {
    /// Decodes the records of this (uncompressed) batch, which starts at `index` in `buffer`.
    ///
    /// - Throws: `RecordBatchError.compressedBatch` for a compressed batch, `.truncated` if the batch is
    ///   not wholly in `buffer`, `.malformedRecord` if the records do not fill the batch exactly.
    public func records(in buffer: ByteBuffer, at index: Int) throws -> [Record] {
        guard !isCompressed else { throw RecordBatchError.compressedBatch(position: index) }
        guard var body = buffer.getSlice(at: index + Self.size, length: max(totalSize - Self.size, 0)),
            totalSize >= Self.size
        else {
            throw RecordBatchError.truncated(position: index, needed: totalSize, available: buffer.writerIndex - index)
        }
        var records: [Record] = []
        records.reserveCapacity(Int(max(0, min(recordsCount, 1 << 16))))
        while body.readableBytes > 0 {
            records.append(try Record(decoding: &body))
        }
        guard records.count == Int(recordsCount) else {
            throw RecordBatchError.malformedRecord("batch holds \(records.count) records, header says \(recordsCount)")
        }
        return records
    }
}
