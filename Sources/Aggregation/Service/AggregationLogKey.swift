/// Logger metadata keys used by this module, kept in one place so dashboards can rely on them.
enum AggregationLogKey {
    static let room = "emostream.room"
    static let seq = "emostream.seq"
    static let windowStart = "emostream.window_start"
    static let total = "emostream.total"
    static let topic = "kafka.topic"
    static let partition = "kafka.partition"
    static let offset = "kafka.offset"
    static let offsets = "kafka.offsets"
    static let error = "error"
}
