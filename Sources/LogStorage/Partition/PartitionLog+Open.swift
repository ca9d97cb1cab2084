import Logging

extension PartitionLog {
    /// Opens (creating if needed) the log in `directory`, recovering it first.
    ///
    /// The active segment is always validated batch by batch; after an unclean shutdown every
    /// segment is. A damaged tail is truncated at the last good batch — and if that happens in an
    /// older segment, every later segment is deleted, since the log must stay contiguous. Each repair
    /// is logged as a warning. Finally the active segment is fsynced, so what recovery kept counts as
    /// durable and the high watermark can start at the log end.
    static func open(
        topic: String, partition: Int32, directory: String, config: LogConfig, environment: LogEnvironment,
        cleanShutdown: Bool
    ) throws -> PartitionLog {
        var logger = environment.logger
        logger[metadataKey: LogMetadataKey.topic] = "\(topic)"
        logger[metadataKey: LogMetadataKey.partition] = "\(partition)"
        try FileSystem.createDirectory(directory)
        let baseOffsets = try discoverSegments(in: directory, logger: logger)
        var producers = ProducerStateRecovery(snapshot: try takeProducerSnapshot(in: directory, cleanShutdown: cleanShutdown))
        var segments: [SegmentState] = []
        for (index, baseOffset) in baseOffsets.enumerated() {
            let isLast = index == baseOffsets.count - 1
            let file = try StorageFile.open(SegmentFileNames.logPath(directory: directory, baseOffset: baseOffset))
            let recovery = SegmentRecovery(
                segment: LogSegment(baseOffset: baseOffset, directory: directory, log: file),
                indexIntervalBytes: config.indexIntervalBytes, isActive: isLast, nowMs: WallClock.nowMs)
            let outcome: SegmentRecovery.Outcome
            if cleanShutdown && !isLast {
                outcome = try recovery.loadTrustingIndexes { producers.observe($0) }
                if !outcome.walked && producers.needsReplay(before: baseOffsets[index + 1]) {
                    try producers.scan(outcome.state)
                }
            } else {
                outcome = try recovery.recover { producers.observe($0) }
            }
            for repair in outcome.repairs {
                logger.warning("log recovery: \(repair)", metadata: [LogMetadataKey.file: "\(file.path)"])
            }
            if let previous = segments.indices.last, segments[previous].nextOffset < baseOffset {
                // Loaded from indexes, or compacted (offset gaps, possibly empty): ends where this one starts.
                segments[previous].nextOffset = baseOffset
            }
            segments.append(outcome.state)
            if outcome.truncated && !isLast {
                try dropSegments(baseOffsets[(index + 1)...], in: directory, after: outcome.state, logger: logger)
                break
            }
        }
        if segments.isEmpty {
            let (segment, indexFiles) = try LogSegment.create(baseOffset: 0, directory: directory)
            var state = SegmentState(segment: segment)
            state.indexFiles = indexFiles
            segments.append(state)
            try FileSystem.syncDirectory(directory)
        }
        var active = segments[segments.count - 1]
        if active.indexFiles == nil {
            active.indexFiles = SegmentIndexFiles(
                offsetIndex: try StorageFile.open(active.segment.offsetIndexPath, create: true),
                timeIndex: try StorageFile.open(active.segment.timeIndexPath, create: true))
            segments[segments.count - 1] = active
        }
        try active.segment.log.sync()
        let table = try producers.finish(segments: segments, logEndOffset: active.nextOffset)
        return PartitionLog(
            topic: topic, partition: partition, directory: directory, config: config, environment: environment,
            state: PartitionState(segments: segments, producers: table))
    }

    /// Base offsets of the segments in `directory`, removing index files whose log file is gone and
    /// unfinished compaction output.
    private static func discoverSegments(in directory: String, logger: Logger) throws -> [Int64] {
        let names = try FileSystem.contents(of: directory)
        var logs = Set<Int64>()
        for name in names {
            if let base = SegmentFileNames.baseOffset(of: name, fileExtension: SegmentFileNames.logExtension) {
                logs.insert(base)
            }
        }
        for name in names where name.hasSuffix(SegmentFileNames.cleanedExtension) {
            logger.warning("log recovery: removing \(directory)/\(name), left by a compaction that did not finish")
            try FileSystem.removeFile("\(directory)/\(name)")
        }
        for name in names {
            let base = SegmentFileNames.baseOffset(of: name, fileExtension: SegmentFileNames.offsetIndexExtension)
                ?? SegmentFileNames.baseOffset(of: name, fileExtension: SegmentFileNames.timeIndexExtension)
            if let base, !logs.contains(base) {
                logger.warning("log recovery: removing \(directory)/\(name), whose segment file is missing")
                try FileSystem.removeFile("\(directory)/\(name)")
            }
        }
        return logs.sorted()
    }

    private static func dropSegments(
        _ baseOffsets: ArraySlice<Int64>, in directory: String, after kept: SegmentState, logger: Logger
    ) throws {
        for baseOffset in baseOffsets {
            let file = SegmentFileNames.logPath(directory: directory, baseOffset: baseOffset)
            logger.warning(
                "log recovery: deleting \(file) because an earlier segment was truncated; the log now ends at offset \(kept.nextOffset)")
            try LogSegment(baseOffset: baseOffset, directory: directory, log: try StorageFile.open(file)).removeFiles()
        }
        try FileSystem.syncDirectory(directory)
    }
}
