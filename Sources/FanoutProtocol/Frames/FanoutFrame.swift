/// One frame of the EmoStream Fan-out Protocol (EFP), as specified byte by byte in `proto-docs/fanout.md`.
///
/// On the wire every frame is `u32 length | u8 type | payload`, big-endian, where the length counts the type
/// byte and the payload. `encode(into:)` writes a whole frame; `FanoutFrameDecoder` reads them from a stream.
public enum FanoutFrame: Hashable, Sendable {
    /// The dialling side's first frame: who it is, its token and the rooms (with last seen seqs) it wants.
    case hello(Hello)
    /// The accepting side's answer to a good HELLO; announces how many replayed windows follow.
    case welcome(Welcome)
    /// One aggregated window of one room, live or replayed.
    case window(Window)
    /// Keepalive probe carrying a nonce the other side echoes in a PONG.
    case ping(UInt64)
    /// The answer to a PING, with the PING's nonce.
    case pong(UInt64)
    /// The server refuses or drops the client, then closes.
    case error(FanoutError)
    /// Either side closes on purpose, then closes.
    case goodbye(Goodbye)

    /// The protocol version this codec speaks and writes into HELLO and WELCOME.
    public static let currentProtocolVersion: UInt16 = 1

    /// The largest frame length (type byte + payload) accepted by default: 1 MiB.
    public static let defaultMaxFrameLength = 1 << 20

    /// Whether `string` fits an EFP string field (at most 65535 bytes of UTF-8).
    public static func isEncodableString(_ string: String) -> Bool {
        string.utf8.count <= Int(UInt16.max)
    }
}

/// The type byte of each frame.
enum FanoutFrameType: UInt8 {
    case hello = 0x01
    case welcome = 0x02
    case window = 0x03
    case ping = 0x04
    case pong = 0x05
    case error = 0x06
    case goodbye = 0x07
}
