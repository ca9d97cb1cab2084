import Broker
import KafkaProtocol
import LogStorage
import ServiceTestSupport
import Testing

/// DescribeConfigs over a real socket: topic configs, and the broker's defaults under Kafka's broker-level names.
@Suite("DescribeConfigs on the wire", .serialized)
struct DescribeConfigsWireTests {
    /// Kafka's broker-level names for every topic default, as its topic-config synonym table has them.
    static let kafkaBrokerNames: [(topicConfig: String, brokerConfig: String)] = [
        ("segment.ms", "log.roll.ms"),
        ("segment.bytes", "log.segment.bytes"),
        ("retention.ms", "log.retention.ms"),
        ("retention.bytes", "log.retention.bytes"),
        ("delete.retention.ms", "log.cleaner.delete.retention.ms"),
        ("min.cleanable.dirty.ratio", "log.cleaner.min.cleanable.ratio"),
        ("max.message.bytes", "message.max.bytes"),
        ("index.interval.bytes", "log.index.interval.bytes"),
        ("cleanup.policy", "log.cleanup.policy"),
    ]

    @Test("every topic config the log understands has its Kafka broker name")
    func everyTopicConfigIsNamed() {
        let named = Set(Self.kafkaBrokerNames.map(\.topicConfig))
        #expect(Set(LogConfig.supportedKafkaConfigNames) == named)
    }

    @Test("the broker resource reports each topic default under Kafka's broker name, with the broker's value")
    func brokerDefaults() async throws {
        try await RunningBroker.withPort(configure: { configuration in
            configuration.logDefaults.segmentMs = 123_456
            configuration.logDefaults.segmentBytes = 654_321
            configuration.logDefaults.deleteRetentionMs = 4_242
            configuration.logDefaults.retentionBytes = 99_999
            configuration.retentionCheckIntervalMs = 1_500
        }) { port in
            let configs = try await Self.describe(type: DescribeConfigsRequest.brokerResourceType, name: "0", port: port)
            let expected = LogConfig(
                segmentBytes: 654_321, segmentMs: 123_456, retentionBytes: 99_999, deleteRetentionMs: 4_242
            ).kafkaConfigEntries
            for (topicConfig, brokerConfig) in Self.kafkaBrokerNames {
                #expect(configs[brokerConfig] == expected[topicConfig], "\(brokerConfig) (default of \(topicConfig))")
            }
            #expect(configs["log.roll.ms"] == "123456")
            #expect(configs["log.cleaner.delete.retention.ms"] == "4242")
            #expect(configs["log.retention.check.interval.ms"] == "1500")
            // The names a mechanical "log." prefix would invent are not Kafka's and must not appear.
            for invented in ["log.segment.ms", "log.delete.retention.ms", "log.max.message.bytes", "log.min.cleanable.dirty.ratio"] {
                #expect(configs[invented] == nil, "\(invented) is not a Kafka broker config")
            }
        }
    }

    @Test("with synonyms, a topic config names the override and the broker default behind it")
    func topicSynonyms() async throws {
        try await RunningBroker.withPort(configure: { $0.logDefaults.segmentMs = 77_000 }) { port in
            try await WireExchange.createTopic("described", partitions: 1, configs: ["segment.ms": "5000"], port: port)
            let request = DescribeConfigsRequest(
                resources: [.init(resourceType: DescribeConfigsRequest.topicResourceType, resourceName: "described")],
                includeSynonyms: true)
            let response = try await WireExchange.send(request, version: 1, expecting: DescribeConfigsResponse.self, port: port)
            let configs = try #require(response.results.first?.configs)
            let segmentMs = try #require(configs.first { $0.name == "segment.ms" })
            #expect(segmentMs.value == "5000")
            #expect(segmentMs.configSource == DescribeConfigsResponse.Config.topicConfigSource)
            #expect(segmentMs.synonyms.map(\.name) == ["segment.ms", "log.roll.ms"])
            #expect(segmentMs.synonyms.map(\.value) == ["5000", "77000"])
            let retention = try #require(configs.first { $0.name == "delete.retention.ms" })
            #expect(retention.synonyms.map(\.name) == ["log.cleaner.delete.retention.ms"])
        }
    }

    private static func describe(type: Int8, name: String, port: Int) async throws -> [String: String] {
        let request = DescribeConfigsRequest(resources: [.init(resourceType: type, resourceName: name)])
        let response = try await WireExchange.send(request, version: 2, expecting: DescribeConfigsResponse.self, port: port)
        let result = try #require(response.results.first)
        #expect(result.errorCode == .none)
        return Dictionary(uniqueKeysWithValues: result.configs.compactMap { config in config.value.map { (config.name, $0) } })
    }
}
