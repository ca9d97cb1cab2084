import KafkaProtocol
import NIOCore

extension KafkaBroker {
    /// Decodes one request frame and starts handling it.
    ///
    /// The outer future completes once the request's synchronous work (appending, reading, creating topics) is
    /// done — the connection processes its next request only then. The inner future is the answer, which may
    /// come later (after an fsync, or at the end of a fetch's long poll). A failed future closes the connection.
    func process(frame: ByteBuffer, clientHost: String, on eventLoop: any EventLoop) -> EventLoopFuture<EventLoopFuture<Answer>> {
        var body = frame
        let header: RequestHeader
        do {
            header = try RequestHeader.decode(from: &body)
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
        metrics.requestReceived(apiKey: header.apiKey)
        guard let apiKey = ApiKey(rawValue: header.apiKey),
              let supported = SupportedVersions.range(for: apiKey),
              supported.contains(header.apiVersion)
        else {
            return eventLoop.makeSucceededFuture(eventLoop.makeSucceededFuture(unsupported(header)))
        }
        let request = IncomingRequest(header: header, apiKey: apiKey, body: body, clientHost: clientHost, eventLoop: eventLoop)
        do {
            switch apiKey {
            case .apiVersions:
                return request.answerNow(apiVersions(request))
            case .metadata:
                return try metadata(request)
            case .produce:
                return try produce(request)
            case .fetch:
                return try fetch(request)
            case .listOffsets:
                return try listOffsets(request)
            case .createTopics:
                return try createTopics(request)
            case .deleteTopics:
                return try deleteTopics(request)
            case .describeConfigs:
                return try describeConfigs(request)
            case .findCoordinator:
                return try findCoordinator(request)
            case .joinGroup:
                return try joinGroup(request)
            case .syncGroup:
                return try syncGroup(request)
            case .heartbeat:
                return try heartbeat(request)
            case .leaveGroup:
                return try leaveGroup(request)
            case .offsetCommit:
                return try offsetCommit(request)
            case .offsetFetch:
                return try offsetFetch(request)
            case .listGroups:
                return try listGroups(request)
            case .describeGroups:
                return try describeGroups(request)
            case .initProducerId:
                return try initProducerId(request)
            }
        } catch {
            logger.notice("Malformed request", metadata: [
                "kafka.api_key": "\(apiKey)", "kafka.api_version": "\(header.apiVersion)",
                "kafka.client_id": "\(header.clientID ?? "")", "error": "\(error)",
            ])
            return eventLoop.makeFailedFuture(error)
        }
    }

    /// Answers an API key or version this broker does not implement.
    ///
    /// ApiVersions gets its documented fallback (a v0 body listing the ApiVersions range) so clients can
    /// renegotiate. For anything else no valid response body exists, so the broker sends the correlation id
    /// and UNSUPPORTED_VERSION and then closes the connection, as Kafka itself closes it.
    private func unsupported(_ header: RequestHeader) -> Answer {
        if header.apiKey == ApiKey.apiVersions.rawValue {
            var buffer = ByteBufferAllocator().buffer(capacity: 32)
            buffer.writeKafkaFrame { frame in
                ResponseHeader(correlationID: header.correlationID).encode(into: &frame, headerVersion: 0)
                ApiVersionsResponse.unsupportedVersionAnswer.encode(into: &frame, version: 0)
            }
            return Answer(bytes: buffer)
        }
        logger.notice("Unsupported API key or version", metadata: [
            "kafka.api_key": "\(header.apiKey)", "kafka.api_version": "\(header.apiVersion)",
            "kafka.client_id": "\(header.clientID ?? "")",
        ])
        var buffer = ByteBufferAllocator().buffer(capacity: 12)
        buffer.writeKafkaFrame { frame in
            frame.writeInteger(header.correlationID)
            frame.writeInteger(KafkaErrorCode.unsupportedVersion.rawValue)
        }
        return Answer(bytes: buffer, closeAfterwards: true)
    }
}

/// One decoded request header with its still-encoded body.
struct IncomingRequest: Sendable {
    let header: RequestHeader
    let apiKey: ApiKey
    var body: ByteBuffer
    /// The peer's address, as group descriptions show it.
    let clientHost: String
    let eventLoop: any EventLoop

    var version: Int16 { header.apiVersion }

    /// Encodes an answer to this request.
    func answer(_ encode: (inout ByteBuffer) -> Void) -> Answer {
        Answer(replyingTo: header, apiKey: apiKey, encode: encode)
    }

    /// Wraps an answer that needed no waiting.
    func answerNow(_ answer: Answer) -> EventLoopFuture<EventLoopFuture<Answer>> {
        eventLoop.makeSucceededFuture(eventLoop.makeSucceededFuture(answer))
    }
}
