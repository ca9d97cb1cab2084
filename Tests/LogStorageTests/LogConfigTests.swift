import Testing

@testable import LogStorage

@Suite struct LogConfigTests {
    @Test func defaultsMatchKafka() {
        let config = LogConfig()
        #expect(config.segmentBytes == 134_217_728)
        #expect(config.segmentMs == 604_800_000)
        #expect(config.retentionBytes == -1)
        #expect(config.retentionMs == 604_800_000)
        #expect(config.indexIntervalBytes == 4096)
        #expect(config.maxMessageBytes == 1_048_588)
        #expect(config.cleanupPolicy == .delete)
    }

    @Test func overridesApplyOnTopOfDefaults() throws {
        let defaults = LogConfig(segmentBytes: 1_000_000, retentionMs: 5)
        let config = try LogConfig(
            overrides: [
                "segment.ms": "60000", "retention.bytes": "-1", "retention.ms": "-1", "cleanup.policy": "compact",
                "max.message.bytes": "2048", "index.interval.bytes": "0",
            ],
            defaults: defaults)
        #expect(config.segmentBytes == 1_000_000)
        #expect(config.segmentMs == 60_000)
        #expect(config.retentionMs == -1)
        #expect(config.cleanupPolicy == .compact)
        #expect(config.maxMessageBytes == 2048)
        #expect(config.indexIntervalBytes == 0)
    }

    static let invalid: [(String, String)] = [
        ("segment.bytes", "13"), ("segment.bytes", "3000000000"), ("segment.bytes", "1e6"), ("segment.ms", "0"),
        ("retention.ms", "-2"), ("retention.ms", ""), ("max.message.bytes", "-1"), ("cleanup.policy", "compact,delete"),
        ("cleanup.policy", "Delete"), ("compression.type", "gzip"),
    ]

    @Test(arguments: invalid)
    func invalidOverridesAreRejected(name: String, value: String) {
        let error = #expect(throws: LogStorageError.self) { try LogConfig(overrides: [name: value], defaults: LogConfig()) }
        #expect(error?.kafkaErrorCode == 40)
    }

    @Test func kafkaEntriesRoundTrip() throws {
        let config = LogConfig(segmentBytes: 4096, retentionBytes: 10, cleanupPolicy: .compact)
        let entries = config.kafkaConfigEntries
        #expect(Set(entries.keys) == Set(LogConfig.supportedKafkaConfigNames))
        #expect(entries["segment.bytes"] == "4096" && entries["cleanup.policy"] == "compact")
        #expect(try LogConfig(overrides: entries, defaults: LogConfig()) == config)
    }
}
