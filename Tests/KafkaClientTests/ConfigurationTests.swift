@testable import KafkaClient
import Testing

@Suite("Configuration → librdkafka properties")
struct ConfigurationTests {
    @Test(arguments: [
        (KafkaProducerConfiguration.Acks.all, "all"), (.leader, "1"), (.none, "0"),
    ])
    func acksMapToLibrdkafkaValues(acks: KafkaProducerConfiguration.Acks, expected: String) {
        var configuration = KafkaProducerConfiguration(bootstrapServers: ["a:9092"])
        configuration.acks = acks
        #expect(Self.value(of: "acks", in: configuration.properties) == expected)
    }

    @Test func producerFieldsMapToTheirProperties() {
        var configuration = KafkaProducerConfiguration(bootstrapServers: ["a:9092", "b:9093"])
        configuration.clientID = "gateway"
        configuration.enableIdempotence = false
        configuration.lingerMs = 7
        configuration.batchBytes = 4096
        configuration.compression = .zstd
        configuration.messageTimeoutMs = 1234
        configuration.requestTimeoutMs = 567
        let properties = configuration.properties
        let expected = [
            "bootstrap.servers": "a:9092,b:9093", "client.id": "gateway", "enable.idempotence": "false",
            "linger.ms": "7", "batch.size": "4096", "compression.type": "zstd",
            "message.timeout.ms": "1234", "request.timeout.ms": "567",
        ]
        for (name, value) in expected {
            #expect(Self.value(of: name, in: properties) == value, "\(name)")
        }
    }

    @Test func consumerFieldsMapToTheirProperties() {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: ["a:9092"], groupID: "aggregator")
        configuration.autoOffsetReset = .latest
        configuration.isolation = .readUncommitted
        configuration.sessionTimeoutMs = 10_000
        configuration.maxPollIntervalMs = 60_000
        let properties = configuration.properties
        let expected = [
            "group.id": "aggregator", "auto.offset.reset": "latest", "enable.auto.commit": "false",
            "isolation.level": "read_uncommitted", "session.timeout.ms": "10000", "max.poll.interval.ms": "60000",
            "enable.partition.eof": "false",
        ]
        for (name, value) in expected {
            #expect(Self.value(of: name, in: properties) == value, "\(name)")
        }
    }

    @Test func extraPropertiesAreAppliedLastSoTheyWin() {
        var configuration = KafkaProducerConfiguration(bootstrapServers: ["a:9092"])
        configuration.lingerMs = 5
        configuration.extra["linger.ms"] = "50"
        #expect(Self.value(of: "linger.ms", in: configuration.properties) == "50")
    }

    /// The value librdkafka ends up with: the last one set.
    static func value(of name: String, in properties: [(String, String)]) -> String? {
        properties.last { $0.0 == name }?.1
    }
}
