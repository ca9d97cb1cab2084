extension LogManager {
    /// Deletes a topic: its logs stop taking appends and reads, and its partition directories are removed.
    ///
    /// The metadata file goes first and that removal is fsynced: it is the commit point, as it is for
    /// creation. A crash after it leaves at most partition directories without metadata, which the next
    /// start ignores and a later creation of the same name clears. The name stays reserved until the
    /// files are gone, so a creation racing the deletion fails instead of sharing its directories.
    /// Reads already in flight finish on their open descriptors.
    /// - Returns: the topic as it was, so callers can release what waits on its partitions.
    /// - Throws: `LogStorageError.unknownTopic`, `.closed`, or an I/O error from unlinking the metadata
    ///   file (then the topic is left as it was).
    @discardableResult
    public func deleteTopic(_ name: String) throws -> TopicInfo {
        try state.withLock { state in
            guard !state.isShutdown else { throw LogStorageError.closed }
            guard state.topics[name] != nil, !state.creating.contains(name) else {
                throw LogStorageError.unknownTopic(name)
            }
            state.creating.insert(name)
        }
        defer { state.withLock { _ = $0.creating.remove(name) } }
        let metadataPath = TopicMetadataFile.path(directory: directory, topic: name)
        try FileSystem.removeFile(metadataPath)
        do {
            try FileSystem.syncDirectory(FileSystem.directoryName(of: metadataPath))
        } catch {
            // The file is gone, so the topic is: finish the deletion rather than serve a topic without metadata.
            environment.logger.warning("could not fsync the removal of a deleted topic's metadata: \(error)")
        }

        let entry = state.withLock { $0.topics.removeValue(forKey: name) }
        guard let entry else { throw LogStorageError.unknownTopic(name) }
        for log in entry.logs { log.closeForDeletion() }
        // A compaction pass may be rewriting one of these logs; let it finish before its directory goes.
        compactionPass.withLock { _ in
            for log in entry.logs {
                do {
                    try FileSystem.removeDirectoryTree(log.directory)
                } catch {
                    environment.logger.warning(
                        "could not remove the directory of a deleted partition; it is ignored from now on",
                        metadata: [LogMetadataKey.file: "\(log.directory)", "error": "\(error)"])
                }
            }
        }
        do {
            try FileSystem.syncDirectory(directory)
        } catch {
            environment.logger.warning("could not fsync the data directory after deleting a topic: \(error)")
        }
        environment.logger.info("deleted topic", metadata: [
            LogMetadataKey.topic: "\(name)", "kafka.partitions": "\(entry.info.partitionCount)",
        ])
        return entry.info
    }
}
