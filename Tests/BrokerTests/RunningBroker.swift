import Broker
import Foundation
import KafkaProtocol
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// Runs a real broker in-process on a free loopback port with a temporary data directory.
enum RunningBroker {
    static func with(
        configure: (inout BrokerConfiguration) -> Void = { _ in },
        _ body: @Sendable (_ port: Int) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("emostream-broker-test-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = BrokerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.dataDirectory = directory
        configure(&configuration)
        let logger = Logger(label: "broker-test")
        let broker = try KafkaBroker(configuration: configuration, logger: logger)
        let services = ServiceGroup(services: [broker], logger: logger)

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var port = broker.listeningPort
            while port == nil {
                try await Task.sleep(for: .milliseconds(10))
                port = broker.listeningPort
            }
            do {
                try await body(port!)
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
        }
    }
}

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
