import KafkaProtocol
import NIOCore
import Testing

/// CreateTopics bytes assembled by hand from CreateTopicsRequest.json / CreateTopicsResponse.json.
@Suite struct CreateTopicsGoldenTests {
    @Test func v1Request() throws {
        let bytes: [UInt8] =
            [0x00, 0x00, 0x00, 0x01, 0x00, 0x01] + ascii("t")   // one topic
            + [0x00, 0x00, 0x00, 0x03]                          //   3 partitions
            + [0x00, 0x01]                                      //   replication factor 1
            + [0x00, 0x00, 0x00, 0x00]                          //   no assignments
            + [0x00, 0x00, 0x00, 0x01]                          //   one config
            + [0x00, 0x0E] + ascii("cleanup.policy")
            + [0x00, 0x07] + ascii("compact")
            + [0x00, 0x00, 0x75, 0x30]                          // timeout 30000
            + [0x00]                                            // validate only: false
        let request = CreateTopicsRequest(
            topics: [.init(name: "t", numPartitions: 3, replicationFactor: 1, configs: [.init(name: "cleanup.policy", value: "compact")])],
            timeoutMs: 30_000
        )
        #expect(try decode(CreateTopicsRequest.self, bytes, version: 1) == request)
        #expect(encodedBytes(request, version: 1) == bytes)
    }

    @Test func v2Response() throws {
        let bytes: [UInt8] =
            [0x00, 0x00, 0x00, 0x00]                            // throttle
            + [0x00, 0x00, 0x00, 0x01, 0x00, 0x01] + ascii("t")
            + [0x00, 0x24]                                      // TOPIC_ALREADY_EXISTS
            + [0x00, 0x0E] + ascii("already exists")
        let response = CreateTopicsResponse(topics: [.init(name: "t", errorCode: .topicAlreadyExists, errorMessage: "already exists")])
        #expect(encodedBytes(response, version: 2) == bytes)
        #expect(try decode(CreateTopicsResponse.self, bytes, version: 2) == response)
    }
}
