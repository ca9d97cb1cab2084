import Broker
import Foundation
import KafkaProtocol
import NIOCore
import ServiceTestSupport
import Synchronization
import Testing

/// Idempotent producers over a real socket: InitProducerId, retried batches, sequence gaps and restarts.
@Suite("Idempotent producers on the wire", .serialized)
struct IdempotenceWireTests {
    @Test("InitProducerId hands out distinct ids at epoch 0 and refuses transactional producers")
    func initProducerId() async throws {
        try await RunningBroker.withPort { port in
            let first = try await initProducerId(port: port)
            let second = try await initProducerId(port: port, version: 0)
            #expect(first.errorCode == .none && first.producerEpoch == 0 && first.producerId >= 0)
            #expect(second.errorCode == .none && second.producerEpoch == 0 && second.producerId != first.producerId)
            let transactional = try await initProducerId(port: port, transactionalId: "tx-1")
            #expect(transactional.errorCode == .coordinatorNotAvailable)
            #expect(transactional.producerId == -1)
        }
    }

    @Test("a retried batch gets its original offset and is stored once; a gap gets OUT_OF_ORDER_SEQUENCE_NUMBER")
    func retriesAndGaps() async throws {
        try await RunningBroker.withPort { port in
            try await WireExchange.createTopic("idem", partitions: 1, port: port)
            let producer = try await initProducerId(port: port).producerId
            #expect(try await WireExchange.produce(topic: "idem", records: batch(producer, sequence: 0, count: 3), port: port).baseOffset == 0)
            #expect(try await WireExchange.produce(topic: "idem", records: batch(producer, sequence: 3, count: 2), port: port).baseOffset == 3)

            let retry = try await WireExchange.produce(topic: "idem", records: batch(producer, sequence: 0, count: 3), port: port)
            #expect(retry.errorCode == .none && retry.baseOffset == 0)
            let gap = try await WireExchange.produce(topic: "idem", records: batch(producer, sequence: 9, count: 1), port: port)
            #expect(gap.errorCode == .outOfOrderSequenceNumber)
            let fenced = try await WireExchange.produce(topic: "idem", records: batch(producer, epoch: -1, sequence: 5, count: 1), port: port)
            #expect(fenced.errorCode == .invalidProducerEpoch)

            let fetched = try await fetchBatchCount(topic: "idem", port: port)
            #expect(fetched.highWatermark == 5 && fetched.batches == 2)
        }
    }

    @Test("producer ids and sequence state survive a broker restart")
    func restart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("emostream-idem-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let producer = ProducerBox()
        try await RunningBroker.withPort(configure: { $0.dataDirectory = directory }) { port in
            try await WireExchange.createTopic("survivor", partitions: 1, port: port)
            let id = try await initProducerId(port: port).producerId
            producer.id = id
            #expect(try await WireExchange.produce(topic: "survivor", records: batch(id, sequence: 0, count: 4), port: port).baseOffset == 0)
        }
        try await RunningBroker.withPort(configure: { $0.dataDirectory = directory }) { port in
            let id = producer.id
            let retry = try await WireExchange.produce(topic: "survivor", records: batch(id, sequence: 0, count: 4), port: port)
            #expect(retry.errorCode == .none && retry.baseOffset == 0)
            #expect(try await WireExchange.produce(topic: "survivor", records: batch(id, sequence: 4, count: 1), port: port).baseOffset == 4)
            #expect(try await initProducerId(port: port).producerId > id)
            #expect(try await fetchBatchCount(topic: "survivor", port: port).batches == 2)
        }
    }

    // MARK: - Helpers

    /// Carries the producer id from the first broker run to the second.
    private final class ProducerBox: Sendable {
        private let value = Mutex<Int64>(-1)
        var id: Int64 {
            get { value.withLock { $0 } }
            set { value.withLock { $0 = newValue } }
        }
    }

    private func batch(_ producerId: Int64, epoch: Int16 = 0, sequence: Int32, count: Int) -> ByteBuffer {
        var builder = RecordBatchBuilder(baseTimestamp: 1_700_000_000_000)
        builder.producerId = producerId
        builder.producerEpoch = epoch
        builder.baseSequence = sequence
        for index in 0..<count {
            builder.append(key: ByteBuffer(string: "k\(index)"), value: ByteBuffer(string: "s\(Int(sequence) + index)"))
        }
        return builder.build()
    }

    private func initProducerId(port: Int, version: Int16 = 1, transactionalId: String? = nil) async throws -> InitProducerIdResponse {
        try await WireExchange.send(
            InitProducerIdRequest(transactionalId: transactionalId), version: version,
            expecting: InitProducerIdResponse.self, port: port
        )
    }

    /// The high watermark and the number of batches stored, fetching from offset 0 until the high watermark
    /// (one fetch answers from one segment at most).
    private func fetchBatchCount(topic: String, port: Int) async throws -> (highWatermark: Int64, batches: Int) {
        var next: Int64 = 0
        var batches = 0
        while true {
            let partition = try await WireExchange.fetch(topic: topic, offset: next, port: port)
            guard let records = partition.records, records.readableBytes > 0 else { return (partition.highWatermark, batches) }
            var position = records.readerIndex
            while position < records.writerIndex {
                let header = try RecordBatchHeader(parsing: records, at: position)
                position += header.totalSize
                next = header.nextOffset
                batches += 1
            }
        }
    }
}
