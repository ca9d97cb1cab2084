import NIOCore

/// A request body this module can decode (broker side) and encode (test clients).
///
/// Decoding validates the version against `supportedVersions` and requires the body to be consumed
/// exactly: leftover bytes mean the peer and we disagree about the format, so the body is rejected.
public protocol KafkaRequestMessage: Sendable {
    static var apiKey: ApiKey { get }
    /// The versions this codec reads and writes; the broker advertises these (see `SupportedVersions`).
    static var supportedVersions: ClosedRange<Int16> { get }

    /// Decodes a whole request body.
    ///
    /// - Throws: `KafkaProtocolError` for an unsupported version, a malformed body or trailing bytes.
    init(from buffer: inout ByteBuffer, version: Int16) throws

    /// Encodes the body; `version` must be in `supportedVersions`.
    func encode(into buffer: inout ByteBuffer, version: Int16)
}

/// A response body this module can encode (broker side) and decode (test clients).
public protocol KafkaResponseMessage: Sendable {
    static var apiKey: ApiKey { get }
    static var supportedVersions: ClosedRange<Int16> { get }

    /// Decodes a whole response body.
    ///
    /// - Throws: `KafkaProtocolError` for an unsupported version, a malformed body or trailing bytes.
    init(from buffer: inout ByteBuffer, version: Int16) throws

    /// Encodes the body; `version` must be in `supportedVersions`.
    func encode(into buffer: inout ByteBuffer, version: Int16)
}

extension KafkaRequestMessage {
    static func requireSupported(_ version: Int16) throws {
        guard supportedVersions.contains(version) else {
            throw KafkaProtocolError.unsupportedVersion(apiKey: apiKey.rawValue, version: version)
        }
    }

    static func preconditionSupported(_ version: Int16) {
        precondition(supportedVersions.contains(version), "\(Self.self) cannot be encoded at version \(version)")
    }
}

extension KafkaResponseMessage {
    static func requireSupported(_ version: Int16) throws {
        guard supportedVersions.contains(version) else {
            throw KafkaProtocolError.unsupportedVersion(apiKey: apiKey.rawValue, version: version)
        }
    }

    static func preconditionSupported(_ version: Int16) {
        precondition(supportedVersions.contains(version), "\(Self.self) cannot be encoded at version \(version)")
    }
}
