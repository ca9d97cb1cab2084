/// A Kafka frame or message that cannot be decoded.
///
/// Every decoder in this module throws this error instead of trapping, whatever the input:
/// a peer that sends garbage is answered or disconnected, never allowed to crash the broker.
public struct KafkaProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case truncated
        case invalidLength
        case invalidString
        case invalidVarint
        case unsupportedVersion(apiKey: Int16, version: Int16)
        case frameTooLarge(length: Int, limit: Int)
        case negativeFrameLength
        case trailingBytes
    }

    private let code: Code

    private init(_ code: Code) {
        self.code = code
    }

    /// The input ended before a field was complete.
    public static let truncated = KafkaProtocolError(.truncated)

    /// A length or count prefix is below -1, or larger than the bytes that follow it.
    public static let invalidLength = KafkaProtocolError(.invalidLength)

    /// A string field is not valid UTF-8.
    public static let invalidString = KafkaProtocolError(.invalidString)

    /// An unsigned varint is longer than five bytes.
    public static let invalidVarint = KafkaProtocolError(.invalidVarint)

    /// The message exists, but this codec does not implement the requested version.
    public static func unsupportedVersion(apiKey: Int16, version: Int16) -> KafkaProtocolError {
        KafkaProtocolError(.unsupportedVersion(apiKey: apiKey, version: version))
    }

    /// A frame announced more bytes than the configured maximum.
    public static func frameTooLarge(length: Int, limit: Int) -> KafkaProtocolError {
        KafkaProtocolError(.frameTooLarge(length: length, limit: limit))
    }

    /// A frame announced a negative length.
    public static let negativeFrameLength = KafkaProtocolError(.negativeFrameLength)

    /// A message body was decoded completely but bytes were left over, so the body is not what it claims to be.
    public static let trailingBytes = KafkaProtocolError(.trailingBytes)

    public var description: String {
        switch code {
        case .truncated:
            "Kafka message truncated"
        case .invalidLength:
            "invalid length or count prefix"
        case .invalidString:
            "string is not valid UTF-8"
        case .invalidVarint:
            "unsigned varint longer than 5 bytes"
        case .unsupportedVersion(let apiKey, let version):
            "API key \(apiKey) version \(version) is not supported"
        case .frameTooLarge(let length, let limit):
            "frame of \(length) bytes exceeds the limit of \(limit) bytes"
        case .negativeFrameLength:
            "negative frame length"
        case .trailingBytes:
            "unexpected bytes after the end of the message"
        }
    }
}
