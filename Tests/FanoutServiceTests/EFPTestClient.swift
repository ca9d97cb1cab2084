import FanoutProtocol
import NIOCore
import NIOPosix
import ServiceTestSupport

/// A viewer (or subscriber) speaking EFP to a server on loopback, for tests.
enum EFPTestClient {
    /// Reads frames, skipping keepalive PINGs.
    struct Reader {
        var iterator: NIOAsyncChannelInboundStream<FanoutFrame>.AsyncIterator

        /// The next frame other than PING; nil when the server closed the connection.
        mutating func next() async throws -> FanoutFrame? {
            while let frame = try await iterator.next() {
                if case .ping = frame { continue }
                return frame
            }
            return nil
        }

        /// The next frame, which must be a WINDOW.
        mutating func window() async throws -> FanoutFrame.Window {
            let frame = try await next()
            guard case .window(let window) = frame else { throw UnexpectedFrame(frame: frame) }
            return window
        }

        /// The next frame, which must be a WELCOME.
        mutating func welcome() async throws -> FanoutFrame.Welcome {
            let frame = try await next()
            guard case .welcome(let welcome) = frame else { throw UnexpectedFrame(frame: frame) }
            return welcome
        }
    }

    struct UnexpectedFrame: Error, CustomStringConvertible {
        let frame: FanoutFrame?
        var description: String { "unexpected frame \(frame.map { "\($0)" } ?? "end of stream")" }
    }

    /// Connects, sends `hello` (if any) and runs `body` with the connection; closes it afterwards.
    ///
    /// - Parameter receiveBufferBytes: a small SO_RCVBUF makes a client that stops reading fill up quickly.
    static func session<Result: Sendable>(
        port: Int, hello: FanoutFrame.Hello?, receiveBufferBytes: Int? = nil,
        _ body: (inout Reader, NIOAsyncChannelOutboundWriter<FanoutFrame>) async throws -> Result
    ) async throws -> Result {
        var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        if let receiveBufferBytes {
            bootstrap = bootstrap.channelOption(.socketOption(.so_rcvbuf), value: .init(receiveBufferBytes))
        }
        let channel = try await bootstrap.connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandlers([
                    ByteToMessageHandler(FanoutFrameDecoder()), MessageToByteHandler(FanoutFrameEncoder()),
                ])
                return try NIOAsyncChannel<FanoutFrame, FanoutFrame>(wrappingChannelSynchronously: channel)
            }
        }
        return try await channel.executeThenClose { inbound, outbound in
            if let hello { try await outbound.write(.hello(hello)) }
            var reader = Reader(iterator: inbound.makeAsyncIterator())
            return try await body(&reader, outbound)
        }
    }

    /// Reconnects with `hello` until the server's replay holds `count` windows (it may still be receiving them),
    /// then returns that session's WELCOME and replay.
    static func replay(
        port: Int, hello: FanoutFrame.Hello, count: Int
    ) async throws -> (welcome: FanoutFrame.Welcome, windows: [FanoutFrame.Window]) {
        try await withHangGuard("a replay of \(count) windows") {
            while true {
                let (welcome, windows) = try await session(port: port, hello: hello) { reader, _ in
                    let welcome = try await reader.welcome()
                    var windows: [FanoutFrame.Window] = []
                    for _ in 0..<welcome.replayCount { windows.append(try await reader.window()) }
                    return (welcome, windows)
                }
                if windows.count >= count { return (welcome, windows) }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// A viewer's HELLO with a valid token for subscriber 0-0.
    static func viewerHello(_ clientID: String, rooms: [FanoutFrame.RoomPosition]) -> FanoutFrame.Hello {
        FanoutFrame.Hello(role: .viewer, clientID: clientID, token: token(for: clientID), rooms: rooms)
    }
}
