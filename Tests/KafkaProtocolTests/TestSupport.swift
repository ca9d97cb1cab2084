import KafkaProtocol
import NIOCore

/// Decodes `bytes` as a whole message body of type `Message`.
func decode<Message: KafkaMessage>(_ type: Message.Type, _ bytes: [UInt8], version: Int16) throws -> Message {
    var buffer = ByteBuffer(bytes: bytes)
    return try Message(from: &buffer, version: version)
}

/// The bytes `message` encodes to at `version`.
func encodedBytes(_ message: some KafkaMessage, version: Int16) -> [UInt8] {
    var buffer = ByteBuffer()
    message.encode(into: &buffer, version: version)
    return Array(buffer.readableBytesView)
}

/// Encodes then decodes `message`.
func roundTrip<Message: KafkaMessage>(_ message: Message, version: Int16) throws -> Message {
    try decode(Message.self, encodedBytes(message, version: version), version: version)
}

/// The UTF-8 bytes of an ASCII string, for assembling golden frames readably.
func ascii(_ string: String) -> [UInt8] {
    Array(string.utf8)
}

/// A small deterministic generator, so random-input tests fail reproducibly.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
