import NIOCore

/// A request or response body this module can encode and decode.
///
/// Decoding validates the version against `supportedVersions` and requires the body to be consumed
/// exactly: leftover bytes mean the peer and we disagree about the format, so the body is rejected.
public protocol KafkaMessage: Sendable {
    static var apiKey: ApiKey { get }
    /// The versions this codec reads and writes; the broker advertises these (see `SupportedVersions`).
    static var supportedVersions: ClosedRange<Int16> { get }

    /// Decodes a whole body (everything after the header).
    ///
    /// - Throws: `KafkaProtocolError` for an unsupported version, a malformed body or trailing bytes.
    init(from buffer: inout ByteBuffer, version: Int16) throws

    /// Encodes the body; `version` must be in `supportedVersions`.
    func encode(into buffer: inout ByteBuffer, version: Int16)
}

/// A request body: decoded by the broker, encoded by test clients.
public protocol KafkaRequestMessage: KafkaMessage {}

/// A response body: encoded by the broker, decoded by test clients.
public protocol KafkaResponseMessage: KafkaMessage {}

extension KafkaMessage {
    static func requireSupported(_ version: Int16) throws {
        guard supportedVersions.contains(version) else {
            throw KafkaProtocolError.unsupportedVersion(apiKey: apiKey.rawValue, version: version)
        }
    }

    static func preconditionSupported(_ version: Int16) {
        precondition(supportedVersions.contains(version), "\(Self.self) cannot be encoded at version \(version)")
    }
}
