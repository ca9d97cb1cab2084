import KafkaProtocol
import NIOCore

/// Walks the batches of a segment file from a position, reading the file in large chunks.
///
/// Used by reads (to find the batch holding an offset and whole-batch boundaries), by timestamp
/// lookups, and by recovery, which also verifies every batch's CRC-32C.
struct SegmentScanner {
    /// A batch found in the file.
    struct Batch {
        var position: Int64
        var header: RecordBatchHeader
    }

    /// What the scanner met at its current position.
    enum Step {
        case batch(Batch)
        /// The scan reached `limit` exactly.
        case end
        /// The bytes at `position` are not a whole, valid batch (torn write, garbage, zeros).
        case damaged(position: Int64, reason: String)
    }

    let file: StorageFile
    let limit: Int64
    let verifyCRC: Bool
    private let chunkSize: Int
    private(set) var position: Int64
    private var chunk = ByteBuffer()
    private var chunkStart: Int64 = 0

    init(file: StorageFile, from position: Int64, limit: Int64, verifyCRC: Bool, chunkSize: Int = 64 * 1024) {
        self.file = file
        self.position = position
        self.limit = limit
        self.verifyCRC = verifyCRC
        self.chunkSize = chunkSize
    }

    /// Reads the batch at the current position and moves past it.
    mutating func next() throws -> Step {
        guard position < limit else { return .end }
        let available = limit - position
        guard available >= Int64(RecordBatchHeader.size) else {
            return .damaged(position: position, reason: "\(available) trailing bytes, less than a batch header")
        }
        try ensureBuffered(count: RecordBatchHeader.size)
        let index = Int(position - chunkStart)
        let batchLength: Int32 = chunk.getInteger(at: index + 8)!
        guard batchLength >= RecordBatchHeader.minimumBatchLength else {
            return .damaged(position: position, reason: "batchLength \(batchLength)")
        }
        let header: RecordBatchHeader
        do {
            header = try RecordBatchHeader(parsing: chunk, at: index)
        } catch {
            return .damaged(position: position, reason: "\(error)")
        }
        guard Int64(header.totalSize) <= available else {
            return .damaged(position: position, reason: "batch of \(header.totalSize) bytes but only \(available) remain")
        }
        if verifyCRC {
            try ensureBuffered(count: header.totalSize)
            let index = Int(position - chunkStart)
            guard header.hasValidCRC(in: chunk, at: index) else {
                return .damaged(position: position, reason: "CRC-32C mismatch")
            }
        }
        let batch = Batch(position: position, header: header)
        position += Int64(header.totalSize)
        return .batch(batch)
    }

    /// The whole bytes of a batch just returned by ``next()``.
    mutating func bytes(of batch: Batch) throws -> ByteBuffer {
        let saved = position
        position = batch.position
        defer { position = saved }
        try ensureBuffered(count: batch.header.totalSize)
        return chunk.getSlice(at: Int(batch.position - chunkStart), length: batch.header.totalSize)!
    }

    /// Makes `count` bytes from `position` available in `chunk`, rereading if needed.
    private mutating func ensureBuffered(count: Int) throws {
        let end = position + Int64(count)
        if position >= chunkStart && end <= chunkStart + Int64(chunk.writerIndex) {
            return
        }
        let length = Int(min(limit - position, Int64(max(chunkSize, count))))
        chunk = try file.read(count: length, at: position)
        chunkStart = position
        guard chunk.writerIndex >= count else {
            throw LogStorageError.io("pread (file shorter than expected)", path: file.path, errno: 5)
        }
    }
}
