import FanoutServer
import NIOCore
import NIOPosix
import Testing

/// The listening socket both servers open: a peer's channel turns unwritable past the configured queue bound.
@Suite struct FanoutPeersBootstrapTests {
    @Test func acceptedPeersGetTheQueueBoundAsHighWatermark() async throws {
        let accepted = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: ChannelOptions.Types.WriteBufferWaterMark.self)
        let server = try await ServerBootstrap.forFanoutPeers(backlog: 8, maxQueuedBytesPerPeer: 4_096, socketSendBufferBytes: 8_192)
            .childChannelInitializer { channel in
                channel.getOption(.writeBufferWaterMark).map { accepted.succeed($0) }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        let port = try #require(server.localAddress?.port)
        let client = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port).get()
        let watermark = try await accepted.futureResult.get()
        try? await client.close()
        try? await server.close()
        #expect(watermark.high == 4_096)
        #expect(watermark.low == 2_048)
    }
}
