import NIOCore

/// ApiVersions request (key 18): which versions of which APIs does the broker speak?
///
/// v0–2 have an empty body; v3 is flexible and names the client software.
public struct ApiVersionsRequest: KafkaRequestMessage, Hashable {
    public static let apiKey = ApiKey.apiVersions
    public static let supportedVersions: ClosedRange<Int16> = 0...3

    /// The client library's name, e.g. "librdkafka" (v3+, empty before).
    public var clientSoftwareName: String
    /// The client library's version (v3+, empty before).
    public var clientSoftwareVersion: String

    public init(clientSoftwareName: String = "", clientSoftwareVersion: String = "") {
        self.clientSoftwareName = clientSoftwareName
        self.clientSoftwareVersion = clientSoftwareVersion
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        try Self.requireSupported(version)
        if version >= 3 {
            clientSoftwareName = try buffer.readKafkaCompactString()
            clientSoftwareVersion = try buffer.readKafkaCompactString()
            try buffer.skipKafkaTaggedFields()
        } else {
            clientSoftwareName = ""
            clientSoftwareVersion = ""
        }
        try buffer.requireFullyConsumed()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        Self.preconditionSupported(version)
        if version >= 3 {
            buffer.writeKafkaCompactString(clientSoftwareName)
            buffer.writeKafkaCompactString(clientSoftwareVersion)
            buffer.writeKafkaEmptyTaggedFields()
        }
    }
}
