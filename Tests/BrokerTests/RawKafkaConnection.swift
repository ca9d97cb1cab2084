import KafkaProtocol
import NIOCore
import NIOPosix

/// A bare Kafka connection that sends hand-built frames and reads raw response frames.
struct RawKafkaConnection: Sendable {
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>

    static func connect(port: Int) async throws -> RawKafkaConnection {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(KafkaFrameDecoder(maxFrameLength: 64 << 20))
                    )
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return RawKafkaConnection(channel: channel)
    }

    /// Frames a request (header v1, or v2 for flexible versions) and its body.
    static func frame(
        apiKey: Int16, version: Int16, correlationID: Int32, body: (inout ByteBuffer) -> Void = { _ in }
    ) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeKafkaFrame { frame in
            RequestHeader(apiKey: apiKey, apiVersion: version, correlationID: correlationID, clientID: "raw-test")
                .encode(into: &frame)
            body(&frame)
        }
        return buffer
    }

    /// Sends raw bytes and reads up to `count` response frames (fewer if the broker closes the connection).
    func exchange(_ bytes: [ByteBuffer], expecting count: Int) async throws -> [ByteBuffer] {
        try await channel.executeThenClose { inbound, outbound in
            for buffer in bytes { try await outbound.write(buffer) }
            var frames: [ByteBuffer] = []
            for try await frame in inbound {
                frames.append(frame)
                if frames.count == count { break }
            }
            return frames
        }
    }
}
