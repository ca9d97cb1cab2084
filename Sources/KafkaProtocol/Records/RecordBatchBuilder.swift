import NIOCore

/// Builds an uncompressed RecordBatch v2 with a correct CRC-32C.
///
/// Used by tests, by the broker's internal topics and by compaction, which keeps records' original
/// offset deltas (hence ``append(_:)`` accepting gaps).
public struct RecordBatchBuilder: Sendable {
    public var baseOffset: Int64
    public var baseTimestamp: Int64
    public var partitionLeaderEpoch: Int32 = -1
    public var producerId: Int64 = -1
    public var producerEpoch: Int16 = -1
    public var baseSequence: Int32 = -1
    public var isTransactional = false
    public var timestampType: RecordTimestampType = .createTime
    public private(set) var records: [Record] = []

    public init(baseOffset: Int64 = 0, baseTimestamp: Int64) {
        self.baseOffset = baseOffset
        self.baseTimestamp = baseTimestamp
    }

    /// Appends a record at the next offset delta.
    ///
    /// - Parameter timestamp: absolute milliseconds; nil means the batch's `baseTimestamp`.
    public mutating func append(key: ByteBuffer?, value: ByteBuffer?, headers: [RecordHeader] = [], timestamp: Int64? = nil) {
        let offsetDelta = Int32(records.count == 0 ? 0 : records[records.count - 1].offsetDelta + 1)
        records.append(Record(
            timestampDelta: (timestamp ?? baseTimestamp) - baseTimestamp,
            offsetDelta: offsetDelta, key: key, value: value, headers: headers))
    }

    /// Appends a record as given, keeping its offset delta.
    ///
    /// - Precondition: offset deltas strictly increase.
    public mutating func append(_ record: Record) {
        precondition(records.last.map { $0.offsetDelta < record.offsetDelta } ?? (record.offsetDelta >= 0),
            "record offset deltas must strictly increase")
        records.append(record)
    }

    /// The finished batch.
    ///
    /// - Precondition: at least one record was appended.
    public func build(allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: RecordBatchHeader.size + records.count * 32)
        write(into: &buffer)
        return buffer
    }

    /// Writes the finished batch at the end of `buffer`.
    public func write(into buffer: inout ByteBuffer) {
        precondition(!records.isEmpty, "a batch needs at least one record")
        let start = buffer.writerIndex
        buffer.writeRepeatingByte(0, count: RecordBatchHeader.size)
        for record in records {
            record.write(into: &buffer)
        }
        let maxTimestamp = timestampType == .logAppendTime
            ? baseTimestamp : records.map { baseTimestamp + $0.timestampDelta }.max()!
        var attributes: Int16 = 0
        if timestampType == .logAppendTime { attributes |= 0x08 }
        if isTransactional { attributes |= 0x10 }
        buffer.setInteger(baseOffset, at: start)
        buffer.setInteger(Int32(buffer.writerIndex - start - RecordBatchHeader.logOverhead), at: start + 8)
        buffer.setInteger(partitionLeaderEpoch, at: start + 12)
        buffer.setInteger(Int8(2), at: start + 16)
        buffer.setInteger(attributes, at: start + 21)
        buffer.setInteger(records[records.count - 1].offsetDelta, at: start + 23)
        buffer.setInteger(baseTimestamp, at: start + 27)
        buffer.setInteger(maxTimestamp, at: start + 35)
        buffer.setInteger(producerId, at: start + 43)
        buffer.setInteger(producerEpoch, at: start + 51)
        buffer.setInteger(baseSequence, at: start + 53)
        buffer.setInteger(Int32(records.count), at: start + 57)
        let crc = buffer.withUnsafeReadableBytes { bytes in
            let from = start - buffer.readerIndex + RecordBatchHeader.crcCoverageStart
            return CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[from...]))
        }
        buffer.setInteger(crc, at: start + RecordBatchHeader.crcOffset)
    }
}
