import NIOCore

/// Writes each outbound `FanoutFrame` as a whole length-prefixed frame.
public struct FanoutFrameEncoder: MessageToByteEncoder {
    public typealias OutboundIn = FanoutFrame

    public init() {}

    public func encode(data: FanoutFrame, out: inout ByteBuffer) {
        data.encode(into: &out)
    }
}
