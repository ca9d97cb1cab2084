extension KafkaBroker {
    /// Reads log end offsets and group counts into the metrics; a metrics endpoint calls it before each scrape.
    public func refreshStorageMetrics() {
        let offsets = logs.allLogs().map { (topic: $0.topic, partition: $0.partition, endOffset: $0.logEndOffset) }
        metrics.storageObserved(logEndOffsets: offsets, groupCount: groups.listGroups().count)
    }
}
