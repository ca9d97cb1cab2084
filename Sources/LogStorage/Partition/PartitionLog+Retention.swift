import Logging

extension PartitionLog {
    /// Deletes the oldest segments that retention allows to go, and advances the log start offset.
    ///
    /// A segment goes when its largest timestamp is older than `retention.ms`, or while the log
    /// without it would still be at least `retention.bytes`. The active segment always stays, and so
    /// does anything at or above the high watermark. Files are unlinked after the lock is released;
    /// reads in flight keep their descriptors until they finish.
    /// - Returns: the number of segments deleted.
    @discardableResult
    func applyRetention(nowMs: Int64) -> Int {
        guard config.cleanupPolicy == .delete else { return 0 }
        let removed = state.withLock { state -> [SegmentState] in
            guard !state.isClosed else { return [] }
            var remainingBytes = state.sizeInBytes
            var count = 0
            while count < state.segments.count - 1 {
                let segment = state.segments[count]
                let successorBase = state.segments[count + 1].baseOffset
                let expiredByTime = config.retentionMs >= 0 && segment.maxTimestamp >= 0
                    && nowMs - segment.maxTimestamp > config.retentionMs
                let expiredBySize = config.retentionBytes >= 0 && remainingBytes - segment.size >= config.retentionBytes
                guard (expiredByTime || expiredBySize) && successorBase <= state.highWatermark else { break }
                remainingBytes -= segment.size
                count += 1
            }
            guard count > 0 else { return [] }
            let removed = Array(state.segments[..<count])
            state.segments.removeFirst(count)
            state.logStartOffset = max(state.logStartOffset, state.segments[0].baseOffset)
            return removed
        }
        for segment in removed {
            do {
                try segment.segment.removeFiles()
            } catch {
                logger.error("retention could not delete a segment: \(error)")
            }
        }
        if let last = removed.last {
            logger.info(
                "retention deleted \(removed.count) segment(s)",
                metadata: ["emostream.log.deleted_up_to": "\(last.nextOffset)", "emostream.log.start_offset": "\(logStartOffset)"])
        }
        return removed.count
    }
}
