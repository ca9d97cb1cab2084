import FanoutProtocol
import NIOCore

/// One live window encoded once for every viewer that gets it: EFP bytes and WebSocket JSON, each only if needed.
///
/// ByteBuffers share storage, so ten thousand viewers of one room cost ten thousand references, not copies.
struct OutgoingWindow: Sendable {
    let efp: ByteBuffer?
    let json: ByteBuffer?

    init(_ window: FanoutFrame.Window, forEFP: Bool, forWebSocket: Bool) {
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
