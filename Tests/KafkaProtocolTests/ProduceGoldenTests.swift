import KafkaProtocol
import NIOCore
import Testing

/// Produce bytes assembled by hand from ProduceRequest.json / ProduceResponse.json.
@Suite struct ProduceGoldenTests {
    static let v3Request: [UInt8] =
        [0xFF, 0xFF]                            // transactional id null
        + [0xFF, 0xFF]                          // acks -1
        + [0x00, 0x00, 0x75, 0x30]              // timeout 30000 ms
        + [0x00, 0x00, 0x00, 0x01]              // one topic
        + [0x00, 0x01] + ascii("t")             //   name
        + [0x00, 0x00, 0x00, 0x01]              //   one partition
        + [0x00, 0x00, 0x00, 0x02]              //     index 2
        + [0x00, 0x00, 0x00, 0x03, 0x01, 0x02, 0x03]  // records: 3 opaque bytes

    @Test func v3Request() throws {
        let request = try decode(ProduceRequest.self, Self.v3Request, version: 3)
        #expect(request.transactionalId == nil)
        #expect(request.acks == -1)
        #expect(request.timeoutMs == 30_000)
        #expect(request.topics.map(\.name) == ["t"])
        let partition = try #require(request.topics.first?.partitions.first)
        #expect(partition.index == 2)
        #expect(partition.records.map { Array($0.readableBytesView) } == [1, 2, 3])
        #expect(encodedBytes(request, version: 3) == Self.v3Request)
    }

    @Test func recordsAreASliceOfTheFrameNotACopy() throws {
        var frame = ByteBuffer(bytes: Self.v3Request)
        let frameStart = frame.withUnsafeReadableBytes { UnsafeRawPointer($0.baseAddress!) }
        let request = try ProduceRequest(from: &frame, version: 3)
        let records = try #require(request.topics[0].partitions[0].records)
        let recordsStart = records.withUnsafeReadableBytes { UnsafeRawPointer($0.baseAddress!) }
        #expect(recordsStart == frameStart + (Self.v3Request.count - 3))
    }

    @Test func v8Response() throws {
        let bytes: [UInt8] =
            [0x00, 0x00, 0x00, 0x01]                            // one topic
            + [0x00, 0x01] + ascii("t")                         //   name
            + [0x00, 0x00, 0x00, 0x01]                          //   one partition
            + [0x00, 0x00, 0x00, 0x00]                          //     index 0
            + [0x00, 0x00]                                      //     error none
            + [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2A]  //     base offset 42
            + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]  //     log append time -1
            + [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]  //     log start offset 0
            + [0x00, 0x00, 0x00, 0x00]                          //     no record errors
            + [0xFF, 0xFF]                                      //     error message null
            + [0x00, 0x00, 0x00, 0x00]                          // throttle time
        let response = ProduceResponse(responses: [
            .init(name: "t", partitions: [.init(index: 0, baseOffset: 42, logAppendTimeMs: -1, logStartOffset: 0)])
        ])
        #expect(encodedBytes(response, version: 8) == bytes)
        #expect(try decode(ProduceResponse.self, bytes, version: 8) == response)
    }

    @Test func v0ResponseHasNeitherTimesNorThrottle() {
        let bytes: [UInt8] =
            [0x00, 0x00, 0x00, 0x01, 0x00, 0x01] + ascii("t")
            + [0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01]  // one partition, index 1
            + [0x00, 0x03]                                      // UNKNOWN_TOPIC_OR_PARTITION
            + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]  // base offset -1
        let response = ProduceResponse(responses: [
            .init(name: "t", partitions: [.init(index: 1, errorCode: .unknownTopicOrPartition, baseOffset: -1)])
        ])
        #expect(encodedBytes(response, version: 0) == bytes)
    }
}
