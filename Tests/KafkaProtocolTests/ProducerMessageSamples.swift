import KafkaProtocol

/// One value per producer message and version, in the manner of `GroupsMessageSamples`.
enum ProducerMessageSamples {
    static func initProducerIdRequest(version: Int16) -> InitProducerIdRequest {
        InitProducerIdRequest(transactionalId: "publisher-tx", transactionTimeoutMs: 45_000)
    }

    static func initProducerIdResponse(version: Int16) -> InitProducerIdResponse {
        InitProducerIdResponse(throttleTimeMs: 2, errorCode: .none, producerId: 4_000_000_001, producerEpoch: 3)
    }

    static let all: [SampledMessage] = [
        SampledMessage(initProducerIdRequest),
        SampledMessage(initProducerIdResponse),
    ]
}
