import FanoutProtocol
import FanoutServer
import NIOCore
import NIOEmbedded
import Testing

/// The keepalive both servers put in front of their EFP peers, driven by hand-fired idle events.
@Suite struct KeepaliveHandlerTests {
    private static func makeChannel(_ handler: KeepaliveHandler = KeepaliveHandler()) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(handler: handler)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    private static func readIdle(_ channel: EmbeddedChannel) {
        channel.pipeline.fireUserInboundEventTriggered(IdleStateHandler.IdleStateEvent.read)
    }

    /// The outbound frame written last, decoded.
    private static func writtenFrame(_ channel: EmbeddedChannel) throws -> FanoutFrame? {
        guard var buffer = try channel.readOutbound(as: ByteBuffer.self) else { return nil }
        let length = buffer.readInteger(as: UInt32.self)
        let body = try #require(length.flatMap { buffer.readSlice(length: Int($0)) })
        return try FanoutFrame(body: body)
    }

    @Test func pingsEachSilentIntervalWithAFreshNonce() throws {
        let channel = try Self.makeChannel()
        Self.readIdle(channel)
        #expect(try Self.writtenFrame(channel) == .ping(1))
        Self.readIdle(channel)
        #expect(try Self.writtenFrame(channel) == .ping(2))
        #expect(channel.isActive)
        _ = try? channel.finish()
    }

    @Test func closesAfterThreeSilentIntervals() throws {
        let channel = try Self.makeChannel()
        for _ in 0..<KeepaliveHandler.missedIntervalsAllowed { Self.readIdle(channel) }
        #expect(!channel.isActive)
        #expect(try Self.writtenFrame(channel) == .ping(1))
        #expect(try Self.writtenFrame(channel) == .ping(2))
        #expect(try Self.writtenFrame(channel) == nil)
    }

    @Test func anythingReadResetsTheSilence() throws {
        let channel = try Self.makeChannel()
        Self.readIdle(channel)
        Self.readIdle(channel)
        try channel.writeInbound(ByteBuffer(string: "any bytes"))
        Self.readIdle(channel)
        Self.readIdle(channel)
        #expect(channel.isActive)
        #expect(try channel.readInbound(as: ByteBuffer.self) == ByteBuffer(string: "any bytes"))
        _ = try? channel.finish()
    }

    @Test func writeIdlenessIsNotSilence() throws {
        let channel = try Self.makeChannel()
        channel.pipeline.fireUserInboundEventTriggered(IdleStateHandler.IdleStateEvent.write)
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        #expect(channel.isActive)
        _ = try? channel.finish()
    }

    @Test func writesTheCallersPing() throws {
        let channel = try Self.makeChannel(KeepaliveHandler { nonce, allocator in
            var buffer = allocator.buffer(capacity: 8)
            buffer.writeInteger(nonce * 10)
            return NIOAny(buffer)
        })
        Self.readIdle(channel)
        let written = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(written.getInteger(at: written.readerIndex, as: UInt64.self) == 10)
        _ = try? channel.finish()
    }
}
