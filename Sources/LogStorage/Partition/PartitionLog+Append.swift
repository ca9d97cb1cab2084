import KafkaProtocol
import Logging
import NIOCore

extension PartitionLog {
    /// Validates a produced records blob, assigns it offsets and writes it to the active segment.
    ///
    /// The write goes to the page cache; durability is the flusher's job (``LogManager/whenDurable(_:_:)``).
    /// Batches keep the producer's bytes; only `baseOffset` and `partitionLeaderEpoch` (-1) are rewritten.
    /// Batches with a producer id pass the idempotence checks of ``ProducerStateTable`` first; a
    /// retry of batches already written returns their original offsets with `isDuplicate` set and
    /// writes nothing.
    /// - Throws: `LogStorageError.invalidRecords` (CORRUPT_MESSAGE / INVALID_RECORD),
    ///   `.invalidRecordForCompactedTopic`, `.messageTooLarge`,
    ///   `.recordListTooLarge`, `.outOfOrderSequence`,
    ///   `.invalidProducerEpoch`, `.io`, `.closed`. Nothing is written when it throws.
    public func append(_ records: ByteBuffer) throws -> AppendResult {
        let batches: [ValidatedRecordBatch]
        do {
            batches = try RecordBatchValidator.validate(records)
        } catch let error as RecordBatchError {
            throw LogStorageError.invalidRecords(error)
        }
        if config.cleanupPolicy == .compact {
            try CompactedTopicRule.check(batches, in: records)
        }
        for batch in batches where batch.header.totalSize > config.maxMessageBytes {
            throw LogStorageError.messageTooLarge(size: batch.header.totalSize, limit: config.maxMessageBytes)
        }
        guard records.readableBytes <= config.segmentBytes else {
            throw LogStorageError.recordListTooLarge(size: records.readableBytes, limit: config.segmentBytes)
        }
        let offsetCount = batches.reduce(Int64(0)) { $0 + Int64($1.header.lastOffsetDelta) + 1 }
        let recordCount = batches.reduce(0) { $0 + Int($1.header.recordsCount) }
        let nowMs = WallClock.nowMs
        let waitsForFsync = environment.highWatermarkWaitsForFsync

        let (result, rolled) = try state.withLock { state throws -> (AppendResult, Bool) in
            guard !state.isClosed else { throw LogStorageError.closed }
            let baseOffset = state.logEndOffset
            let producers: [Int64: ProducerEntry]
            switch try state.producers.check(batches.map(\.header), baseOffset: baseOffset, nowMs: nowMs) {
            case .duplicate(let firstOffset, let lastOffset):
                let result = AppendResult(
                    baseOffset: firstOffset, lastOffset: lastOffset, logAppendTime: -1,
                    logStartOffset: state.logStartOffset, recordCount: recordCount, isDuplicate: true)
                return (result, false)
            case .append(let updated):
                producers = updated
            }
            let rolled = try rollIfNeeded(
                &state, incomingBytes: records.readableBytes, lastOffset: baseOffset + offsetCount - 1, nowMs: nowMs)
            let (patchOffsets, patches) = Self.headerPatches(for: batches, in: records, baseOffset: baseOffset)
            var active = state.active
            let start = active.size
            do {
                try active.segment.log.write(records, at: start, patching: patchOffsets, with: patches)
            } catch {
                try? active.segment.log.truncate(to: start)  // leave no partial batch behind
                throw error
            }
            var nextOffset = baseOffset
            for batch in batches {
                let batchBase = nextOffset
                nextOffset += Int64(batch.header.lastOffsetDelta) + 1
                let additions = active.track(
                    batchAt: start + Int64(batch.position - records.readerIndex), baseOffset: batchBase,
                    nextOffset: nextOffset, maxTimestamp: batch.header.maxTimestamp, size: batch.header.totalSize,
                    indexIntervalBytes: config.indexIntervalBytes)
                writeIndexAdditions(additions, of: active)
            }
            active.rollClockStartMs = active.rollClockStartMs ?? nowMs
            state.active = active
            state.producers.apply(producers)
            state.markUnsynced(active.segment)
            if !waitsForFsync {
                state.highWatermark = nextOffset
                state.highWatermarkPosition = state.endPosition
            }
            let result = AppendResult(
                baseOffset: baseOffset, lastOffset: nextOffset - 1, logAppendTime: -1,
                logStartOffset: state.logStartOffset, recordCount: recordCount)
            return (result, rolled)
        }

        guard !result.isDuplicate else { return result }
        switch environment.fsyncPolicy {
        case .ack: environment.flusher.markDirty(self, urgent: true)
        case .interval: environment.flusher.markDirty(self, urgent: rolled)
        case .never: if rolled { environment.flusher.markDirty(self, urgent: true) }
        }
        if !waitsForFsync {
            environment.highWatermarkAdvanced(self)
        }
        return result
    }

    /// The first 16 bytes of each batch as stored: the assigned `baseOffset`, the producer's
    /// `batchLength`, and `partitionLeaderEpoch` -1. All lie before the CRC-covered bytes.
    private static func headerPatches(
        for batches: [ValidatedRecordBatch], in records: ByteBuffer, baseOffset: Int64
    ) -> (offsets: [Int], bytes: [UInt8]) {
        var offsets: [Int] = []
        offsets.reserveCapacity(batches.count)
        var bytes = ByteBuffer()
        bytes.reserveCapacity(batches.count * 16)
        var nextOffset = baseOffset
        for batch in batches {
            offsets.append(batch.position - records.readerIndex)
            bytes.writeInteger(nextOffset)
            bytes.writeInteger(batch.header.batchLength)
            bytes.writeInteger(Int32(-1))
            nextOffset += Int64(batch.header.lastOffsetDelta) + 1
        }
        return (offsets, Array(bytes.readableBytesView))
    }

    /// Appends new index entries to the active segment's index files.
    ///
    /// A failure here is logged, not thrown: the batch is already in the log, the in-memory index
    /// is right, and recovery rebuilds index files that disagree with the log.
    private func writeIndexAdditions(_ additions: SegmentState.IndexAdditions, of segment: SegmentState) {
        guard let files = segment.indexFiles else { return }
        do {
            if let entry = additions.offsetEntry {
                let position = Int64((segment.offsetIndex.entries.count - 1) * OffsetIndex.entrySize)
                try OffsetIndex.encode(entry).withUnsafeBytes { try files.offsetIndex.write($0, at: position) }
            }
            if let entry = additions.timeEntry {
                let position = Int64((segment.timeIndex.entries.count - 1) * TimeIndex.entrySize)
                try TimeIndex.encode(entry).withUnsafeBytes { try files.timeIndex.write($0, at: position) }
            }
        } catch {
            logger.warning("could not write an index entry; it will be rebuilt on recovery: \(error)")
        }
    }

    /// Rolls to a new segment when the active one is non-empty and too big, too old, or would
    /// overflow its 32-bit relative offsets.
    private func rollIfNeeded(_ state: inout PartitionState, incomingBytes: Int, lastOffset: Int64, nowMs: Int64) throws -> Bool {
        let active = state.active
        guard !active.isEmpty else { return false }
        let tooBig = active.size + Int64(incomingBytes) > Int64(config.segmentBytes)
        let tooOld = active.rollClockStartMs.map { nowMs - $0 >= config.segmentMs } ?? false
        guard tooBig || tooOld || !active.canHold(offsetsUpTo: lastOffset) else { return false }
        try roll(&state)
        return true
    }

    /// Closes the active segment (its time index gets the segment's largest timestamp) and starts a
    /// new one at the log end. The old segment's tail, its index files and the new directory
    /// entries are left for the flusher to sync.
    func roll(_ state: inout PartitionState) throws {
        var old = state.active
        let (segment, indexFiles) = try LogSegment.create(baseOffset: state.logEndOffset, directory: directory)
        if let closing = old.closingTimeIndexEntry(), let files = old.indexFiles {
            let position = Int64(old.timeIndex.entries.count * TimeIndex.entrySize)
            try TimeIndex.encode(closing).withUnsafeBytes { try files.timeIndex.write($0, at: position) }
            old.timeIndex.append(closing)
        }
        if let files = old.indexFiles {
            state.unsyncedIndexFiles.append(files)
        }
        old.indexFiles = nil
        state.active = old
        state.markUnsynced(old.segment)
        var fresh = SegmentState(segment: segment)
        fresh.indexFiles = indexFiles
        state.segments.append(fresh)
        state.directoryNeedsSync = true
        logger.debug("rolled to a new segment", metadata: [LogMetadataKey.file: "\(segment.logPath)"])
    }
}
