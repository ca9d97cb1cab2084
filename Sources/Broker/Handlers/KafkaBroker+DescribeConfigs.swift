import KafkaProtocol
import LogStorage
import NIOCore

extension KafkaBroker {
    /// Reports topic configs (as kcat -L and admin clients ask) and the broker's own topic defaults.
    func describeConfigs(_ request: IncomingRequest) throws -> EventLoopFuture<EventLoopFuture<Answer>> {
        var body = request.body
        let describe = try DescribeConfigsRequest(from: &body, version: request.version)
        let response = DescribeConfigsResponse(results: describe.resources.map(describeResource))
        return request.answerNow(request.answer { response.encode(into: &$0, version: request.version) })
    }

    private func describeResource(_ resource: DescribeConfigsRequest.Resource) -> DescribeConfigsResponse.Result {
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
            return result(topic.config.kafkaConfigEntries.sorted { $0.key < $1.key }.map { name, value in
                let overridden = topic.overrides[name] != nil
                return .init(
                    name: name, value: value,
                    configSource: overridden
                        ? DescribeConfigsResponse.Config.topicConfigSource
                        : DescribeConfigsResponse.Config.defaultConfigSource
                )
            })
        case DescribeConfigsRequest.brokerResourceType:
            // The broker's topic defaults, under the names Kafka gives them at broker level.
            let defaults = configuration.logDefaults.kafkaConfigEntries.map { ("log." + $0.key, $0.value) }
            let own = [
                ("num.partitions", "\(configuration.defaultPartitions)"),
                ("auto.create.topics.enable", "\(configuration.autoCreateTopics)"),
                ("message.max.bytes", "\(configuration.maxRequestBytes)"),
            ]
            return result((defaults + own).sorted { $0.0 < $1.0 }.map {
                .init(name: $0.0, value: $0.1, readOnly: true, configSource: DescribeConfigsResponse.Config.staticBrokerConfigSource)
            })
        default:
            return result([], .invalidRequest, "Only topic and broker resources are described.")
        }
    }
}
