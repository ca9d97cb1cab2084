import NIOCore

/// The payload of an ERROR frame: why the server refuses or drops the client, just before it closes.
///
/// Not a Swift `Error`: it is data received from or sent to a peer. Code that wants to throw it can wrap it.
public struct FanoutError: Hashable, Sendable, CustomStringConvertible {
    public var code: FanoutErrorCode
    /// Human-readable detail for logs; clients must branch on `code`, not on this text.
    public var reason: String

    public init(code: FanoutErrorCode, reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String {
        "\(code) (\(code.rawValue)): \(reason)"
    }
}

extension FanoutError {
    func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(code.rawValue)
        buffer.writeFanoutString(reason)
    }

    init(from buffer: inout ByteBuffer) throws(FanoutProtocolError) {
        let code = FanoutErrorCode(rawValue: try buffer.readFanoutInteger(as: UInt16.self))
        self.init(code: code, reason: try buffer.readFanoutString())
    }
}
