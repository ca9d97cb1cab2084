import NIOCore

extension FanoutFrame {
    /// An orderly close by either side: `.normalClosure`, or `.shuttingDown` when a server stops.
    public struct Goodbye: Hashable, Sendable {
        public var code: FanoutErrorCode
        public var reason: String

        public init(code: FanoutErrorCode = .normalClosure, reason: String) {
            self.code = code
            self.reason = reason
        }
    }
}

extension FanoutFrame.Goodbye {
    func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(code.rawValue)
        buffer.writeFanoutString(reason)
    }

    init(from buffer: inout ByteBuffer) throws(FanoutProtocolError) {
        let code = FanoutErrorCode(rawValue: try buffer.readFanoutInteger(as: UInt16.self))
        self.init(code: code, reason: try buffer.readFanoutString())
    }
}
