extension LogConfig {
    /// The Kafka topic config names this log understands.
    public static let supportedKafkaConfigNames: [String] = [
        "cleanup.policy", "delete.retention.ms", "index.interval.bytes", "max.message.bytes",
        "min.cleanable.dirty.ratio", "retention.bytes", "retention.ms", "segment.bytes", "segment.ms",
    ]

    /// Applies Kafka topic config overrides (as sent in CreateTopics) on top of `defaults`.
    ///
    /// - Throws: `LogStorageError.invalidConfig` for an unknown name or an unparsable or out-of-range
    ///   value, so the broker can answer INVALID_CONFIG instead of silently ignoring a setting.
    public init(overrides: [String: String], defaults: LogConfig) throws {
        self = defaults
        for (name, value) in overrides.sorted(by: { $0.key < $1.key }) {
            switch name {
            case "segment.bytes":
                // Positions inside a segment are 32-bit, and Kafka caps this at Int32.max.
                segmentBytes = Int(try Self.integer(name, value, in: 14...Int64(Int32.max)))
            case "segment.ms":
                segmentMs = try Self.integer(name, value, in: 1...Int64.max)
            case "retention.bytes":
                retentionBytes = try Self.integer(name, value, in: Int64.min...Int64.max)
            case "retention.ms":
                retentionMs = try Self.integer(name, value, in: -1...Int64.max)
            case "index.interval.bytes":
                indexIntervalBytes = Int(try Self.integer(name, value, in: 0...Int64(Int32.max)))
            case "max.message.bytes":
                maxMessageBytes = Int(try Self.integer(name, value, in: 0...Int64(Int32.max)))
            case "delete.retention.ms":
                deleteRetentionMs = try Self.integer(name, value, in: 0...Int64.max)
            case "min.cleanable.dirty.ratio":
                guard let ratio = Double(value), (0...1).contains(ratio) else {
                    throw LogStorageError.invalidConfig("min.cleanable.dirty.ratio must be a number in 0...1, not '\(value)'")
                }
                minCleanableDirtyRatio = ratio
            case "cleanup.policy":
                guard let policy = CleanupPolicy(rawValue: value) else {
                    throw LogStorageError.invalidConfig("cleanup.policy must be 'delete' or 'compact', not '\(value)'")
                }
                cleanupPolicy = policy
            default:
                throw LogStorageError.invalidConfig("unknown topic config '\(name)'")
            }
        }
    }

    /// Every setting under its Kafka name, as DescribeConfigs reports it.
    public var kafkaConfigEntries: [String: String] {
        [
            "cleanup.policy": cleanupPolicy.rawValue,
            "delete.retention.ms": String(deleteRetentionMs),
            "min.cleanable.dirty.ratio": String(minCleanableDirtyRatio),
            "index.interval.bytes": String(indexIntervalBytes),
            "max.message.bytes": String(maxMessageBytes),
            "retention.bytes": String(retentionBytes),
            "retention.ms": String(retentionMs),
            "segment.bytes": String(segmentBytes),
            "segment.ms": String(segmentMs),
        ]
    }

    private static func integer(_ name: String, _ value: String, in range: ClosedRange<Int64>) throws -> Int64 {
        guard let number = Int64(value) else {
            throw LogStorageError.invalidConfig("\(name) must be an integer, not '\(value)'")
        }
        guard range.contains(number) else {
            throw LogStorageError.invalidConfig("\(name) must be in \(range.lowerBound)...\(range.upperBound), not \(number)")
        }
        return number
    }
}
