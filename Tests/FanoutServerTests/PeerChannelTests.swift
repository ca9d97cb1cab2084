import FanoutProtocol
import FanoutServer
import NIOCore
import NIOEmbedded
import Synchronization
import Testing

/// The outbound path both servers use towards their peers, on an `EmbeddedChannel`.
@Suite struct PeerChannelTests {
    /// Which of the callbacks ran, in order.
    private final class Calls: Sendable {
        private let names = Mutex<[String]>([])
        func record(_ name: String) { names.withLock { $0.append(name) } }
        var all: [String] { names.withLock { $0 } }
    }

    private static func makeChannel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    private static func deliver(_ text: String, to peer: PeerChannel, calls: Calls) {
        peer.deliverLive(
            write: { channel in
                calls.record("write")
                channel.writeAndFlush(ByteBuffer(string: text), promise: nil)
            },
            cutOff: { calls.record("cutOff") },
            settled: { calls.record("settled") }
        )
    }

    @Test func liveWindowIsWrittenWhileThePeerReads() throws {
        let channel = try Self.makeChannel()
        let calls = Calls()
        Self.deliver("window", to: PeerChannel(channel), calls: calls)
        channel.embeddedEventLoop.run()
        #expect(calls.all == ["write", "settled"])
        #expect(try channel.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "window"))
        _ = try? channel.finish()
    }

    @Test func peerThatStoppedReadingIsCutOffInsteadOfQueued() throws {
        let channel = try Self.makeChannel()
        channel.isWritable = false
        let calls = Calls()
        Self.deliver("window", to: PeerChannel(channel), calls: calls)
        channel.embeddedEventLoop.run()
        #expect(calls.all == ["cutOff", "settled"])
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        _ = try? channel.finish()
    }

    @Test func closedPeerGetsNothingButTheWindowStillSettles() throws {
        let channel = try Self.makeChannel()
        try channel.close().wait()
        let calls = Calls()
        let peer = PeerChannel(channel)
        Self.deliver("window", to: peer, calls: calls)
        peer.whileOpen { _ in calls.record("whileOpen") }
        channel.embeddedEventLoop.run()
        #expect(calls.all == ["settled"])
    }

    @Test func writesRunInCallOrder() throws {
        let channel = try Self.makeChannel()
        let calls = Calls()
        let peer = PeerChannel(channel)
        peer.whileOpen { _ in calls.record("welcome") }
        Self.deliver("window", to: peer, calls: calls)
        peer.whileOpen { _ in calls.record("pong") }
        channel.embeddedEventLoop.run()
        #expect(calls.all == ["welcome", "write", "settled", "pong"])
        _ = try? channel.finish()
    }

    @Test func closesOnceTheLastFrameIsWritten() throws {
        let channel = try Self.makeChannel()
        let peer = PeerChannel(channel)
        peer.close(after: channel.writeAndFlush(ByteBuffer(string: "GOODBYE")))
        channel.embeddedEventLoop.run()
        #expect(!channel.isActive)
        #expect(try channel.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "GOODBYE"))
    }

    @Test func closesAtOnceWhenTheLastFrameCannotGetOut() throws {
        let channel = try Self.makeChannel()
        channel.isWritable = false
        let lastWrite = channel.embeddedEventLoop.makePromise(of: Void.self)
        PeerChannel(channel).close(after: lastWrite.futureResult)
        #expect(!channel.isActive)
        lastWrite.succeed()
    }

    @Test(arguments: [
        (FanoutErrorCode.shuttingDown, true), (.tooSlow, false), (.badToken, false), (.malformedFrame, false),
    ])
    func onlyAShutdownClosesWithGoodbye(code: FanoutErrorCode, isGoodbye: Bool) {
        let error = FanoutError(code: code, reason: "because")
        let expected: FanoutFrame = isGoodbye ? .goodbye(.init(code: code, reason: "because")) : .error(error)
        #expect(error.closingFrame == expected)
    }
}
