import FanoutProtocol
import FanoutServer
import NIOCore

/// The sending half of one subscriber connection, callable from any thread.
///
/// Writes go out in call order (WELCOME, replay, then live windows); a subscriber that stops reading is cut off
/// with ERROR 7 (see `PeerChannel`), so a stuck subscriber never holds up the others or grows memory without limit.
final class SubscriberOutput: Sendable {
    let id: Int
    private let peer: PeerChannel
    private let statistics: PublisherStatistics

    init(id: Int, channel: any Channel, statistics: PublisherStatistics) {
        self.id = id
        self.peer = PeerChannel(channel)
        self.statistics = statistics
    }

    /// Sends WELCOME and the replayed windows as one flush.
    func welcome(_ welcome: FanoutFrame.Welcome, replay: [FanoutFrame.Window]) {
        peer.whileOpen { [statistics] channel in
            var buffer = channel.allocator.buffer(capacity: 64 + replay.count * 128)
            FanoutFrame.welcome(welcome).encode(into: &buffer)
            for window in replay { FanoutFrame.window(window).encode(into: &buffer) }
            channel.writeAndFlush(buffer, promise: nil)
            statistics.windowFlow.windowsDelivered(replay.count)
        }
    }

    /// Sends one live window's encoded frame, or cuts the subscriber off when its queue is full.
    func deliver(_ frame: ByteBuffer) {
        peer.deliverLive(
            write: { [statistics] channel in
                channel.writeAndFlush(frame, promise: nil)
                statistics.windowFlow.windowsDelivered(1)
            },
            cutOff: { [self] in
                statistics.windowFlow.slowPeerDropped()
                close(with: FanoutError(code: .tooSlow, reason: "the subscriber did not read fast enough"))
            }
        )
    }

    /// Sends a frame (PONG) outside the window flow.
    func send(_ frame: FanoutFrame) {
        peer.whileOpen { channel in
            var buffer = channel.allocator.buffer(capacity: 32)
            frame.encode(into: &buffer)
            channel.writeAndFlush(buffer, promise: nil)
        }
    }

    /// Sends ERROR (or GOODBYE for `.shuttingDown`) and closes once it is written, or at once if it cannot be.
    func close(with error: FanoutError) {
        peer.whileOpen { [peer] channel in
            var buffer = channel.allocator.buffer(capacity: 64)
            error.closingFrame.encode(into: &buffer)
            peer.close(after: channel.writeAndFlush(buffer))
        }
    }
}
