import Foundation
import Synchronization

/// Hands out producer ids that stay unique across restarts of the broker.
///
/// Ids are reserved in blocks: before giving out the first id of a block, the allocator durably
/// records the block's end in `<data dir>/producer-ids` (decimal text, written atomically), so a
/// broker that crashes never hands out an id again. That costs one fsync per ``blockSize`` ids.
/// The first id after a start is also above every producer id found in the logs, in case the file
/// was lost.
final class ProducerIdAllocator: Sendable {
    static let fileName = "producer-ids"
    static let blockSize: Int64 = 1000

    private struct State {
        var next: Int64
        var reservedEnd: Int64
    }

    private let path: String
    private let state: Mutex<State>

    /// - Throws: `LogStorageError.corruptMetadata` if the file exists but cannot be read as a number.
    init(directory: String, atLeast minimum: Int64) throws {
        path = "\(directory)/\(Self.fileName)"
        var stored: Int64 = 0
        if FileSystem.fileExists(path) {
            let text = String(decoding: try FileSystem.readFile(path), as: UTF8.self)
            guard let value = Int64(text.trimmingCharacters(in: .whitespacesAndNewlines)), value >= 0 else {
                throw LogStorageError.corruptMetadata(path: path, reason: "not a producer id: '\(text)'")
            }
            stored = value
        }
        let start = max(stored, minimum, 0)
        state = Mutex(State(next: start, reservedEnd: start))
    }

    /// The next unused producer id.
    ///
    /// - Throws: an I/O error if a new block could not be recorded; no id is handed out then.
    func allocate() throws -> Int64 {
        try state.withLock { state throws -> Int64 in
            if state.next >= state.reservedEnd {
                let end = state.next + Self.blockSize
                try FileSystem.writeAtomically(Array("\(end)\n".utf8), to: path)
                state.reservedEnd = end
            }
            defer { state.next += 1 }
            return state.next
        }
    }
}
