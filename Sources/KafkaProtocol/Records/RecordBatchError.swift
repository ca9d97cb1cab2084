/// A produced or stored records blob that is not a valid sequence of RecordBatch v2 batches.
///
/// Errors fall in two families the broker answers differently: ``isCorrupt`` errors (bytes damaged
/// or cut short: bad CRC, truncated batch, nonsensical length) map to CORRUPT_MESSAGE (2); the rest
/// (well-formed but not acceptable: wrong magic, inconsistent counts, control batch from a client)
/// map to INVALID_RECORD (87).
public struct RecordBatchError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case empty
        case truncated(position: Int, needed: Int, available: Int)
        case invalidBatchLength(position: Int, batchLength: Int32)
        case crcMismatch(position: Int, stored: UInt32, computed: UInt32)
        case unsupportedMagic(position: Int, magic: Int8)
        case invalidRecordCount(position: Int, recordsCount: Int32, lastOffsetDelta: Int32)
        case controlBatch(position: Int)
        case unsupportedCompression(position: Int, codec: Int)
        case recordFramingMismatch(position: Int, reason: String)
        case compressedBatch(position: Int)
        case malformedRecord(String)
    }

    private let code: Code

    private init(_ code: Code) {
        self.code = code
    }

    /// The records blob holds no batch at all.
    public static let empty = RecordBatchError(.empty)

    /// The blob ends inside the batch starting at `position`.
    public static func truncated(position: Int, needed: Int, available: Int) -> RecordBatchError {
        RecordBatchError(.truncated(position: position, needed: needed, available: available))
    }

    /// The batch at `position` announces a length too small to hold its own header.
    public static func invalidBatchLength(position: Int, batchLength: Int32) -> RecordBatchError {
        RecordBatchError(.invalidBatchLength(position: position, batchLength: batchLength))
    }

    /// The CRC-32C stored in the batch at `position` does not match its bytes.
    public static func crcMismatch(position: Int, stored: UInt32, computed: UInt32) -> RecordBatchError {
        RecordBatchError(.crcMismatch(position: position, stored: stored, computed: computed))
    }

    /// The batch at `position` is not message format v2.
    public static func unsupportedMagic(position: Int, magic: Int8) -> RecordBatchError {
        RecordBatchError(.unsupportedMagic(position: position, magic: magic))
    }

    /// `recordsCount` is not `lastOffsetDelta + 1`, or the batch is empty.
    public static func invalidRecordCount(position: Int, recordsCount: Int32, lastOffsetDelta: Int32) -> RecordBatchError {
        RecordBatchError(.invalidRecordCount(position: position, recordsCount: recordsCount, lastOffsetDelta: lastOffsetDelta))
    }

    /// A client sent a control batch, which only the broker may write.
    public static func controlBatch(position: Int) -> RecordBatchError {
        RecordBatchError(.controlBatch(position: position))
    }

    /// The batch at `position` names a compression codec that does not exist.
    public static func unsupportedCompression(position: Int, codec: Int) -> RecordBatchError {
        RecordBatchError(.unsupportedCompression(position: position, codec: codec))
    }

    /// The records inside the uncompressed batch at `position` do not add up to what its header says.
    public static func recordFramingMismatch(position: Int, reason: String) -> RecordBatchError {
        RecordBatchError(.recordFramingMismatch(position: position, reason: reason))
    }

    /// The batch at `position` is compressed; this module reads only uncompressed records.
    public static func compressedBatch(position: Int) -> RecordBatchError {
        RecordBatchError(.compressedBatch(position: position))
    }

    /// A record inside a batch cannot be decoded.
    public static func malformedRecord(_ reason: String) -> RecordBatchError {
        RecordBatchError(.malformedRecord(reason))
    }

    /// Whether the bytes are damaged (CORRUPT_MESSAGE) rather than merely unacceptable (INVALID_RECORD).
    public var isCorrupt: Bool {
        switch code {
        case .truncated, .invalidBatchLength, .crcMismatch, .malformedRecord:
            true
        case .empty, .unsupportedMagic, .invalidRecordCount, .controlBatch, .unsupportedCompression, .recordFramingMismatch,
            .compressedBatch:
            false
        }
    }

    /// The Kafka error code a broker answers with: CORRUPT_MESSAGE (2) or INVALID_RECORD (87).
    public var kafkaErrorCode: Int16 {
        isCorrupt ? 2 : 87
    }

    public var description: String {
        switch code {
        case .empty:
            "records blob holds no batch"
        case .truncated(let position, let needed, let available):
            "batch at byte \(position) needs \(needed) bytes but only \(available) remain"
        case .invalidBatchLength(let position, let batchLength):
            "batch at byte \(position) has invalid batchLength \(batchLength)"
        case .crcMismatch(let position, let stored, let computed):
            "batch at byte \(position) has CRC-32C \(hex(stored)) but its bytes give \(hex(computed))"
        case .unsupportedMagic(let position, let magic):
            "batch at byte \(position) has magic \(magic), only 2 is supported"
        case .invalidRecordCount(let position, let recordsCount, let lastOffsetDelta):
            "batch at byte \(position) has recordsCount \(recordsCount) but lastOffsetDelta \(lastOffsetDelta)"
        case .controlBatch(let position):
            "batch at byte \(position) is a control batch"
        case .unsupportedCompression(let position, let codec):
            "batch at byte \(position) uses unknown compression codec \(codec)"
        case .recordFramingMismatch(let position, let reason):
            "batch at byte \(position): \(reason)"
        case .compressedBatch(let position):
            "batch at byte \(position) is compressed and cannot be decoded here"
        case .malformedRecord(let reason):
            "malformed record: \(reason)"
        }
    }

    private func hex(_ value: UInt32) -> String {
        "0x" + String(value, radix: 16, uppercase: true)
    }
}
