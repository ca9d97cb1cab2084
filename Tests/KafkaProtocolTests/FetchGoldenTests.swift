import KafkaProtocol
import NIOCore
import Testing

/// Fetch bytes assembled by hand from FetchRequest.json / FetchResponse.json.
@Suite struct FetchGoldenTests {
    @Test func v4Request() throws {
        let bytes: [UInt8] =
            [0xFF, 0xFF, 0xFF, 0xFF]                            // replica id -1
            + [0x00, 0x00, 0x01, 0xF4]                          // max wait 500 ms
            + [0x00, 0x00, 0x00, 0x01]                          // min bytes 1
            + [0x03, 0x20, 0x00, 0x00]                          // max bytes 52428800
            + [0x01]                                            // read committed
            + [0x00, 0x00, 0x00, 0x01, 0x00, 0x01] + ascii("t") // one topic
            + [0x00, 0x00, 0x00, 0x01]                          //   one partition
            + [0x00, 0x00, 0x00, 0x00]                          //     partition 0
            + [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05]  //     fetch offset 5
            + [0x00, 0x10, 0x00, 0x00]                          //     partition max bytes 1 MiB
        let request = FetchRequest(
            maxWaitMs: 500, minBytes: 1, maxBytes: 52_428_800, isolationLevel: 1,
            topics: [.init(topic: "t", partitions: [.init(partition: 0, fetchOffset: 5, partitionMaxBytes: 1_048_576)])]
        )
        #expect(try decode(FetchRequest.self, bytes, version: 4) == request)
        #expect(encodedBytes(request, version: 4) == bytes)
    }

    @Test func v11Request() throws {
        let bytes: [UInt8] =
            [0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x01, 0xF4]    // replica id -1, max wait 500
            + [0x00, 0x00, 0x00, 0x01, 0x03, 0x20, 0x00, 0x00]  // min bytes 1, max bytes 52428800
            + [0x00]                                            // read uncommitted
            + [0x00, 0x00, 0x00, 0x00]                          // session id 0
            + [0xFF, 0xFF, 0xFF, 0xFF]                          // session epoch -1
            + [0x00, 0x00, 0x00, 0x01, 0x00, 0x01] + ascii("t") // one topic
            + [0x00, 0x00, 0x00, 0x01]                          //   one partition
            + [0x00, 0x00, 0x00, 0x03]                          //     partition 3
            + [0xFF, 0xFF, 0xFF, 0xFF]                          //     current leader epoch -1
            + [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05]  //     fetch offset 5
            + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]  //     log start offset -1
            + [0x00, 0x10, 0x00, 0x00]                          //     partition max bytes
            + [0x00, 0x00, 0x00, 0x00]                          // nothing forgotten
            + [0x00, 0x00]                                      // rack id ""
        let request = try decode(FetchRequest.self, bytes, version: 11)
        #expect(request == FetchRequest(
            maxWaitMs: 500, minBytes: 1, maxBytes: 52_428_800,
            topics: [.init(topic: "t", partitions: [.init(partition: 3, fetchOffset: 5, partitionMaxBytes: 1_048_576)])]
        ))
        #expect(encodedBytes(request, version: 11) == bytes)
    }

    @Test func v11Response() throws {
        let bytes: [UInt8] =
            [0x00, 0x00, 0x00, 0x00]                            // throttle
            + [0x00, 0x00]                                      // error none
            + [0x00, 0x00, 0x00, 0x00]                          // session id 0
            + [0x00, 0x00, 0x00, 0x01, 0x00, 0x01] + ascii("t") // one topic
            + [0x00, 0x00, 0x00, 0x01]                          //   one partition
            + [0x00, 0x00, 0x00, 0x00, 0x00, 0x00]              //     index 0, error none
            + [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0A]  //     high watermark 10
            + [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0A]  //     last stable offset 10
            + [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]  //     log start offset 0
            + [0xFF, 0xFF, 0xFF, 0xFF]                          //     aborted transactions null
            + [0xFF, 0xFF, 0xFF, 0xFF]                          //     preferred read replica -1
            + [0x00, 0x00, 0x00, 0x02, 0xAB, 0xCD]              //     records
        let response = FetchResponse(responses: [
            .init(topic: "t", partitions: [
                .init(partitionIndex: 0, highWatermark: 10, lastStableOffset: 10, logStartOffset: 0, records: ByteBuffer(bytes: [0xAB, 0xCD]))
            ])
        ])
        #expect(encodedBytes(response, version: 11) == bytes)
        #expect(try decode(FetchResponse.self, bytes, version: 11) == response)
    }

    @Test func v0ResponseCarriesOnlyHighWatermarkAndRecords() {
        let bytes: [UInt8] =
            [0x00, 0x00, 0x00, 0x01, 0x00, 0x01] + ascii("t")
            + [0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00]  // one partition, index 0
            + [0x00, 0x01]                                      // OFFSET_OUT_OF_RANGE
            + [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07]  // high watermark 7
            + [0xFF, 0xFF, 0xFF, 0xFF]                          // records null
        let response = FetchResponse(responses: [
            .init(topic: "t", partitions: [.init(partitionIndex: 0, errorCode: .offsetOutOfRange, highWatermark: 7, records: nil)])
        ])
        #expect(encodedBytes(response, version: 0) == bytes)
    }
}
