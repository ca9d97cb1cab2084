import Foundation
import Logging
import Synchronization

/// Committed consumer-group offsets, kept in memory and in an append-only log that survives restarts.
///
/// Durability is two-step so that one fsync can cover many commits: `commit` appends and makes
/// the offsets visible, `sync` makes everything appended so far durable. Acknowledge an
/// OffsetCommit only after `sync` returns. Both block on disk I/O: call them off the event loop.
/// When the log holds many more records than live entries, `sync` rewrites it with one record per
/// entry (temporary file + rename, so a crash leaves either the old or the new log whole).
public final class OffsetStore: Sendable {
    /// The log file inside `directory`.
    public static let fileName = "offsets.log"

    private struct State: Sendable {
        var file: OffsetLogFile?
        var offsets: [String: [OffsetPartitionKey: CommittedOffset]] = [:]
        var fileLength = 0
        var recordCount = 0
        /// Bumped by every append; `sync` compares it with what it last made durable.
        var appendedSequence: UInt64 = 0

        var liveCount: Int { offsets.values.reduce(0) { $0 + $1.count } }

        mutating func apply(_ record: OffsetLogRecord) {
            switch record {
            case .commit(let group, let entry):
                offsets[group, default: [:]][OffsetPartitionKey(topic: entry.topic, partition: entry.partition)] =
                    entry.committed
            case .deleteGroup(let group):
                offsets[group] = nil
            case .deleteTopic(let topic):
                for group in Array(offsets.keys) {
                    offsets[group] = offsets[group]?.filter { $0.key.topic != topic }
                    if offsets[group]?.isEmpty == true { offsets[group] = nil }
                }
            }
        }
    }

    public let directory: String
    private let compactionRatio: Int
    private let minimumRecordsBeforeCompaction: Int
    private let logger: Logger
    private let state: Mutex<State>
    /// Serialises fsyncs and compactions; holds the last sequence known to be durable.
    private let syncedSequence = Mutex<UInt64>(0)

    /// Opens the log in `directory` (created if missing), loading every intact record and cutting
    /// off a torn tail left by a crash mid-write.
    ///
    /// - Parameters:
    ///   - directory: for the broker, `<data dir>/__consumer_offsets`.
    ///   - compactionRatio: rewrite the log once it holds this many times more records than live entries.
    ///   - minimumRecordsBeforeCompaction: never rewrite a log smaller than this.
    public init(
        directory: String,
        compactionRatio: Int = 4,
        minimumRecordsBeforeCompaction: Int = 1_000,
        logger: Logger
    ) throws {
        precondition(compactionRatio >= 2, "compacting when records equal live entries would rewrite on every sync")
        self.directory = directory
        self.compactionRatio = compactionRatio
        self.minimumRecordsBeforeCompaction = minimumRecordsBeforeCompaction
        self.logger = logger
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw OffsetStoreError.createDirectory(directory, reason: "\(error)")
        }
        let path = directory + "/" + Self.fileName
        let file = try OffsetLogFile.open(path: path)
        var loaded = State(file: file)
        do {
            try OffsetLogFile.syncDirectory(containing: path)
            let bytes = try file.readAll()
            while loaded.fileLength < bytes.count,
                let (record, size) = OffsetLogRecord.decode(bytes, at: loaded.fileLength)
            {
                loaded.apply(record)
                loaded.fileLength += size
                loaded.recordCount += 1
            }
            if loaded.fileLength < bytes.count {
                logger.warning(
                    "Cutting off a torn tail of the offsets log",
                    metadata: ["path": "\(path)", "kept_bytes": "\(loaded.fileLength)", "dropped_bytes": "\(bytes.count - loaded.fileLength)"]
                )
                try file.truncate(to: loaded.fileLength)
                try file.sync()
            }
        } catch {
            file.close()
            throw error
        }
        self.state = Mutex(loaded)
        _ = try compactIfNeeded()
    }

    /// Appends one OffsetCommit's entries and makes them visible to `fetch`; call `sync` before
    /// acknowledging.
    public func commit(group: String, entries: [OffsetCommitEntry]) throws {
        try append(entries.map { .commit(group: group, entry: $0) })
    }

    /// Forgets a group's offsets (DeleteGroups); call `sync` before acknowledging.
    public func deleteGroup(_ group: String) throws {
        try append([.deleteGroup(group)])
    }

    /// Forgets every group's offsets for a deleted topic, so a topic created again under its name
    /// starts without stale positions; call `sync` before acknowledging.
    public func deleteTopic(_ topic: String) throws {
        try append([.deleteTopic(topic)])
    }

    private func append(_ records: [OffsetLogRecord]) throws {
        try state.withLock { state in
            guard let file = state.file else { throw OffsetStoreError.closed }
            let bytes = records.flatMap { $0.encoded() }
            do {
                try file.append(bytes)
            } catch {
                // Leave no partial record behind: later records would sit after garbage and be lost on reload.
                try? file.truncate(to: state.fileLength)
                throw error
            }
            state.fileLength += bytes.count
            state.recordCount += records.count
            state.appendedSequence += 1
            for record in records { state.apply(record) }
        }
    }

    /// Makes every commit appended so far durable, then compacts the log if it has grown too large.
    ///
    /// Concurrent callers share fsyncs: one that finds its commits already covered returns at once.
    /// A failed compaction is logged and retried later; it never loses data, so it is not thrown.
    public func sync() throws {
        try syncedSequence.withLock { synced in
            let (file, target) = try state.withLock { state in
                guard let file = state.file else { throw OffsetStoreError.closed }
                return (file, state.appendedSequence)
            }
            guard synced < target else { return }
            try file.sync()
            synced = target
            do {
                _ = try compactLocked()
            } catch {
                logger.warning("Compacting the offsets log failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Rewrites the log with one record per live entry if it holds too many superseded ones.
    ///
    /// - Returns: whether it rewrote the log.
    @discardableResult
    public func compactIfNeeded() throws -> Bool {
        try syncedSequence.withLock { _ in try compactLocked() }
    }

    /// Requires `syncedSequence` to be held, so that no fsync runs on the file being replaced.
    private func compactLocked() throws -> Bool {
        try state.withLock { state in
            guard let file = state.file else { throw OffsetStoreError.closed }
            let live = state.liveCount
            guard state.recordCount > max(minimumRecordsBeforeCompaction, compactionRatio * live) else { return false }
            var contents: [UInt8] = []
            for (group, partitions) in state.offsets {
                for (key, committed) in partitions {
                    let entry = OffsetCommitEntry(topic: key.topic, partition: key.partition, committed: committed)
                    contents += OffsetLogRecord.commit(group: group, entry: entry).encoded()
                }
            }
            let replacement = try OffsetLogFile.replace(path: file.path, with: contents)
            file.close()
            logger.debug(
                "Compacted the offsets log",
                metadata: ["records_before": "\(state.recordCount)", "records_after": "\(live)"]
            )
            state.file = replacement
            state.fileLength = contents.count
            state.recordCount = live
            return true
        }
    }

    /// The offset a group committed for one partition, or nil if it never did.
    public func fetch(group: String, topic: String, partition: Int32) -> CommittedOffset? {
        state.withLock { $0.offsets[group]?[OffsetPartitionKey(topic: topic, partition: partition)] }
    }

    /// Every offset a group committed (OffsetFetch with null topics).
    public func fetchAll(group: String) -> [OffsetPartitionKey: CommittedOffset] {
        state.withLock { $0.offsets[group] ?? [:] }
    }

    /// Every group with committed offsets, sorted; ListGroups adds those the coordinator does not know.
    public func groups() -> [String] {
        state.withLock { Array($0.offsets.keys) }.sorted()
    }

    deinit {
        state.withLock { $0.file?.close() }
    }

    /// Closes the log file; later commits throw `OffsetStoreError.closed`, reads still answer.
    public func close() {
        syncedSequence.withLock { _ in
            state.withLock { state in
                state.file?.close()
                state.file = nil
            }
        }
    }
}
