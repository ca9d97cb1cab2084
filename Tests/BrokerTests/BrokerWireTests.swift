import Broker
import KafkaProtocol
import NIOCore
import ServiceTestSupport
import Testing

/// The broker over a real socket, driven with hand-built frames: framing, ordering, and answers to the unexpected.
@Suite("Broker on the wire", .serialized)
struct BrokerWireTests {
    @Test("ApiVersions v3 lists every supported API and echoes the correlation id")
    func apiVersionsV3() async throws {
        try await RunningBroker.withPort { port in
            let connection = try await RawKafkaConnection.connect(port: port)
            let request = RawKafkaConnection.frame(apiKey: ApiKey.apiVersions.rawValue, version: 3, correlationID: 42) {
                ApiVersionsRequest(clientSoftwareName: "raw-test", clientSoftwareVersion: "1").encode(into: &$0, version: 3)
            }
            var frame = try #require(try await connection.exchange([request], expecting: 1).first)
            // ApiVersions always answers with response header v0, even at v3.
            #expect(try ResponseHeader.decode(from: &frame, headerVersion: 0).correlationID == 42)
            let response = try ApiVersionsResponse(from: &frame, version: 3)
            #expect(response.errorCode == .none)
            let produce = try #require(response.apiKeys.first { $0.apiKey == ApiKey.produce.rawValue })
            #expect(produce.minVersion == 0 && produce.maxVersion == 8)
        }
    }

    @Test("ApiVersions at an unknown version gets UNSUPPORTED_VERSION in a v0 body")
    func apiVersionsTooNew() async throws {
        try await RunningBroker.withPort { port in
            let connection = try await RawKafkaConnection.connect(port: port)
            let request = RawKafkaConnection.frame(apiKey: ApiKey.apiVersions.rawValue, version: 9, correlationID: 7) {
                $0.writeBytes([0, 0, 0])  // a body from the future, which the broker must not try to parse
            }
            var frame = try #require(try await connection.exchange([request], expecting: 1).first)
            #expect(try ResponseHeader.decode(from: &frame, headerVersion: 0).correlationID == 7)
            let response = try ApiVersionsResponse(from: &frame, version: 0)
            #expect(response.errorCode == .unsupportedVersion)
            #expect(response.apiKeys.map(\.apiKey) == [ApiKey.apiVersions.rawValue])
        }
    }

    @Test("an unknown API key is answered UNSUPPORTED_VERSION and the connection closed; the broker keeps serving")
    func unknownApiKey() async throws {
        try await RunningBroker.withPort { port in
            let connection = try await RawKafkaConnection.connect(port: port)
            let request = RawKafkaConnection.frame(apiKey: 999, version: 0, correlationID: 5)
            let frames = try await connection.exchange([request], expecting: 2)
            #expect(frames.count == 1, "the connection closes after the error answer")
            var frame = try #require(frames.first)
            #expect(frame.readInteger(as: Int32.self) == 5)
            #expect(frame.readInteger(as: Int16.self) == KafkaErrorCode.unsupportedVersion.rawValue)
            try await expectServing(port: port)
        }
    }

    @Test("a body that does not parse closes only that connection")
    func garbageBody() async throws {
        try await RunningBroker.withPort { port in
            let connection = try await RawKafkaConnection.connect(port: port)
            let request = RawKafkaConnection.frame(apiKey: ApiKey.metadata.rawValue, version: 8, correlationID: 1) {
                $0.writeBytes([0x7F, 0xFF, 0xFF, 0xFF, 0x01])  // a topic array claiming two billion entries
            }
            let frames = try await connection.exchange([request], expecting: 1)
            #expect(frames.isEmpty)
            try await expectServing(port: port)
        }
    }

    @Test("pipelined requests are answered in the order sent")
    func pipelinedOrder() async throws {
        try await RunningBroker.withPort { port in
            let connection = try await RawKafkaConnection.connect(port: port)
            let requests = (0..<50).map { id in
                id.isMultiple(of: 2)
                    ? RawKafkaConnection.frame(apiKey: ApiKey.apiVersions.rawValue, version: 2, correlationID: Int32(id))
                    : RawKafkaConnection.frame(apiKey: ApiKey.metadata.rawValue, version: 8, correlationID: Int32(id)) {
                        MetadataRequest(topics: nil, allowAutoTopicCreation: false).encode(into: &$0, version: 8)
                    }
            }
            let frames = try await connection.exchange(requests, expecting: requests.count)
            #expect(frames.map { $0.getInteger(at: $0.readerIndex, as: Int32.self) } == (0..<50).map { Int32($0) })
        }
    }

    @Test("a produced batch is fetched back whole, and a parked fetch wakes when data arrives")
    func produceThenFetch() async throws {
        try await RunningBroker.withPort { port in
            try await createTopic("wire", port: port)
            // Park a fetch at the log end first; it must wake up when the produce below lands.
            async let parked = fetch(topic: "wire", offset: 0, maxWaitMs: 30_000, port: port)
            try await Task.sleep(for: .milliseconds(200))

            var builder = RecordBatchBuilder(baseTimestamp: 1_700_000_000_000)
            for index in 0..<10 {
                builder.append(key: ByteBuffer(string: "k\(index)"), value: ByteBuffer(string: "value \(index)"))
            }
            let produced = try await produce(topic: "wire", records: builder.build(), port: port)
            #expect(produced.errorCode == .none)
            #expect(produced.baseOffset == 0)

            let woken = try await parked
            #expect(woken.errorCode == .none)
            #expect(woken.highWatermark == 10)
            let records = try #require(woken.records)
            let header = try RecordBatchHeader(parsing: records, at: records.readerIndex)
            let values = try header.records(in: records, at: records.readerIndex).map { String(buffer: $0.value!) }
            #expect(values == (0..<10).map { "value \($0)" })
        }
    }

    @Test("a batch with a wrong CRC is refused with CORRUPT_MESSAGE and leaves the log empty")
    func corruptBatch() async throws {
        try await RunningBroker.withPort { port in
            try await createTopic("crc", port: port)
            var builder = RecordBatchBuilder(baseTimestamp: 1_700_000_000_000)
            builder.append(key: nil, value: ByteBuffer(string: "hello"))
            var batch = builder.build()
            let last = batch.writerIndex - 1
            batch.setInteger(batch.getInteger(at: last, as: UInt8.self)! ^ 0xFF, at: last)
            let produced = try await produce(topic: "crc", records: batch, port: port)
            #expect(produced.errorCode == .corruptMessage)
            let fetched = try await fetch(topic: "crc", offset: 0, maxWaitMs: 0, port: port)
            #expect(fetched.highWatermark == 0)
            #expect(fetched.records?.readableBytes ?? 0 == 0)
        }
    }

    // MARK: - Helpers

    private func expectServing(port: Int) async throws {
        let fresh = try await RawKafkaConnection.connect(port: port)
        let request = RawKafkaConnection.frame(apiKey: ApiKey.apiVersions.rawValue, version: 0, correlationID: 99)
        let frames = try await fresh.exchange([request], expecting: 1)
        #expect(frames.count == 1)
    }

    private func createTopic(_ name: String, port: Int) async throws {
        let request = RawKafkaConnection.frame(apiKey: ApiKey.createTopics.rawValue, version: 4, correlationID: 1) {
            CreateTopicsRequest(topics: [.init(name: name, numPartitions: 1, replicationFactor: 1)]).encode(into: &$0, version: 4)
        }
        var frame = try #require(try await RawKafkaConnection.connect(port: port).exchange([request], expecting: 1).first)
        _ = try ResponseHeader.decode(from: &frame, headerVersion: 0)
        let response = try CreateTopicsResponse(from: &frame, version: 4)
        #expect(response.topics.first?.errorCode == KafkaErrorCode.none)
    }

    private func produce(topic: String, records: ByteBuffer, port: Int) async throws -> ProduceResponse.Partition {
        let request = RawKafkaConnection.frame(apiKey: ApiKey.produce.rawValue, version: 7, correlationID: 2) {
            ProduceRequest(acks: -1, timeoutMs: 5000, topics: [.init(name: topic, partitions: [.init(index: 0, records: records)])])
                .encode(into: &$0, version: 7)
        }
        var frame = try #require(try await RawKafkaConnection.connect(port: port).exchange([request], expecting: 1).first)
        _ = try ResponseHeader.decode(from: &frame, headerVersion: 0)
        return try #require(try ProduceResponse(from: &frame, version: 7).responses.first?.partitions.first)
    }

    private func fetch(topic: String, offset: Int64, maxWaitMs: Int32, port: Int) async throws -> FetchResponse.Partition {
        let request = RawKafkaConnection.frame(apiKey: ApiKey.fetch.rawValue, version: 11, correlationID: 3) {
            FetchRequest(
                maxWaitMs: maxWaitMs, minBytes: 1, maxBytes: 1 << 20,
                topics: [.init(topic: topic, partitions: [.init(partition: 0, fetchOffset: offset, partitionMaxBytes: 1 << 20)])]
            ).encode(into: &$0, version: 11)
        }
        var frame = try #require(try await RawKafkaConnection.connect(port: port).exchange([request], expecting: 1).first)
        _ = try ResponseHeader.decode(from: &frame, headerVersion: 0)
        return try #require(try FetchResponse(from: &frame, version: 11).responses.first?.partitions.first)
    }
}
