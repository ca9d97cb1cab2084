/// Logger metadata keys used by this module, kept in one place so dashboards can rely on them.
enum KafkaLogKey {
    static let clientName = "kafka.client"
    static let facility = "rdkafka.facility"
    static let error = "kafka.error"
    static let errorCode = "kafka.error_code"
    static let topic = "kafka.topic"
    static let partition = "kafka.partition"
    static let partitions = "kafka.partitions"
    static let closeTimeout = "kafka.close_timeout_ms"
}
