import KafkaProtocol
import NIOCore

extension KafkaBroker {
    /// Gives an idempotent producer a fresh producer id at epoch 0.
    ///
    /// Ids come from the log manager's durable allocator, so they are never reused across restarts
    /// and each partition's sequence state belongs to one producer session. Transactions are not
    /// supported: a transactional id is answered COORDINATOR_NOT_AVAILABLE, as FindCoordinator
    /// answers transaction coordinator lookups.
    func initProducerId(_ request: IncomingRequest) throws -> EventLoopFuture<EventLoopFuture<Answer>> {
        var body = request.body
        let initRequest = try InitProducerIdRequest(from: &body, version: request.version)
        guard initRequest.transactionalId == nil else {
            logger.notice("Refused InitProducerId for a transactional producer: transactions are not supported", metadata: [
                "kafka.client_id": "\(request.header.clientID ?? "")",
            ])
            return request.answerNow(initProducerIdAnswer(
                InitProducerIdResponse(errorCode: .coordinatorNotAvailable, producerId: -1, producerEpoch: -1), request: request))
        }
        return onStoragePool(request) { [self] in
            let response: InitProducerIdResponse
            do {
                response = InitProducerIdResponse(producerId: try logs.allocateProducerId(), producerEpoch: 0)
            } catch {
                logger.error("Could not allocate a producer id", metadata: ["error": "\(error)"])
                response = InitProducerIdResponse(errorCode: kafkaErrorCode(for: error), producerId: -1, producerEpoch: -1)
            }
            return initProducerIdAnswer(response, request: request)
        }
    }

    private func initProducerIdAnswer(_ response: InitProducerIdResponse, request: IncomingRequest) -> Answer {
        request.answer { response.encode(into: &$0, version: request.version) }
    }
}
