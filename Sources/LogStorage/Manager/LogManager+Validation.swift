extension LogManager {
    /// Checks what `createTopic` would check, without creating anything (CreateTopics with `validateOnly`).
    ///
    /// - Throws: `LogStorageError.invalidTopicName`, `.invalidPartitions`, `.invalidConfig` or `.topicAlreadyExists`.
    public func validateNewTopic(_ name: String, partitions: Int, overrides: [String: String]) throws {
        try TopicName.validate(name)
        guard (1...Self.maximumPartitions).contains(partitions) else {
            throw LogStorageError.invalidPartitions(partitions)
        }
        _ = try LogConfig(overrides: overrides, defaults: defaults)
        if topic(named: name) != nil {
            throw LogStorageError.topicAlreadyExists(name)
        }
    }
}
