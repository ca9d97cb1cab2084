import KafkaProtocol
import NIOCore
import NIOPosix

extension KafkaBroker {
    /// Runs a request's disk work on the storage pool and answers right after it.
    func onStoragePool(
        _ request: IncomingRequest,
        _ work: @escaping @Sendable () throws -> Answer
    ) -> EventLoopFuture<EventLoopFuture<Answer>> {
        let eventLoop = request.eventLoop
        return storagePool.runIfActive(eventLoop: eventLoop, work).map { eventLoop.makeSucceededFuture($0) }
    }
}
