import KafkaProtocol
import NIOCore

extension KafkaBroker {
    /// Every group's coordinator is this node; transactions are not supported, so transaction keys find none.
    func findCoordinator(_ request: IncomingRequest) throws -> EventLoopFuture<EventLoopFuture<Answer>> {
        var body = request.body
        let find = try FindCoordinatorRequest(from: &body, version: request.version)
        let response: FindCoordinatorResponse
        if find.keyType == FindCoordinatorRequest.groupKeyType {
            response = FindCoordinatorResponse(
                nodeId: configuration.nodeID, host: configuration.effectiveAdvertisedHost, port: advertisedPort
            )
        } else {
            response = FindCoordinatorResponse(
                errorCode: .coordinatorNotAvailable, errorMessage: "Transactions are not supported by this broker.",
                nodeId: -1, host: "", port: -1
            )
        }
        return request.answerNow(request.answer { response.encode(into: &$0, version: request.version) })
    }
}
