import FanoutProtocol
import NIOCore

/// The sending half of one subscriber connection, callable from any thread.
///
/// Writes hop onto the channel's event loop in call order (WELCOME, replay, then live windows). The channel's
/// high write-buffer watermark bounds what may wait: a window that finds the channel unwritable cuts the
/// subscriber off with ERROR 7, so a stuck subscriber never holds up the others or grows memory without limit.
final class SubscriberOutput: Sendable {
    let id: Int
    private let channel: any Channel
    private let statistics: PublisherStatistics

    init(id: Int, channel: any Channel, statistics: PublisherStatistics) {
        self.id = id
        self.channel = channel
        self.statistics = statistics
    }

    /// Sends WELCOME and the replayed windows as one flush.
    func welcome(_ welcome: FanoutFrame.Welcome, replay: [FanoutFrame.Window]) {
        channel.eventLoop.execute { [self] in
            guard channel.isActive else { return }
            var buffer = channel.allocator.buffer(capacity: 64 + replay.count * 128)
            FanoutFrame.welcome(welcome).encode(into: &buffer)
            for window in replay { FanoutFrame.window(window).encode(into: &buffer) }
            channel.writeAndFlush(buffer, promise: nil)
            statistics.windowsDelivered(replay.count)
        }
    }

    /// Sends one live window's encoded frame, or cuts the subscriber off when its queue is full.
    func deliver(_ frame: ByteBuffer) {
        channel.eventLoop.execute { [self] in
            guard channel.isActive else { return }
            guard channel.isWritable else {
                statistics.slowSubscriberDropped()
                close(with: .error(FanoutError(code: .tooSlow, reason: "the subscriber did not read fast enough")))
                return
            }
            channel.writeAndFlush(frame, promise: nil)
            statistics.windowsDelivered(1)
        }
    }

    func send(_ frame: FanoutFrame) {
        channel.eventLoop.execute { [self] in
            guard channel.isActive else { return }
            var buffer = channel.allocator.buffer(capacity: 32)
            frame.encode(into: &buffer)
            channel.writeAndFlush(buffer, promise: nil)
        }
    }

    /// Sends a last ERROR or GOODBYE and closes once it is written, or at once if it cannot be.
    func close(with frame: FanoutFrame) {
        channel.eventLoop.execute { [self] in
            guard channel.isActive else { return }
            var buffer = channel.allocator.buffer(capacity: 64)
            frame.encode(into: &buffer)
            let written = channel.writeAndFlush(buffer)
            if channel.isWritable {
                written.whenComplete { [channel] _ in channel.close(promise: nil) }
            } else {
                channel.close(promise: nil)
            }
        }
    }
}
