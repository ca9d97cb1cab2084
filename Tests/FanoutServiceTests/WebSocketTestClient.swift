import Foundation
import NIOCore
import NIOPosix

/// A browser-like WebSocket viewer on loopback, for tests: a raw HTTP upgrade, then masked text frames out and
/// unmasked frames in, parsed by hand so the test does not share code with the server it checks.
enum WebSocketTestClient {
    struct Connection {
        var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
        var pending = ByteBuffer()

        /// Sends one masked text frame.
        func send(text: String) async throws {
            let payload = Array(text.utf8)
            var frame = ByteBuffer()
            frame.writeInteger(UInt8(0x81))
            if payload.count < 126 {
                frame.writeInteger(UInt8(0x80 | payload.count))
            } else {
                frame.writeInteger(UInt8(0x80 | 126))
                frame.writeInteger(UInt16(payload.count))
            }
            let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
            frame.writeBytes(mask)
            frame.writeBytes(payload.enumerated().map { $0.element ^ mask[$0.offset % 4] })
            try await outbound.write(frame)
        }

        /// Sends a JSON object as a text message.
        func send(json: [String: Any]) async throws {
            try await send(text: String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self))
        }

        /// The next text message parsed as a JSON object, skipping control frames; nil at end of stream.
        mutating func nextMessage() async throws -> [String: Any]? {
            while true {
                if let (opcode, payload) = takeFrame() {
                    if opcode == 0x1 {
                        return try JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any]
                    }
                    if opcode == 0x8 { return nil }
                    continue
                }
                guard var more = try await iterator.next() else { return nil }
                pending.writeBuffer(&more)
            }
        }

        /// Reads until the HTTP response head ends; returns it.
        mutating func readResponseHead() async throws -> String {
            while true {
                let text = String(decoding: pending.readableBytesView, as: UTF8.self)
                if let end = text.range(of: "\r\n\r\n") {
                    pending.moveReaderIndex(forwardBy: text[..<end.upperBound].utf8.count)
                    return String(text[..<end.lowerBound])
                }
                guard var more = try await iterator.next() else { return text }
                pending.writeBuffer(&more)
            }
        }

        /// One whole unmasked server frame from `pending`, if it has fully arrived.
        private mutating func takeFrame() -> (opcode: UInt8, payload: [UInt8])? {
            var view = pending
            guard let first = view.readInteger(as: UInt8.self), let second = view.readInteger(as: UInt8.self) else { return nil }
            var length = Int(second & 0x7F)
            if length == 126 {
                guard let extended = view.readInteger(as: UInt16.self) else { return nil }
                length = Int(extended)
            } else if length == 127 {
                guard let extended = view.readInteger(as: UInt64.self) else { return nil }
                length = Int(extended)
            }
            guard let payload = view.readBytes(length: length) else { return nil }
            pending = view
            return (first & 0x0F, payload)
        }
    }

    /// Connects, upgrades at `path`, and runs `body` with the connection; the upgrade must succeed.
    static func session<Result: Sendable>(
        port: Int, path: String = "/ws", _ body: (inout Connection) async throws -> Result
    ) async throws -> Result {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: [
                "GET \(path) HTTP/1.1", "Host: 127.0.0.1:\(port)", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13", "", "",
            ].joined(separator: "\r\n")))
            var connection = Connection(iterator: inbound.makeAsyncIterator(), outbound: outbound)
            let head = try await connection.readResponseHead()
            guard head.hasPrefix("HTTP/1.1 101") else { throw UpgradeRefused(head: head) }
            return try await body(&connection)
        }
    }

    /// Sends one plain HTTP request on the viewer port and returns the status line and body.
    static func get(port: Int, path: String) async throws -> (status: String, body: String) {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: "GET \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
            var response = ""
            for try await chunk in inbound { response += String(buffer: chunk) }
            let parts = response.components(separatedBy: "\r\n\r\n")
            return (parts.first?.components(separatedBy: "\r\n").first ?? "", parts.dropFirst().joined(separator: "\r\n\r\n"))
        }
    }

    struct UpgradeRefused: Error, CustomStringConvertible {
        let head: String
        var description: String { "WebSocket upgrade refused: \(head)" }
    }
}
