import KafkaProtocol
import NIOCore
import Testing

/// InitProducerId bodies assembled by hand from Apache Kafka's InitProducerId*.json.
@Suite struct ProducerGoldenTests {
    @Test func idempotentProducerRequest() throws {
        // What an idempotent (non-transactional) producer sends: a null transactional id.
        try expectGolden(InitProducerIdRequest(transactionalId: nil, transactionTimeoutMs: 60_000), version: 0, Wire.nullString + Wire.int32(60_000))
    }

    @Test func transactionalProducerRequest() throws {
        try expectGolden(InitProducerIdRequest(transactionalId: "tx", transactionTimeoutMs: 5_000), version: 1, Wire.string("tx") + Wire.int32(5_000))
    }

    @Test(arguments: InitProducerIdResponse.supportedVersions)
    func response(version: Int16) throws {
        try expectGolden(
            InitProducerIdResponse(producerId: 1_000, producerEpoch: 0),
            version: version,
            Wire.int32(0) + Wire.int16(0) + Wire.int64(1_000) + Wire.int16(0)
        )
    }
}
