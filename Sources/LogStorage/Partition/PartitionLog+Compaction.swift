import Logging

extension PartitionLog {
    /// What a compaction pass works on, captured under the lock.
    private struct CompactionScope {
        /// Closed segments wholly below the high watermark, oldest first.
        var segments: [SegmentState]
        var preservedBatchOffsets: Set<Int64>
    }

    /// The share of the cleanable bytes (closed segments below the high watermark) written since
    /// the last compaction; 0 when there is nothing to clean.
    var dirtyRatio: Double {
        state.withLock { state in
            let scope = Self.cleanableSegments(in: state)
            let total = scope.reduce(Int64(0)) { $0 + $1.size }
            let dirty = scope.filter { $0.nextOffset > state.compactedUpTo }.reduce(Int64(0)) { $0 + $1.size }
            return total == 0 ? 0 : Double(dirty) / Double(total)
        }
    }

    /// Compacts the closed segments of a `cleanup.policy=compact` log: keeps the newest record of
    /// each key, drops tombstones older than `delete.retention.ms`, and keeps every offset as it was.
    ///
    /// The active segment is never touched, so appends go on meanwhile. Each changed segment is
    /// written to `<segment>.log.cleaned`, fsynced and renamed over the segment (a crash leaves the
    /// old or the new file, never a mix; a leftover `.cleaned` file is removed at start), then its
    /// indexes are rebuilt and it replaces the old one in the partition's state under a brief lock.
    /// Reads in flight keep reading the old file through their open descriptor.
    func compact(nowMs: Int64) throws -> CompactionSummary {
        guard config.cleanupPolicy == .compact else { return CompactionSummary() }
        let scope = state.withLock { state -> CompactionScope? in
            guard !state.isClosed else { return nil }
            let preserved = state.producers.entries.values.flatMap { $0.batches.map(\.firstOffset) }
            return CompactionScope(segments: Self.cleanableSegments(in: state), preservedBatchOffsets: Set(preserved))
        }
        guard let scope, !scope.segments.isEmpty else { return CompactionSummary() }
        var latest = LatestKeyOffsets()
        for segment in scope.segments { try latest.add(segment, preservedBatchOffsets: scope.preservedBatchOffsets) }

        var summary = CompactionSummary()
        for segment in scope.segments {
            let dropsTombstones = segment.maxTimestamp >= 0 && nowMs - segment.maxTimestamp >= config.deleteRetentionMs
            let cleaner = SegmentCleaner(
                latest: latest, dropsTombstones: dropsTombstones, preservedBatchOffsets: scope.preservedBatchOffsets)
            let removable = try cleaner.removableRecords(in: segment)
            guard removable > 0 else { continue }
            try cleaner.writeCleanedCopy(of: segment)
            let cleaned = try install(SegmentCleaner.cleanedPath(of: segment.segment), replacing: segment)
            summary.segmentsRewritten += 1
            summary.recordsRemoved += removable
            summary.bytesBefore += segment.size
            summary.bytesAfter += cleaned.size
        }
        let cleanedEnd = scope.segments[scope.segments.count - 1].nextOffset
        state.withLock { $0.compactedUpTo = max($0.compactedUpTo, cleanedEnd) }
        if summary.segmentsRewritten > 0 {
            logger.info("compacted \(summary.segmentsRewritten) segment(s)", metadata: [
                "emostream.log.records_removed": "\(summary.recordsRemoved)",
                "emostream.log.bytes_before": "\(summary.bytesBefore)", "emostream.log.bytes_after": "\(summary.bytesAfter)",
            ])
        }
        return summary
    }

    /// Renames the fsynced cleaned copy over `original`'s file, rebuilds its indexes from it and
    /// swaps it into the state.
    private func install(_ cleanedPath: String, replacing original: SegmentState) throws -> SegmentState {
        let logPath = original.segment.logPath
        try FileSystem.renameFile(cleanedPath, to: logPath)
        try FileSystem.syncDirectory(directory)
        let segment = LogSegment(baseOffset: original.baseOffset, directory: directory, log: try StorageFile.open(logPath))
        // The walk checks the new file and rewrites both index files to match it.
        var cleaned = try SegmentRecovery(
            segment: segment, indexIntervalBytes: config.indexIntervalBytes, isActive: false, nowMs: WallClock.nowMs
        ).recover().state
        cleaned.nextOffset = original.nextOffset
        cleaned.rollClockStartMs = original.rollClockStartMs
        let installed = cleaned
        state.withLock { state in
            guard let index = state.segments.firstIndex(where: { $0.segment === original.segment }) else { return }
            state.segments[index] = installed
            // The high watermark may sit at the end of this segment (nothing appended since it
            // rolled): it is a byte position, and the segment's last byte has moved.
            if state.highWatermarkPosition.segmentBaseOffset == installed.baseOffset {
                state.highWatermarkPosition.filePosition = installed.size
            }
        }
        return cleaned
    }

    /// Closed segments whose every byte is below the high watermark (so durable under `ack`).
    private static func cleanableSegments(in state: PartitionState) -> [SegmentState] {
        var segments: [SegmentState] = []
        for index in 0..<(state.segments.count - 1) {
            guard state.readLimit(ofSegmentAt: index) == state.segments[index].size else { break }
            segments.append(state.segments[index])
        }
        return segments
    }
}
