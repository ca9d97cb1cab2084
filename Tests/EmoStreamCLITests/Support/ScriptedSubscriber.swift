import FanoutProtocol
import NIOCore
import NIOPosix

/// A tiny EFP server on loopback that hands each accepted connection to the test, which plays the subscriber.
struct ScriptedSubscriber {
    typealias Connection = NIOAsyncChannel<FanoutFrame, FanoutFrame>

    let server: NIOAsyncChannel<Connection, Never>

    var port: Int { server.channel.localAddress!.port! }

    static func start() async throws -> ScriptedSubscriber {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handlers: [any ChannelHandler] = [
                        ByteToMessageHandler(FanoutFrameDecoder()), MessageToByteHandler(FanoutFrameEncoder()),
                    ]
                    try channel.pipeline.syncOperations.addHandlers(handlers)
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
        return ScriptedSubscriber(server: server)
    }

    /// Runs `script` on each of the next `count` connections, one after the other, then closes the server.
    func serve(
        connections count: Int,
        _ script: (_ index: Int, _ inbound: inout NIOAsyncChannelInboundStream<FanoutFrame>.AsyncIterator,
                   _ outbound: NIOAsyncChannelOutboundWriter<FanoutFrame>) async throws -> Void
    ) async throws {
        try await server.executeThenClose { connections in
            var index = 0
            for try await connection in connections {
                try await connection.executeThenClose { inbound, outbound in
                    var iterator = inbound.makeAsyncIterator()
                    try await script(index, &iterator, outbound)
                }
                index += 1
                if index == count { break }
            }
        }
    }
}

extension FanoutFrame.Welcome {
    static func test(replayCount: UInt32 = 0) -> FanoutFrame.Welcome {
        FanoutFrame.Welcome(serverID: "test-subscriber", heartbeatIntervalMs: 30_000, recovery: .complete, replayCount: replayCount)
    }
}

extension FanoutFrame.Window {
    static func test(room: String = "main", seq: Int64, replayed: Bool = false) -> FanoutFrame.Window {
        FanoutFrame.Window(
            room: room, seq: seq, windowStart: 1_000 * seq, windowEnd: 1_000 * seq + 2_000, total: 3795,
            entries: [.init(emoji: "❤️", count: 3785, scaled: 4), .init(emoji: "😂", count: 10, scaled: 1)], replayed: replayed
        )
    }
}
