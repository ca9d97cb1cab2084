import NIOCore

/// The sparse offset index of one segment: which byte position a batch starts at, for roughly
/// every `index.interval.bytes` of log.
///
/// On disk (`.index`) each entry is 8 bytes, big-endian: `relativeOffset u32 | position u32`, where
/// `relativeOffset` is the batch's base offset minus the segment's, and entries strictly increase
/// in both fields. The first batch of a segment has no entry: a lookup below every entry means
/// position 0.
struct OffsetIndex: Sendable, Hashable {
    static let entrySize = 8

    struct Entry: Sendable, Hashable {
        var relativeOffset: UInt32
        var position: UInt32
    }

    private(set) var entries: [Entry] = []

    init() {}

    /// Decodes an index file's bytes; nil if they are not a well-formed index for a log of `logSize` bytes.
    init?(decoding bytes: ByteBuffer, logSize: Int64) {
        guard bytes.readableBytes % Self.entrySize == 0 else { return nil }
        var bytes = bytes
        entries.reserveCapacity(bytes.readableBytes / Self.entrySize)
        while let relativeOffset = bytes.readInteger(as: UInt32.self), let position = bytes.readInteger(as: UInt32.self) {
            if let last = entries.last, last.relativeOffset >= relativeOffset || last.position >= position {
                return nil
            }
            guard Int64(position) < logSize else { return nil }
            entries.append(Entry(relativeOffset: relativeOffset, position: position))
        }
    }

    var isEmpty: Bool { entries.isEmpty }

    mutating func append(_ entry: Entry) {
        precondition(entries.last.map { $0.relativeOffset < entry.relativeOffset && $0.position < entry.position } ?? true)
        entries.append(entry)
    }

    /// Byte position of the last indexed batch whose base offset is at most `relativeOffset`
    /// (0 if none): the batch holding that offset starts there or later.
    func position(forRelativeOffset relativeOffset: UInt32) -> Int64 {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].relativeOffset <= relativeOffset { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? 0 : Int64(entries[low - 1].position)
    }

    static func encode(_ entry: Entry) -> [UInt8] {
        withUnsafeBytes(of: (entry.relativeOffset.bigEndian, entry.position.bigEndian)) { Array($0) }
    }

    /// The whole index in file form.
    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entries.count * Self.entrySize)
        for entry in entries { bytes += Self.encode(entry) }
        return bytes
    }
}
