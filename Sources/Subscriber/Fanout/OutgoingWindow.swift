import FanoutProtocol
import NIOCore

/// One live window encoded once for every viewer that gets it: EFP bytes and WebSocket JSON, each only if needed.
///
/// ByteBuffers share storage, so ten thousand viewers of one room cost ten thousand references, not copies.
struct OutgoingWindow: Sendable {
    let efp: ByteBuffer?
    let json: ByteBuffer?
    /// When the window ended (ms since the epoch), to measure how late it reaches its viewers.
    let windowEnd: Int64
    /// Counts viewers down to the last one handled, when the window's delivery latency is recorded once.
    let pendingViewers: PendingViewers

    init(_ window: FanoutFrame.Window, viewers: Int, forEFP: Bool, forWebSocket: Bool) {
        windowEnd = window.windowEnd
        pendingViewers = PendingViewers(viewers)
        if forEFP {
            var buffer = ByteBuffer()
            FanoutFrame.window(window).encode(into: &buffer)
            efp = buffer
        } else {
            efp = nil
        }
        json = forWebSocket ? ByteBuffer(bytes: WebSocketJSON.text(for: .window(window))) : nil
    }

    func message(for transport: ViewerTransport) -> ViewerTransport.Message? {
        switch transport {
        case .efp: efp.map { .efp($0) }
        case .webSocket: json.map { ViewerTransport.textMessage($0) }
        }
    }
}
