import FanoutProtocol
import FanoutServer
import Foundation
import NIOCore
import NIOWebSocket

/// The sending half of one viewer connection, callable from any thread.
///
/// Writes go out in call order, so a viewer sees WELCOME, then its replay, then live windows; a viewer that stops
/// reading is cut off with ERROR 7 (see `PeerChannel`) instead of being buffered without limit or slowing anyone
/// else. What is viewer-only: the transport (EFP or WebSocket JSON) and the fan-out latency of each window.
final class ViewerOutput: Sendable {
    /// Identifies the viewer inside the fan-out.
    let id: Int
    let transport: ViewerTransport
    private let peer: PeerChannel
    private let statistics: SubscriberStatistics

    init(id: Int, channel: any Channel, transport: ViewerTransport, statistics: SubscriberStatistics) {
        self.id = id
        self.peer = PeerChannel(channel)
        self.transport = transport
        self.statistics = statistics
    }

    /// Sends WELCOME and the replayed windows as one flush.
    func welcome(_ welcome: FanoutFrame.Welcome, replay: [FanoutFrame.Window]) {
        peer.whileOpen { [transport, statistics] channel in
            channel.write(transport.message(for: .welcome(welcome), allocator: channel.allocator))
            for window in replay {
                channel.write(transport.message(for: .window(window), allocator: channel.allocator))
            }
            channel.flush()
            statistics.windowFlow.windowsDelivered(replay.count)
        }
    }

    /// Sends one live window, or cuts the viewer off when its queue is full.
    func deliver(_ window: OutgoingWindow) {
        guard let message = window.message(for: transport) else { return handled(window) }
        peer.deliverLive(
            write: { [statistics] channel in
                channel.writeAndFlush(message)
                statistics.windowFlow.windowsDelivered(1)
            },
            cutOff: { [self] in
                statistics.windowFlow.slowPeerDropped()
                close(with: FanoutError(code: .tooSlow, reason: "the viewer did not read its windows fast enough"))
            },
            settled: { [self] in handled(window) }
        )
    }

    /// Counts this viewer as done with `window`; the last of its viewers records how late the window got out.
    private func handled(_ window: OutgoingWindow) {
        guard window.pendingViewers.handledOne() else { return }
        statistics.windowFannedOut(ageMilliseconds: Int64(Date().timeIntervalSince1970 * 1_000) - window.windowEnd)
    }

    /// Sends a frame (PONG, PING) outside the window flow.
    func send(_ frame: FanoutFrame) {
        peer.whileOpen { [transport] channel in
            channel.writeAndFlush(transport.message(for: frame, allocator: channel.allocator))
        }
    }

    /// Sends ERROR (or GOODBYE for `.shuttingDown`) and closes once it is written, or at once if it cannot be.
    ///
    /// WebSocket viewers also get a Close frame after it, as RFC 6455 expects before the TCP close.
    func close(with error: FanoutError) {
        peer.whileOpen { [peer, transport] channel in
            var written = channel.writeAndFlush(transport.message(for: error.closingFrame, allocator: channel.allocator))
            if transport == .webSocket {
                var status = channel.allocator.buffer(capacity: 2)
                // 1001 "going away" for a server stopping, 1008 "policy violation" for a refusal.
                status.writeInteger(UInt16(error.code == .shuttingDown ? 1001 : 1008))
                written = channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .connectionClose, data: status))
            }
            peer.close(after: written)
        }
    }
}
