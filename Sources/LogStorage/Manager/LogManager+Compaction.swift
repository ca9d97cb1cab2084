import Logging

extension LogManager {
    /// Compacts every `cleanup.policy=compact` log now, whatever its dirty ratio.
    ///
    /// Blocks while the background cleaner is in a pass; errors are logged, and the affected log is
    /// left as it was.
    /// - Parameter now: wall-clock time (ms since the epoch) that tombstone ages are measured against.
    @discardableResult
    public func runCompaction(now: Int64) -> CompactionSummary {
        compactLogs(now: now) { _ in true }
    }

    /// Compacts every compacted log now, at the current time.
    @discardableResult
    public func runCompaction() -> CompactionSummary {
        runCompaction(now: WallClock.nowMs)
    }

    /// The background cleaner's pass: compacts the logs whose dirty ratio reached `min.cleanable.dirty.ratio`.
    @discardableResult
    func runScheduledCompaction() -> CompactionSummary {
        compactLogs(now: WallClock.nowMs) { log in
            let ratio = log.dirtyRatio
            return ratio > 0 && ratio >= log.config.minCleanableDirtyRatio
        }
    }

    @discardableResult
    private func compactLogs(now: Int64, where shouldCompact: (PartitionLog) -> Bool) -> CompactionSummary {
        compactionPass.withLock { _ in
            var summary = CompactionSummary()
            for log in allLogs() where log.config.cleanupPolicy == .compact && shouldCompact(log) {
                do {
                    summary.add(try log.compact(nowMs: now))
                } catch {
                    environment.logger.error("compaction of \(log.topic)-\(log.partition) failed: \(error)")
                }
            }
            return summary
        }
    }
}
