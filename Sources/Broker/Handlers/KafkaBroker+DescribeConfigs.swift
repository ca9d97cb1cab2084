import KafkaProtocol
import LogStorage
import NIOCore

extension KafkaBroker {
    /// Reports topic configs (as kcat -L and admin clients ask) and the broker's own topic defaults.
    func describeConfigs(_ request: IncomingRequest) throws -> EventLoopFuture<EventLoopFuture<Answer>> {
        var body = request.body
        let describe = try DescribeConfigsRequest(from: &body, version: request.version)
        let response = DescribeConfigsResponse(results: describe.resources.map {
            describeResource($0, includeSynonyms: describe.includeSynonyms)
        })
        return request.answerNow(request.answer { response.encode(into: &$0, version: request.version) })
    }

    private func describeResource(_ resource: DescribeConfigsRequest.Resource, includeSynonyms: Bool)
        -> DescribeConfigsResponse.Result
    {
        func result(_ configs: [DescribeConfigsResponse.Config], _ error: KafkaErrorCode = .none, _ message: String? = nil)
            -> DescribeConfigsResponse.Result
        {
            let wanted = resource.configurationKeys.map(Set.init)
            return .init(
                errorCode: error, errorMessage: message, resourceType: resource.resourceType,
                resourceName: resource.resourceName, configs: configs.filter { wanted?.contains($0.name) ?? true }
            )
        }
        switch resource.resourceType {
        case DescribeConfigsRequest.topicResourceType:
            guard let topic = logs.topic(named: resource.resourceName) else {
                return result([], .unknownTopicOrPartition, "Topic '\(resource.resourceName)' does not exist.")
            }
            return result(topicConfigs(topic, includeSynonyms: includeSynonyms))
        case DescribeConfigsRequest.brokerResourceType:
            return result(brokerConfigs().sorted { $0.0 < $1.0 }.map {
                .init(name: $0.0, value: $0.1, readOnly: true, configSource: DescribeConfigsResponse.Config.staticBrokerConfigSource)
            })
        default:
            return result([], .invalidRequest, "Only topic and broker resources are described.")
        }
    }

    /// A topic's effective configs; with synonyms, each also says which broker default stands behind it.
    private func topicConfigs(_ topic: TopicInfo, includeSynonyms: Bool) -> [DescribeConfigsResponse.Config] {
        let defaults = configuration.logDefaults.kafkaConfigEntries
        return topic.config.kafkaConfigEntries.sorted { $0.key < $1.key }.map { name, value in
            let overridden = topic.overrides[name] != nil
            var synonyms: [DescribeConfigsResponse.Synonym] = []
            if includeSynonyms {
                if overridden {
                    synonyms.append(.init(name: name, value: value, source: DescribeConfigsResponse.Config.topicConfigSource))
                }
                if let brokerName = BrokerConfigNames.brokerName(forTopicConfig: name) {
                    synonyms.append(.init(
                        name: brokerName, value: defaults[name], source: DescribeConfigsResponse.Config.staticBrokerConfigSource))
                }
            }
            return .init(
                name: name, value: value,
                configSource: overridden
                    ? DescribeConfigsResponse.Config.topicConfigSource
                    : DescribeConfigsResponse.Config.defaultConfigSource,
                synonyms: synonyms
            )
        }
    }

    /// The broker's settings under Kafka's broker config names: topic defaults, then its own.
    private func brokerConfigs() -> [(String, String)] {
        let defaults = configuration.logDefaults.kafkaConfigEntries.compactMap { name, value in
            BrokerConfigNames.brokerName(forTopicConfig: name).map { ($0, value) }
        }
        let own = [
            ("num.partitions", "\(configuration.defaultPartitions)"),
            ("auto.create.topics.enable", "\(configuration.autoCreateTopics)"),
            ("socket.request.max.bytes", "\(configuration.maxRequestBytes)"),
            ("log.retention.check.interval.ms", "\(configuration.retentionCheckIntervalMs)"),
            ("log.cleaner.backoff.ms", "\(configuration.cleanerBackoffMs)"),
        ]
        return defaults + own
    }
}
