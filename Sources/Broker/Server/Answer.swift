import KafkaProtocol
import NIOCore

/// What the broker sends back for one request.
struct Answer: Sendable {
    /// The whole response frame (length, header, message); `nil` sends nothing, as for a Produce with acks=0.
    var bytes: ByteBuffer?
    /// Whether to close the connection once this answer is written.
    var closeAfterwards = false

    static let none = Answer(bytes: nil)

    /// Encodes a response header for `request` followed by the body `encode` writes.
    init(replyingTo request: RequestHeader, apiKey: ApiKey, encode: (inout ByteBuffer) -> Void) {
        var buffer = ByteBufferAllocator().buffer(capacity: 256)
        // Written as one frame in place, so a fetch's records are copied once, not twice.
        buffer.writeKafkaFrame { frame in
            ResponseHeader(correlationID: request.correlationID)
                .encode(into: &frame, headerVersion: apiKey.responseHeaderVersion(for: request.apiVersion))
            encode(&frame)
        }
        self.bytes = buffer
    }

    init(bytes: ByteBuffer?, closeAfterwards: Bool = false) {
        self.bytes = bytes
        self.closeAfterwards = closeAfterwards
    }
}
