import Logging

extension PartitionLog {
    /// Fsyncs everything written since the last call, then (under `FsyncPolicy.ack`) advances the
    /// high watermark to the log end captured before syncing. Runs on the flusher thread only.
    ///
    /// - Returns: the error if an fsync failed; the work then stays queued and the high watermark
    ///   does not move.
    func syncPendingWrites() -> (any Error)? {
        let work = state.withLock { state in
            let work = (
                segments: state.unsyncedSegments, indexFiles: state.unsyncedIndexFiles,
                directory: state.directoryNeedsSync, endOffset: state.logEndOffset, endPosition: state.endPosition)
            state.unsyncedSegments = []
            state.unsyncedIndexFiles = []
            state.directoryNeedsSync = false
            return work
        }
        do {
            for segment in work.segments { try segment.log.sync() }
            for files in work.indexFiles { try files.sync() }
            if work.directory { try FileSystem.syncDirectory(directory) }
        } catch {
            logger.error("fsync failed; acknowledgements for this partition are held back: \(error)")
            state.withLock { state in
                state.unsyncedSegments.insert(contentsOf: work.segments, at: 0)
                state.unsyncedIndexFiles.insert(contentsOf: work.indexFiles, at: 0)
                state.directoryNeedsSync = state.directoryNeedsSync || work.directory
            }
            return error
        }
        guard environment.highWatermarkWaitsForFsync else { return nil }
        let advanced = state.withLock { state in
            guard work.endOffset > state.highWatermark else { return false }
            state.highWatermark = work.endOffset
            state.highWatermarkPosition = work.endPosition
            return true
        }
        if advanced {
            environment.highWatermarkAdvanced(self)
        }
        return nil
    }

    /// Under `FsyncPolicy.ack`: whether every append so far is durable (the high watermark only
    /// reaches the log end after a completed sync pass).
    var isDurableToEnd: Bool {
        state.withLock { $0.highWatermark >= $0.logEndOffset }
    }

    /// Stops the log: later calls fail with `LogStorageError.closed`; everything written is fsynced
    /// and the producer table is saved for the next start.
    func close() throws {
        let files = state.withLock { state -> (segments: [LogSegment], indexFiles: [SegmentIndexFiles], directory: Bool) in
            state.isClosed = true
            let active = state.active
            let files = (
                state.unsyncedSegments + [active.segment], state.unsyncedIndexFiles + [active.indexFiles].compactMap { $0 },
                state.directoryNeedsSync)
            state.unsyncedSegments = []
            state.unsyncedIndexFiles = []
            state.directoryNeedsSync = false
            return files
        }
        for segment in files.segments { try segment.log.sync() }
        for indexFiles in files.indexFiles { try indexFiles.sync() }
        if files.directory { try FileSystem.syncDirectory(directory) }
        try writeProducerSnapshot()
    }

    /// Stops the log because its topic is being deleted: later calls fail with `LogStorageError.closed`,
    /// and nothing is fsynced or snapshotted, since the files are about to be removed.
    func closeForDeletion() {
        state.withLock { state in
            state.isClosed = true
            state.unsyncedSegments = []
            state.unsyncedIndexFiles = []
            state.directoryNeedsSync = false
        }
    }
}
