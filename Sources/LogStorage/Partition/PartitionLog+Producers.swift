import Logging

extension PartitionLog {
    /// Reads the producer snapshot a clean shutdown left and removes the file.
    ///
    /// Only a clean shutdown's snapshot is used: after a crash recovery walks every batch, which
    /// rebuilds the table anyway, while a snapshot from an earlier run may describe batches that
    /// recovery has since cut off. Removing it means a stale one is never read later either.
    static func takeProducerSnapshot(in directory: String, cleanShutdown: Bool) throws -> ProducerStateSnapshot? {
        let snapshot = cleanShutdown ? try ProducerStateSnapshot.load(directory: directory) : nil
        try FileSystem.removeFile(ProducerStateSnapshot.path(directory: directory))
        return snapshot
    }

    /// Writes the producer table as of the log end, for the next start after this clean shutdown.
    func writeProducerSnapshot() throws {
        let snapshot = state.withLock { state in
            ProducerStateSnapshot(offset: state.logEndOffset, table: state.producers)
        }
        try snapshot.write(directory: directory)
    }

    /// Forgets producers that have not appended for ``ProducerEntry/expirationMs``.
    func expireProducers(nowMs: Int64) {
        state.withLock { $0.producers.removeProducers(idleSince: nowMs - ProducerEntry.expirationMs) }
    }

    /// The largest producer id this partition has seen, if any.
    var largestProducerId: Int64? {
        state.withLock { $0.producers.largestProducerId }
    }
}
