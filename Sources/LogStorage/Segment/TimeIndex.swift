import NIOCore

/// The sparse time index of one segment, for finding offsets by timestamp.
///
/// On disk (`.timeindex`) each entry is 12 bytes, big-endian: `timestamp i64 | relativeOffset u32`.
/// An entry says: every batch up to and including the one at `relativeOffset` has a
/// `maxTimestamp` of at most `timestamp`. Timestamps strictly increase and offsets increase. The
/// last entry of a closed segment carries the segment's largest timestamp, which is what age-based
/// retention reads.
struct TimeIndex: Sendable, Hashable {
    static let entrySize = 12

    struct Entry: Sendable, Hashable {
        var timestamp: Int64
        var relativeOffset: UInt32
    }

    private(set) var entries: [Entry] = []

    init() {}

    /// Decodes an index file's bytes; nil if they are not a well-formed time index.
    init?(decoding bytes: ByteBuffer) {
        guard bytes.readableBytes % Self.entrySize == 0 else { return nil }
        var bytes = bytes
        while let timestamp = bytes.readInteger(as: Int64.self), let relativeOffset = bytes.readInteger(as: UInt32.self) {
            if let last = entries.last, last.timestamp >= timestamp || last.relativeOffset > relativeOffset {
                return nil
            }
            entries.append(Entry(timestamp: timestamp, relativeOffset: relativeOffset))
        }
    }

    var isEmpty: Bool { entries.isEmpty }
    var last: Entry? { entries.last }

    /// Whether an entry `(timestamp, relativeOffset)` may follow the existing ones.
    func accepts(timestamp: Int64, relativeOffset: UInt32) -> Bool {
        guard let last = entries.last else { return true }
        return timestamp > last.timestamp && relativeOffset >= last.relativeOffset
    }

    mutating func append(_ entry: Entry) {
        precondition(accepts(timestamp: entry.timestamp, relativeOffset: entry.relativeOffset))
        entries.append(entry)
    }

    /// The relative offset from which to scan for the first batch with `maxTimestamp >= timestamp`:
    /// that of the last entry whose timestamp is below it (every batch before it is too old), or nil
    /// to scan from the start of the segment.
    func startingRelativeOffset(forTimestamp timestamp: Int64) -> UInt32? {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].timestamp < timestamp { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : entries[low - 1].relativeOffset
    }

    static func encode(_ entry: Entry) -> [UInt8] {
        var bytes = withUnsafeBytes(of: entry.timestamp.bigEndian) { Array($0) }
        bytes += withUnsafeBytes(of: entry.relativeOffset.bigEndian) { Array($0) }
        return bytes
    }

    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entries.count * Self.entrySize)
        for entry in entries { bytes += Self.encode(entry) }
        return bytes
    }
}
