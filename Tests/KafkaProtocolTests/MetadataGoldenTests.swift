import KafkaProtocol
import NIOCore
import Testing

/// Metadata bytes assembled by hand from MetadataRequest.json / MetadataResponse.json.
@Suite struct MetadataGoldenTests {
    @Test func v4RequestAsKcatSendsIt() throws {
        let bytes: [UInt8] =
            [0x00, 0x00, 0x00, 0x01] + [0x00, 0x0C] + ascii("emoji_stream")  // one topic
            + [0x01]                                                          // allow auto topic creation
        let request = try decode(MetadataRequest.self, bytes, version: 4)
        #expect(request == MetadataRequest(topics: [.init(name: "emoji_stream")], allowAutoTopicCreation: true))
        #expect(encodedBytes(request, version: 4) == bytes)
    }

    @Test func nullTopicsMeanAllFromVersionOne() throws {
        let request = try decode(MetadataRequest.self, [0xFF, 0xFF, 0xFF, 0xFF, 0x00], version: 4)
        #expect(request.topics == nil)
        #expect(request.allowAutoTopicCreation == false)
    }

    @Test func emptyTopicsMeanAllInVersionZeroAndNoneAfter() throws {
        #expect(try decode(MetadataRequest.self, [0x00, 0x00, 0x00, 0x00], version: 0).topics == nil)
        #expect(try decode(MetadataRequest.self, [0x00, 0x00, 0x00, 0x00], version: 1).topics == [])
        #expect(encodedBytes(MetadataRequest(topics: nil), version: 0) == [0x00, 0x00, 0x00, 0x00])
    }

    @Test func v1Response() throws {
        let bytes: [UInt8] =
            [0x00, 0x00, 0x00, 0x01]                            // one broker
            + [0x00, 0x00, 0x00, 0x01]                          //   node id 1
            + [0x00, 0x09] + ascii("localhost")                 //   host
            + [0x00, 0x00, 0x23, 0x84]                          //   port 9092
            + [0xFF, 0xFF]                                      //   rack null
            + [0x00, 0x00, 0x00, 0x01]                          // controller id 1
            + [0x00, 0x00, 0x00, 0x01]                          // one topic
            + [0x00, 0x00]                                      //   error none
            + [0x00, 0x01] + ascii("t")                         //   name
            + [0x00]                                            //   not internal
            + [0x00, 0x00, 0x00, 0x01]                          //   one partition
            + [0x00, 0x05]                                      //     LEADER_NOT_AVAILABLE
            + [0x00, 0x00, 0x00, 0x00]                          //     index 0
            + [0x00, 0x00, 0x00, 0x01]                          //     leader 1
            + [0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01]  //     replicas [1]
            + [0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01]  //     isr [1]
        let response = MetadataResponse(
            brokers: [.init(nodeId: 1, host: "localhost", port: 9092)],
            clusterId: nil,
            controllerId: 1,
            topics: [.init(name: "t", partitions: [
                .init(errorCode: .leaderNotAvailable, partitionIndex: 0, leaderId: 1, replicaNodes: [1], isrNodes: [1])
            ])]
        )
        #expect(encodedBytes(response, version: 1) == bytes)
        #expect(try decode(MetadataResponse.self, bytes, version: 1) == response)
    }

    @Test func v8ResponseTail() {
        let response = MetadataResponse(
            throttleTimeMs: 0, brokers: [], clusterId: "c", controllerId: 1,
            topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, leaderId: 1, replicaNodes: [], isrNodes: [])])]
        )
        let bytes: [UInt8] =
            [0x00, 0x00, 0x00, 0x00]                            // throttle
            + [0x00, 0x00, 0x00, 0x00]                          // no brokers
            + [0x00, 0x01] + ascii("c")                         // cluster id
            + [0x00, 0x00, 0x00, 0x01]                          // controller
            + [0x00, 0x00, 0x00, 0x01, 0x00, 0x00]              // one topic, error none
            + [0x00, 0x01] + ascii("t") + [0x00]                //   name, not internal
            + [0x00, 0x00, 0x00, 0x01, 0x00, 0x00]              //   one partition, error none
            + [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01]  //     index 0, leader 1
            + [0xFF, 0xFF, 0xFF, 0xFF]                          //     leader epoch -1
            + [0x00, 0x00, 0x00, 0x00]                          //     replicas []
            + [0x00, 0x00, 0x00, 0x00]                          //     isr []
            + [0x00, 0x00, 0x00, 0x00]                          //     offline []
            + [0x80, 0x00, 0x00, 0x00]                          //   topic authorized operations omitted
            + [0x80, 0x00, 0x00, 0x00]                          // cluster authorized operations omitted
        #expect(encodedBytes(response, version: 8) == bytes)
    }
}
