import KafkaProtocol
import NIOCore
import Testing

/// Admin bodies assembled by hand from Apache Kafka's DescribeConfigs*.json and DeleteTopics*.json.
@Suite struct AdminGoldenTests {
    @Test func describeConfigsRequest() throws {
        let allOfATopic = DescribeConfigsRequest(resources: [.init(resourceType: 2, resourceName: "t")])
        let allOfATopicBytes = Wire.count(1) + Wire.int8(2) + Wire.string("t") + Wire.count(-1)
        try expectGolden(allOfATopic, version: 0, allOfATopicBytes)
        try expectGolden(allOfATopic, version: 1, allOfATopicBytes + Wire.bool(false))

        let brokerKey = DescribeConfigsRequest(
            resources: [.init(resourceType: DescribeConfigsRequest.brokerResourceType, resourceName: "1", configurationKeys: ["num.partitions"])],
            includeSynonyms: false,
            includeDocumentation: true
        )
        try expectGolden(
            brokerKey,
            version: 3,
            Wire.count(1) + Wire.int8(4) + Wire.string("1") + Wire.count(1) + Wire.string("num.partitions")
                + Wire.bool(false) + Wire.bool(true)
        )
    }

    static func resultBytes(configs: [UInt8]) -> [UInt8] {
        Wire.int32(0) + Wire.count(1) + Wire.int16(0) + Wire.nullString + Wire.int8(2) + Wire.string("t") + Wire.count(1) + configs
    }

    static func response(_ config: DescribeConfigsResponse.Config) -> DescribeConfigsResponse {
        DescribeConfigsResponse(results: [.init(resourceType: 2, resourceName: "t", configs: [config])])
    }

    @Test func describeConfigsResponseV0SaysIsDefault() throws {
        let config = DescribeConfigsResponse.Config(name: "cleanup.policy", value: "delete", isDefault: true)
        try expectGolden(
            Self.response(config),
            version: 0,
            Self.resultBytes(configs: Wire.string("cleanup.policy") + Wire.string("delete") + Wire.bool(false) + Wire.bool(true) + Wire.bool(false))
        )
    }

    @Test func describeConfigsResponseV1SaysTheSourceAndSynonyms() throws {
        typealias Config = DescribeConfigsResponse.Config
        let config = Config(
            name: "cleanup.policy",
            value: "delete",
            configSource: Config.defaultConfigSource,
            synonyms: [.init(name: "log.cleanup.policy", value: "delete", source: Config.defaultConfigSource)]
        )
        #expect(config.isDefault)
        try expectGolden(
            Self.response(config),
            version: 1,
            Self.resultBytes(
                configs: Wire.string("cleanup.policy") + Wire.string("delete") + Wire.bool(false) + Wire.int8(5) + Wire.bool(false)
                    + Wire.count(1) + Wire.string("log.cleanup.policy") + Wire.string("delete") + Wire.int8(5)
            )
        )
    }

    @Test func describeConfigsResponseV3AddsTypeAndDocumentation() throws {
        let config = DescribeConfigsResponse.Config(
            name: "ssl.key.password",
            value: nil,
            configSource: DescribeConfigsResponse.Config.staticBrokerConfigSource,
            isSensitive: true,
            configType: 9,
            documentation: nil
        )
        try expectGolden(
            Self.response(config),
            version: 3,
            Self.resultBytes(
                configs: Wire.string("ssl.key.password") + Wire.nullString + Wire.bool(false) + Wire.int8(4) + Wire.bool(true)
                    + Wire.count(0) + Wire.int8(9) + Wire.nullString
            )
        )
    }

    @Test func deleteTopics() throws {
        try expectGolden(DeleteTopicsRequest(topicNames: ["t"], timeoutMs: 30_000), version: 1, Wire.count(1) + Wire.string("t") + Wire.int32(30_000))
        let response = DeleteTopicsResponse(responses: [.init(name: "t", errorCode: .unknownTopicOrPartition)])
        let results = Wire.count(1) + Wire.string("t") + Wire.int16(3)
        try expectGolden(response, version: 0, results)
        try expectGolden(response, version: 3, Wire.int32(0) + results)
    }
}
