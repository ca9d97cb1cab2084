import FanoutServer
import NIOCore
import NIOWebSocket

extension KeepaliveHandler {
    /// A keepalive for WebSocket viewers: browsers answer a ping control frame without application code,
    /// where an EFP PING inside a text message would need the page to answer it.
    static func webSocket() -> KeepaliveHandler {
        KeepaliveHandler { nonce, allocator in
            var data = allocator.buffer(capacity: 8)
            data.writeInteger(nonce)
            return NIOAny(WebSocketFrame(fin: true, opcode: .ping, data: data))
        }
    }
}
