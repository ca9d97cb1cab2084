import KafkaProtocol

/// One value per admin message and version, in the manner of `GroupsMessageSamples`.
enum AdminMessageSamples {
    static func describeConfigsRequest(version: Int16) -> DescribeConfigsRequest {
        DescribeConfigsRequest(
            resources: [
                .init(resourceType: DescribeConfigsRequest.topicResourceType, resourceName: "emoji_stream", configurationKeys: nil),
                .init(resourceType: DescribeConfigsRequest.brokerResourceType, resourceName: "1", configurationKeys: ["log.retention.ms", "num.partitions"]),
            ],
            includeSynonyms: version >= 1,
            includeDocumentation: version >= 3
        )
    }

    static func describeConfigsResponse(version: Int16) -> DescribeConfigsResponse {
        typealias Config = DescribeConfigsResponse.Config
        let retention = version == 0
            ? Config(name: "retention.ms", value: "604800000", isDefault: true, configSource: -1)
            : Config(
                name: "retention.ms",
                value: "604800000",
                configSource: Config.defaultConfigSource,
                synonyms: [.init(name: "log.retention.ms", value: "604800000", source: Config.staticBrokerConfigSource)],
                configType: version >= 3 ? 5 : 0,
                documentation: version >= 3 ? "How long to keep a log segment." : nil
            )
        let cleanup = Config(
            name: "cleanup.policy",
            value: "compact",
            readOnly: true,
            isDefault: false,
            configSource: version >= 1 ? Config.topicConfigSource : -1,
            isSensitive: false
        )
        let secret = Config(name: "ssl.key.password", value: nil, isDefault: false, isSensitive: true)
        return DescribeConfigsResponse(
            throttleTimeMs: 12,
            results: [
                .init(resourceType: DescribeConfigsRequest.topicResourceType, resourceName: "emoji_stream", configs: [retention, cleanup, secret]),
                .init(errorCode: .unknownTopicOrPartition, errorMessage: "no such topic", resourceType: 2, resourceName: "gone", configs: []),
            ]
        )
    }

    static func deleteTopicsRequest(version: Int16) -> DeleteTopicsRequest {
        DeleteTopicsRequest(topicNames: ["emoji_stream", "processed_emojis"], timeoutMs: 15_000)
    }

    static func deleteTopicsResponse(version: Int16) -> DeleteTopicsResponse {
        DeleteTopicsResponse(
            throttleTimeMs: version >= 1 ? 3 : 0,
            responses: [.init(name: "emoji_stream"), .init(name: "processed_emojis", errorCode: .unknownTopicOrPartition)]
        )
    }

    static let all: [SampledMessage] = [
        SampledMessage(describeConfigsRequest),
        SampledMessage(describeConfigsResponse),
        SampledMessage(deleteTopicsRequest),
        SampledMessage(deleteTopicsResponse),
    ]
}
