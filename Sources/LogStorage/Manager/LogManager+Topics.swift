import Logging

extension LogManager {
    /// Creates a topic with `partitions` empty logs and persists it.
    ///
    /// - Parameter overrides: Kafka topic configs (`cleanup.policy`, `retention.ms`, …) on top of the
    ///   manager's defaults.
    /// - Throws: `LogStorageError.invalidTopicName`, `.invalidPartitions`, `.invalidConfig`,
    ///   `.topicAlreadyExists`, `.closed`, or an I/O error (then nothing is registered).
    @discardableResult
    public func createTopic(_ name: String, partitions: Int, overrides: [String: String]) throws -> TopicInfo {
        try TopicName.validate(name)
        guard (1...Self.maximumPartitions).contains(partitions) else {
            throw LogStorageError.invalidPartitions(partitions)
        }
        let config = try LogConfig(overrides: overrides, defaults: defaults)
        try state.withLock { state in
            guard !state.isShutdown else { throw LogStorageError.closed }
            guard state.topics[name] == nil, !state.creating.contains(name) else {
                throw LogStorageError.topicAlreadyExists(name)
            }
            state.creating.insert(name)
        }
        do {
            let entry = try createTopicFiles(name, partitions: partitions, config: config, overrides: overrides)
            state.withLock { state in
                state.creating.remove(name)
                state.topics[name] = entry
            }
            environment.logger.info("created topic", metadata: [
                LogMetadataKey.topic: "\(name)", "kafka.partitions": "\(partitions)",
            ])
            return entry.info
        } catch {
            state.withLock { _ = $0.creating.remove(name) }
            throw error
        }
    }

    private func createTopicFiles(
        _ name: String, partitions: Int, config: LogConfig, overrides: [String: String]
    ) throws -> TopicEntry {
        var logs: [PartitionLog] = []
        for partition in 0..<partitions {
            let partitionDirectory = Self.partitionDirectory(directory, topic: name, partition: partition)
            try removeLeftovers(in: partitionDirectory)
            logs.append(try PartitionLog.open(
                topic: name, partition: Int32(partition), directory: partitionDirectory, config: config,
                environment: environment, cleanShutdown: true))
        }
        try FileSystem.syncDirectory(directory)
        try TopicMetadataFile(partitions: partitions, overrides: overrides)
            .write(to: TopicMetadataFile.path(directory: directory, topic: name))
        let info = TopicInfo(name: name, partitionCount: partitions, config: config, overrides: overrides)
        return TopicEntry(info: info, logs: logs)
    }

    /// Empties a partition directory left by a creation that never committed its metadata file.
    private func removeLeftovers(in partitionDirectory: String) throws {
        guard FileSystem.isDirectory(partitionDirectory) else { return }
        let names = try FileSystem.contents(of: partitionDirectory)
        guard !names.isEmpty else { return }
        environment.logger.warning(
            "removing \(names.count) leftover file(s) of an unfinished topic creation",
            metadata: [LogMetadataKey.file: "\(partitionDirectory)"])
        for name in names {
            try FileSystem.removeFile("\(partitionDirectory)/\(name)")
        }
    }

    static func partitionDirectory(_ directory: String, topic: String, partition: Int) -> String {
        "\(directory)/\(topic)-\(partition)"
    }

    /// Loads every topic that has a metadata file, opening (and recovering) its partitions.
    static func loadTopics(
        directory: String, defaults: LogConfig, environment: LogEnvironment, cleanShutdown: Bool
    ) throws -> [String: TopicEntry] {
        var topics: [String: TopicEntry] = [:]
        for entry in try FileSystem.contents(of: directory) {
            guard let name = TopicMetadataFile.topicName(ofDirectoryEntry: entry), (try? TopicName.validate(name)) != nil
            else { continue }
            let path = TopicMetadataFile.path(directory: directory, topic: name)
            try FileSystem.removeFile(path + ".tmp")  // an interrupted atomic write
            guard FileSystem.fileExists(path) else { continue }
            let metadata = try TopicMetadataFile.read(path)
            let config: LogConfig
            do {
                config = try LogConfig(overrides: metadata.overrides, defaults: defaults)
            } catch {
                throw LogStorageError.corruptMetadata(path: path, reason: "\(error)")
            }
            var logs: [PartitionLog] = []
            for partition in 0..<metadata.partitions {
                logs.append(try PartitionLog.open(
                    topic: name, partition: Int32(partition),
                    directory: partitionDirectory(directory, topic: name, partition: partition), config: config,
                    environment: environment, cleanShutdown: cleanShutdown))
            }
            let info = TopicInfo(name: name, partitionCount: metadata.partitions, config: config, overrides: metadata.overrides)
            topics[name] = TopicEntry(info: info, logs: logs)
        }
        return topics
    }
}
