import KafkaProtocol
import Testing

@Suite struct ApiKeyTests {
    /// First flexible version per API, from `flexibleVersions` in Apache Kafka's message specs.
    @Test(arguments: [
        (ApiKey.produce, Int16(9)), (.fetch, 12), (.listOffsets, 6), (.metadata, 9),
        (.offsetCommit, 8), (.offsetFetch, 6), (.findCoordinator, 3), (.joinGroup, 6),
        (.heartbeat, 4), (.leaveGroup, 4), (.syncGroup, 4), (.describeGroups, 5),
        (.listGroups, 3), (.apiVersions, 3), (.createTopics, 5), (.deleteTopics, 4),
        (.initProducerId, 2), (.describeConfigs, 4),
    ])
    func flexibleFrom(key: ApiKey, firstFlexible: Int16) {
        #expect(!key.isFlexible(version: firstFlexible - 1))
        #expect(key.isFlexible(version: firstFlexible))
        #expect(key.requestHeaderVersion(for: firstFlexible - 1) == 1)
        #expect(key.requestHeaderVersion(for: firstFlexible) == 2)
    }

    @Test func apiVersionsAlwaysAnswersWithHeaderV0() {
        for version: Int16 in 0...5 {
            #expect(ApiKey.apiVersions.responseHeaderVersion(for: version) == 0)
        }
        #expect(ApiKey.metadata.responseHeaderVersion(for: 8) == 0)
        #expect(ApiKey.metadata.responseHeaderVersion(for: 9) == 1)
    }

    @Test func rawValuesMatchTheProtocol() {
        #expect(ApiKey.allCases.count == 18)
        #expect(ApiKey(rawValue: 18) == .apiVersions)
        #expect(ApiKey(rawValue: 32) == .describeConfigs)
        #expect(ApiKey(rawValue: 4) == nil)
    }
}
