import NIOCore

/// The fixed 61-byte header of a RecordBatch (message format v2, magic 2).
///
/// Field layout (big-endian):
/// `baseOffset i64 | batchLength i32 | partitionLeaderEpoch i32 | magic i8 | crc u32 | attributes i16 |
/// lastOffsetDelta i32 | baseTimestamp i64 | maxTimestamp i64 | producerId i64 | producerEpoch i16 |
/// baseSequence i32 | recordsCount i32`. `batchLength` counts the bytes after itself; the CRC-32C
/// covers everything from `attributes` to the end of the batch, so the broker may rewrite
/// `baseOffset` and `partitionLeaderEpoch` without recomputing it.
public struct RecordBatchHeader: Hashable, Sendable {
    /// Size of the header in bytes; records start here.
    public static let size = 61
    /// Bytes before `partitionLeaderEpoch` (`baseOffset` + `batchLength`), not counted by `batchLength`.
    public static let logOverhead = 12
    /// Where the checksum starts: the CRC-32C covers bytes `crcCoverageStart..<totalSize`.
    public static let crcCoverageStart = 21
    /// The smallest valid `batchLength`: a header with no records.
    public static let minimumBatchLength = Int32(size - logOverhead)

    static let partitionLeaderEpochOffset = 12
    static let magicOffset = 16
    static let crcOffset = 17
    /// Where `recordsCount` sits, for readers that count records without parsing whole headers.
    public static let recordsCountOffset = 57

    public var baseOffset: Int64
    public var batchLength: Int32
    public var partitionLeaderEpoch: Int32
    public var magic: Int8
    public var crc: UInt32
    public var attributes: Int16
    public var lastOffsetDelta: Int32
    public var baseTimestamp: Int64
    public var maxTimestamp: Int64
    public var producerId: Int64
    public var producerEpoch: Int16
    public var baseSequence: Int32
    public var recordsCount: Int32

    /// Parses the header of the batch starting at `index`, without validating the batch.
    ///
    /// - Throws: `RecordBatchError.truncated` if fewer than 61 bytes are readable from `index`,
    ///   `RecordBatchError.unsupportedMagic` if the batch is not format v2 (its other fields would mean
    ///   something else).
    public init(parsing buffer: ByteBuffer, at index: Int) throws {
        let available = buffer.writerIndex - index
        guard index >= buffer.readerIndex, available >= Self.magicOffset + 1 else {
            throw RecordBatchError.truncated(position: index, needed: Self.size, available: max(available, 0))
        }
        magic = buffer.getInteger(at: index + Self.magicOffset)!
        guard magic == 2 else {
            throw RecordBatchError.unsupportedMagic(position: index, magic: magic)
        }
        guard available >= Self.size else {
            throw RecordBatchError.truncated(position: index, needed: Self.size, available: available)
        }
        baseOffset = buffer.getInteger(at: index)!
        batchLength = buffer.getInteger(at: index + 8)!
        partitionLeaderEpoch = buffer.getInteger(at: index + 12)!
        crc = buffer.getInteger(at: index + 17)!
        attributes = buffer.getInteger(at: index + 21)!
        lastOffsetDelta = buffer.getInteger(at: index + 23)!
        baseTimestamp = buffer.getInteger(at: index + 27)!
        maxTimestamp = buffer.getInteger(at: index + 35)!
        producerId = buffer.getInteger(at: index + 43)!
        producerEpoch = buffer.getInteger(at: index + 51)!
        baseSequence = buffer.getInteger(at: index + 53)!
        recordsCount = buffer.getInteger(at: index + Self.recordsCountOffset)!
    }

    /// The whole batch's size in bytes, header included.
    public var totalSize: Int { Int(batchLength) + Self.logOverhead }

    /// The offset of the batch's last record.
    public var lastOffset: Int64 { baseOffset + Int64(lastOffsetDelta) }

    /// The offset just after the batch.
    public var nextOffset: Int64 { lastOffset + 1 }

    /// The codec of the records section, or nil for a codec number this module does not know.
    public var compression: RecordCompression? { RecordCompression(rawValue: Int(attributes & 0x07)) }

    /// Whether the records section is one compressed blob (codec bits not 0).
    public var isCompressed: Bool { attributes & 0x07 != 0 }

    /// Which clock the timestamps come from (attributes bit 3).
    public var timestampType: RecordTimestampType { attributes & 0x08 != 0 ? .logAppendTime : .createTime }

    /// Whether the batch belongs to a transaction (attributes bit 4).
    public var isTransactional: Bool { attributes & 0x10 != 0 }

    /// Whether the batch holds control records such as transaction markers (attributes bit 5).
    public var isControl: Bool { attributes & 0x20 != 0 }

    /// Whether an idempotent or transactional producer wrote the batch.
    public var hasProducerId: Bool { producerId >= 0 }

    /// Computes the CRC-32C of the batch this header was parsed from (`crcCoverageStart..<totalSize`).
    ///
    /// - Precondition: the whole batch is readable from `index`.
    public func computeCRC(in buffer: ByteBuffer, at index: Int) -> UInt32 {
        let start = index + Self.crcCoverageStart
        let length = totalSize - Self.crcCoverageStart
        precondition(length >= 0 && start + length <= buffer.writerIndex, "batch not fully readable")
        return buffer.withUnsafeReadableBytes { bytes in
            let base = start - buffer.readerIndex
            return CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[base..<(base + length)]))
        }
    }

    /// Whether the stored CRC matches the batch's bytes.
    public func hasValidCRC(in buffer: ByteBuffer, at index: Int) -> Bool {
        computeCRC(in: buffer, at: index) == crc
    }
}
