import KafkaProtocol
import NIOCore

/// The producer table of one partition as of a log offset, saved at clean shutdown so a restart
/// need not scan the log to rebuild it.
///
/// File `<partition dir>/producers.snapshot`, big-endian: `version i16 = 1 | offset i64 | count i32`,
/// then per producer `producerId i64 | epoch i16 | lastTimestamp i64 | batchCount i8` and per batch
/// `firstSequence i32 | lastSequence i32 | firstOffset i64 | lastOffset i64`, then a CRC-32C (u32)
/// of everything before it. `offset` is the log end when it was written: batches from there on
/// are replayed from the log on top of it.
struct ProducerStateSnapshot: Sendable {
    static let fileName = "producers.snapshot"
    static let version: Int16 = 1

    var offset: Int64
    var table: ProducerStateTable

    static func path(directory: String) -> String { "\(directory)/\(fileName)" }

    func encoded() -> [UInt8] {
        var buffer = ByteBuffer()
        buffer.writeInteger(Self.version)
        buffer.writeInteger(offset)
        buffer.writeInteger(Int32(table.entries.count))
        for (producerId, entry) in table.entries.sorted(by: { $0.key < $1.key }) {
            buffer.writeInteger(producerId)
            buffer.writeInteger(entry.epoch)
            buffer.writeInteger(entry.lastTimestamp)
            buffer.writeInteger(Int8(entry.batches.count))
            for batch in entry.batches {
                buffer.writeInteger(batch.firstSequence)
                buffer.writeInteger(batch.lastSequence)
                buffer.writeInteger(batch.firstOffset)
                buffer.writeInteger(batch.lastOffset)
            }
        }
        buffer.writeInteger(CRC32C.checksum(buffer))
        return Array(buffer.readableBytesView)
    }

    /// Decodes a snapshot file's bytes; nil if they are damaged or not a snapshot of this version.
    init?(decoding bytes: [UInt8]) {
        guard bytes.count >= 4 else { return nil }
        var buffer = ByteBuffer(bytes: bytes.dropLast(4))
        let storedCRC = ByteBuffer(bytes: bytes.suffix(4)).getInteger(at: 0, as: UInt32.self)
        guard storedCRC == CRC32C.checksum(buffer),
            buffer.readInteger(as: Int16.self) == Self.version,
            let offset = buffer.readInteger(as: Int64.self),
            let count = buffer.readInteger(as: Int32.self), count >= 0
        else { return nil }
        var entries: [Int64: ProducerEntry] = [:]
        for _ in 0..<count {
            guard let producerId = buffer.readInteger(as: Int64.self), let epoch = buffer.readInteger(as: Int16.self),
                let lastTimestamp = buffer.readInteger(as: Int64.self), let batchCount = buffer.readInteger(as: Int8.self),
                batchCount >= 0
            else { return nil }
            var batches: [ProducerBatch] = []
            for _ in 0..<batchCount {
                guard let first = buffer.readInteger(as: Int32.self), let last = buffer.readInteger(as: Int32.self),
                    let firstOffset = buffer.readInteger(as: Int64.self), let lastOffset = buffer.readInteger(as: Int64.self)
                else { return nil }
                batches.append(ProducerBatch(firstSequence: first, lastSequence: last, firstOffset: firstOffset, lastOffset: lastOffset))
            }
            entries[producerId] = ProducerEntry(epoch: epoch, batches: batches, lastTimestamp: lastTimestamp)
        }
        guard buffer.readableBytes == 0 else { return nil }
        self.init(offset: offset, table: ProducerStateTable(entries: entries))
    }

    init(offset: Int64, table: ProducerStateTable) {
        self.offset = offset
        self.table = table
    }

    /// The snapshot in `directory`, or nil if there is none or it cannot be used.
    static func load(directory: String) throws -> ProducerStateSnapshot? {
        let path = path(directory: directory)
        guard FileSystem.fileExists(path) else { return nil }
        return ProducerStateSnapshot(decoding: try FileSystem.readFile(path))
    }

    func write(directory: String) throws {
        try FileSystem.writeAtomically(encoded(), to: Self.path(directory: directory))
    }
}
