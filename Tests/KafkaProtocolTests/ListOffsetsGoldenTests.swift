import KafkaProtocol
import NIOCore
import Testing

/// ListOffsets bytes assembled by hand from ListOffsetsRequest.json / ListOffsetsResponse.json.
@Suite struct ListOffsetsGoldenTests {
    @Test func v0RequestAndResponse() throws {
        let requestBytes: [UInt8] =
            [0xFF, 0xFF, 0xFF, 0xFF]                            // replica id -1
            + [0x00, 0x00, 0x00, 0x01, 0x00, 0x01] + ascii("t") // one topic
            + [0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00]  //   one partition, index 0
            + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]  //     timestamp -1 (latest)
            + [0x00, 0x00, 0x00, 0x01]                          //     max offsets 1
        let request = ListOffsetsRequest(topics: [
            .init(name: "t", partitions: [.init(partitionIndex: 0, timestamp: ListOffsetsRequest.latestTimestamp)])
        ])
        #expect(try decode(ListOffsetsRequest.self, requestBytes, version: 0) == request)
        #expect(encodedBytes(request, version: 0) == requestBytes)

        let responseBytes: [UInt8] =
            [0x00, 0x00, 0x00, 0x01, 0x00, 0x01] + ascii("t")
            + [0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00]  // one partition, index 0
            + [0x00, 0x00]                                      // error none
            + [0x00, 0x00, 0x00, 0x01]                          // one offset
            + [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2A]  //   42
        let response = ListOffsetsResponse(topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, oldStyleOffsets: [42])])])
        #expect(encodedBytes(response, version: 0) == responseBytes)
        #expect(try decode(ListOffsetsResponse.self, responseBytes, version: 0) == response)
    }

    @Test func v4RequestAndResponse() throws {
        let requestBytes: [UInt8] =
            [0xFF, 0xFF, 0xFF, 0xFF, 0x01]                      // replica id -1, read committed
            + [0x00, 0x00, 0x00, 0x01, 0x00, 0x01] + ascii("t")
            + [0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00]  // one partition, index 0
            + [0xFF, 0xFF, 0xFF, 0xFF]                          //   current leader epoch -1
            + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE]  //   timestamp -2 (earliest)
        let request = try decode(ListOffsetsRequest.self, requestBytes, version: 4)
        #expect(request.isolationLevel == 1)
        #expect(request.topics[0].partitions[0].timestamp == ListOffsetsRequest.earliestTimestamp)
        #expect(encodedBytes(request, version: 4) == requestBytes)

        let responseBytes: [UInt8] =
            [0x00, 0x00, 0x00, 0x00]                            // throttle
            + [0x00, 0x00, 0x00, 0x01, 0x00, 0x01] + ascii("t")
            + [0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00]  // one partition, index 0
            + [0x00, 0x00]                                      // error none
            + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]  // timestamp -1
            + [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]  // offset 0
            + [0xFF, 0xFF, 0xFF, 0xFF]                          // leader epoch -1
        let response = ListOffsetsResponse(topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, timestamp: -1, offset: 0)])])
        #expect(encodedBytes(response, version: 4) == responseBytes)
        #expect(try decode(ListOffsetsResponse.self, responseBytes, version: 4) == response)
    }
}
