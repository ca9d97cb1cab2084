import NIOCore
import NIOPosix

extension ServerBootstrap {
    /// A listening bootstrap with the socket settings every server of EFP peers uses; add the child channel
    /// initializer and bind.
    ///
    /// The high write-buffer watermark is `maxQueuedBytesPerPeer`: past it the channel turns unwritable, which is
    /// what makes `PeerChannel` cut off a peer that stopped reading.
    ///
    /// - Parameters:
    ///   - backlog: pending connections the kernel may hold before they are accepted.
    ///   - socketSendBufferBytes: SO_SNDBUF for each peer's socket; nil keeps the kernel's default.
    public static func forFanoutPeers(backlog: Int32, maxQueuedBytesPerPeer: Int, socketSendBufferBytes: Int?) -> ServerBootstrap {
        let highWatermark = max(maxQueuedBytesPerPeer, 2)
        var bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: backlog)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.writeBufferWaterMark, value: .init(low: highWatermark / 2, high: highWatermark))
        if let socketSendBufferBytes {
            bootstrap = bootstrap.childChannelOption(.socketOption(.so_sndbuf), value: .init(socketSendBufferBytes))
        }
        return bootstrap
    }
}
