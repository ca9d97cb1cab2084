import KafkaProtocol
/// One entry of the committed-offsets log.
///
/// On disk: `u32 body length | u32 CRC-32C of body | body`, big-endian. Body: `u8 kind`, then
/// for a commit `group, topic (u16 length + UTF-8), i32 partition, i64 offset, i32 leader epoch,
/// metadata (i32 length, −1 = null), i64 commit timestamp`; for a group deletion just `group`;
/// for a topic deletion (every group forgets the topic) just `topic`.
enum OffsetLogRecord: Hashable {
    case commit(group: String, entry: OffsetCommitEntry)
    case deleteGroup(String)
    case deleteTopic(String)

    static let headerSize = 8
    /// Anything longer is taken for garbage left by a torn write rather than allocated.
    static let maximumBodySize = 1 << 20

    func encoded() -> [UInt8] {
        var body: [UInt8] = []
        switch self {
        case .commit(let group, let entry):
            body.append(1)
            body.appendShortString(group)
            body.appendShortString(entry.topic)
            body.appendInteger(entry.partition)
            body.appendInteger(entry.committed.offset)
            body.appendInteger(entry.committed.leaderEpoch)
            if let metadata = entry.committed.metadata {
                body.appendInteger(Int32(metadata.utf8.count))
                body.append(contentsOf: metadata.utf8)
            } else {
                body.appendInteger(Int32(-1))
            }
            body.appendInteger(entry.committed.commitTimestamp)
        case .deleteGroup(let group):
            body.append(2)
            body.appendShortString(group)
        case .deleteTopic(let topic):
            body.append(3)
            body.appendShortString(topic)
        }
        var record: [UInt8] = []
        record.reserveCapacity(Self.headerSize + body.count)
        record.appendInteger(UInt32(body.count))
        record.appendInteger(CRC32C.checksum(body))
        record.append(contentsOf: body)
        return record
    }

    /// Decodes the record starting at `start`, returning it with its encoded size; nil when the
    /// bytes there are not a whole, intact record (a torn or corrupted tail).
    static func decode(_ bytes: [UInt8], at start: Int) -> (record: OffsetLogRecord, size: Int)? {
        var header = ByteReader(bytes, at: start)
        guard let length = header.readInteger(UInt32.self), let checksum = header.readInteger(UInt32.self),
            length <= maximumBodySize, bytes.count - header.position >= Int(length)
        else { return nil }
        let end = header.position + Int(length)
        let valid = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[header.position..<end])) == checksum }
        guard valid else { return nil }
        var body = ByteReader(bytes, at: header.position, end: end)
        guard let record = decodeBody(&body), body.position == end else { return nil }
        return (record, end - start)
    }

    private static func decodeBody(_ body: inout ByteReader) -> OffsetLogRecord? {
        switch body.readInteger(UInt8.self) {
        case 1:
            guard let group = body.readShortString(), let topic = body.readShortString(),
                let partition = body.readInteger(Int32.self), let offset = body.readInteger(Int64.self),
                let leaderEpoch = body.readInteger(Int32.self), let metadataLength = body.readInteger(Int32.self)
            else { return nil }
            var metadata: String?
            if metadataLength >= 0 {
                guard let text = body.readString(length: Int(metadataLength)) else { return nil }
                metadata = text
            }
            guard let timestamp = body.readInteger(Int64.self) else { return nil }
            let committed = CommittedOffset(
                offset: offset,
                leaderEpoch: leaderEpoch,
                metadata: metadata,
                commitTimestamp: timestamp
            )
            return .commit(group: group, entry: OffsetCommitEntry(topic: topic, partition: partition, committed: committed))
        case 2:
            return body.readShortString().map(OffsetLogRecord.deleteGroup)
        case 3:
            return body.readShortString().map(OffsetLogRecord.deleteTopic)
        default:
            return nil
        }
    }
}

extension [UInt8] {
    fileprivate mutating func appendInteger<Integer: FixedWidthInteger>(_ value: Integer) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }

    /// Group ids and topic names are Kafka strings, at most 32767 bytes, so a u16 length suffices.
    fileprivate mutating func appendShortString(_ text: String) {
        appendInteger(UInt16(truncatingIfNeeded: text.utf8.count))
        append(contentsOf: text.utf8)
    }
}

/// Reads big-endian fields from a byte array without ever reading past `end`.
private struct ByteReader {
    private let bytes: [UInt8]
    private(set) var position: Int
    private let end: Int

    init(_ bytes: [UInt8], at position: Int, end: Int? = nil) {
        self.bytes = bytes
        self.position = position
        self.end = end ?? bytes.count
    }

    mutating func readInteger<Integer: FixedWidthInteger>(_: Integer.Type) -> Integer? {
        let size = MemoryLayout<Integer>.size
        guard end - position >= size else { return nil }
        var value: Integer = 0
        for byte in bytes[position..<position + size] {
            value = value << 8 | Integer(byte)
        }
        position += size
        return value
    }

    mutating func readString(length: Int) -> String? {
        guard length >= 0, end - position >= length else { return nil }
        let text = String(validating: bytes[position..<position + length], as: UTF8.self)
        position += length
        return text
    }

    mutating func readShortString() -> String? {
        readInteger(UInt16.self).flatMap { readString(length: Int($0)) }
    }
}
