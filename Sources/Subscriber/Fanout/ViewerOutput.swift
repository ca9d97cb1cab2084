import FanoutProtocol
import Foundation
import NIOCore
import NIOWebSocket

/// The sending half of one viewer connection, callable from any thread.
///
/// Every write hops onto the channel's event loop in call order, so a viewer sees WELCOME, then its replay,
/// then live windows. The bound on what may wait for a viewer is the channel's high write-buffer watermark:
/// a window that finds the channel unwritable means the viewer stopped reading, and it is cut off with
/// ERROR 7 (too slow) instead of being buffered without limit or slowing anyone else.
final class ViewerOutput: Sendable {
    /// Identifies the viewer inside the fan-out.
    let id: Int
    let transport: ViewerTransport
    private let channel: any Channel
    private let statistics: SubscriberStatistics

    init(id: Int, channel: any Channel, transport: ViewerTransport, statistics: SubscriberStatistics) {
        self.id = id
        self.channel = channel
        self.transport = transport
        self.statistics = statistics
    }

    /// Sends WELCOME and the replayed windows as one flush.
    func welcome(_ welcome: FanoutFrame.Welcome, replay: [FanoutFrame.Window]) {
        channel.eventLoop.execute { [self] in
            guard channel.isActive else { return }
            channel.write(transport.message(for: .welcome(welcome), allocator: channel.allocator))
            for window in replay {
                channel.write(transport.message(for: .window(window), allocator: channel.allocator))
            }
            channel.flush()
            statistics.windowsReplayed(replay.count)
        }
    }

    /// Sends one live window, or cuts the viewer off when its queue is full.
    func deliver(_ window: OutgoingWindow) {
        guard let message = window.message(for: transport) else { return handled(window) }
        channel.eventLoop.execute { [self] in
            defer { handled(window) }
            guard channel.isActive else { return }
            guard channel.isWritable else {
                statistics.slowViewerDropped()
                close(with: FanoutError(code: .tooSlow, reason: "the viewer did not read its windows fast enough"))
                return
            }
            channel.writeAndFlush(message)
            statistics.liveWindowDelivered()
        }
    }

    /// Counts this viewer as done with `window`; the last of its viewers records how late the window got out.
    private func handled(_ window: OutgoingWindow) {
        guard window.pendingViewers.handledOne() else { return }
        statistics.windowFannedOut(ageMilliseconds: Int64(Date().timeIntervalSince1970 * 1_000) - window.windowEnd)
    }

    /// Sends a frame (PONG, PING) outside the window flow.
    func send(_ frame: FanoutFrame) {
        channel.eventLoop.execute { [self] in
            guard channel.isActive else { return }
            channel.writeAndFlush(transport.message(for: frame, allocator: channel.allocator))
        }
    }

    /// Sends ERROR (or GOODBYE for `.shuttingDown`) and closes once it is written, or at once if it cannot be.
    ///
    /// WebSocket viewers also get a Close frame after it, as RFC 6455 expects before the TCP close.
    func close(with error: FanoutError) {
        channel.eventLoop.execute { [self] in
            guard channel.isActive else { return }
            let frame: FanoutFrame = error.code == .shuttingDown
                ? .goodbye(.init(code: error.code, reason: error.reason)) : .error(error)
            var written = channel.writeAndFlush(transport.message(for: frame, allocator: channel.allocator))
            if transport == .webSocket {
                var status = channel.allocator.buffer(capacity: 2)
                // 1001 "going away" for a server stopping, 1008 "policy violation" for a refusal.
                status.writeInteger(UInt16(error.code == .shuttingDown ? 1001 : 1008))
                written = channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .connectionClose, data: status))
            }
            if channel.isWritable {
                written.whenComplete { [channel] _ in channel.close(promise: nil) }
            } else {
                // A peer that does not read would never let the frame out; don't wait for it.
                channel.close(promise: nil)
            }
        }
    }
}
