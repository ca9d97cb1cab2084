import KafkaProtocol
import NIOCore
import Testing

/// One typed request/response exchange with a running broker, on a connection of its own.
enum WireExchange {
    /// Sends `request` at `version` (a non-flexible one: response header v0) and decodes the answer.
    static func send<Response: KafkaResponseMessage>(
        _ request: some KafkaRequestMessage, version: Int16, expecting _: Response.Type, port: Int
    ) async throws -> Response {
        let frame = RawKafkaConnection.frame(apiKey: type(of: request).apiKey.rawValue, version: version, correlationID: 1) {
            request.encode(into: &$0, version: version)
        }
        var answer = try #require(try await RawKafkaConnection.connect(port: port).exchange([frame], expecting: 1).first)
        #expect(try ResponseHeader.decode(from: &answer, headerVersion: 0).correlationID == 1)
        return try Response(from: &answer, version: version)
    }

    static func createTopic(_ name: String, partitions: Int32, configs: [String: String] = [:], port: Int) async throws {
        let request = CreateTopicsRequest(topics: [.init(
            name: name, numPartitions: partitions, replicationFactor: 1,
            configs: configs.sorted { $0.key < $1.key }.map { .init(name: $0.key, value: $0.value) }
        )])
        let response = try await send(request, version: 4, expecting: CreateTopicsResponse.self, port: port)
        #expect(response.topics.first?.errorCode == KafkaErrorCode.none, "creating \(name)")
    }

    static func deleteTopics(_ names: [String], version: Int16 = 3, port: Int) async throws -> [String: KafkaErrorCode] {
        let response = try await send(
            DeleteTopicsRequest(topicNames: names), version: version, expecting: DeleteTopicsResponse.self, port: port)
        return Dictionary(response.responses.map { ($0.name, $0.errorCode) }, uniquingKeysWith: { first, _ in first })
    }

    static func metadata(_ topics: [String]?, port: Int) async throws -> MetadataResponse {
        let request = MetadataRequest(topics: topics?.map(MetadataRequest.Topic.init(name:)), allowAutoTopicCreation: false)
        return try await send(request, version: 8, expecting: MetadataResponse.self, port: port)
    }

    static func produce(
        topic: String, partition: Int32 = 0, values: [String], port: Int
    ) async throws -> ProduceResponse.Partition {
        var builder = RecordBatchBuilder(baseTimestamp: 1_700_000_000_000)
        for value in values {
            builder.append(key: nil, value: ByteBuffer(string: value))
        }
        return try await produce(topic: topic, partition: partition, records: builder.build(), port: port)
    }

    /// Produces one ready-made batch (idempotent producers' batches carry their own ids and sequences).
    static func produce(
        topic: String, partition: Int32 = 0, records: ByteBuffer, port: Int
    ) async throws -> ProduceResponse.Partition {
        let request = ProduceRequest(
            acks: -1, timeoutMs: 5000, topics: [.init(name: topic, partitions: [.init(index: partition, records: records)])])
        let response = try await send(request, version: 7, expecting: ProduceResponse.self, port: port)
        return try #require(response.responses.first?.partitions.first)
    }

    static func fetch(
        topic: String, partition: Int32 = 0, offset: Int64, maxWaitMs: Int32 = 0, port: Int
    ) async throws -> FetchResponse.Partition {
        let request = FetchRequest(
            maxWaitMs: maxWaitMs, minBytes: 1, maxBytes: 1 << 20,
            topics: [.init(topic: topic, partitions: [.init(partition: partition, fetchOffset: offset, partitionMaxBytes: 1 << 20)])]
        )
        let response = try await send(request, version: 11, expecting: FetchResponse.self, port: port)
        return try #require(response.responses.first?.partitions.first)
    }
}
