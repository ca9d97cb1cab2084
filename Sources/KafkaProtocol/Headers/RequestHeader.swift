import NIOCore

/// The header in front of every request body (header v1, or v2 with tagged fields for flexible versions).
///
/// `apiKey` stays a raw `Int16`: a request for an API this broker does not know must still have a
/// readable header, so it can be answered or logged with its correlation id.
public struct RequestHeader: Hashable, Sendable {
    public var apiKey: Int16
    public var apiVersion: Int16
    public var correlationID: Int32
    public var clientID: String?

    public init(apiKey: Int16, apiVersion: Int16, correlationID: Int32, clientID: String?) {
        self.apiKey = apiKey
        self.apiVersion = apiVersion
        self.correlationID = correlationID
        self.clientID = clientID
    }

    public init(apiKey: ApiKey, apiVersion: Int16, correlationID: Int32, clientID: String?) {
        self.init(apiKey: apiKey.rawValue, apiVersion: apiVersion, correlationID: correlationID, clientID: clientID)
    }

    /// The known API, or nil for a key this module does not name.
    public var knownApiKey: ApiKey? {
        ApiKey(rawValue: apiKey)
    }

    /// The header version implied by the key and version: 2 for flexible versions of known APIs, else 1.
    public var headerVersion: Int16 {
        knownApiKey?.requestHeaderVersion(for: apiVersion) ?? 1
    }

    /// Reads a header, leaving `buffer` at the first byte of the body.
    ///
    /// Works for any version of any key, including versions the broker does not implement (so an
    /// ApiVersions v4 request can be answered with UNSUPPORTED_VERSION). The client id is a classic
    /// nullable string even in header v2.
    public static func decode(from buffer: inout ByteBuffer) throws -> RequestHeader {
        let apiKey = try buffer.readKafkaInteger(as: Int16.self)
        let apiVersion = try buffer.readKafkaInteger(as: Int16.self)
        let correlationID = try buffer.readKafkaInteger(as: Int32.self)
        let clientID = try buffer.readKafkaNullableString()
        let header = RequestHeader(apiKey: apiKey, apiVersion: apiVersion, correlationID: correlationID, clientID: clientID)
        if header.headerVersion >= 2 {
            try buffer.skipKafkaTaggedFields()
        }
        return header
    }

    /// Writes the header in the version `headerVersion` implies.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(apiKey)
        buffer.writeInteger(apiVersion)
        buffer.writeInteger(correlationID)
        buffer.writeKafkaNullableString(clientID)
        if headerVersion >= 2 {
            buffer.writeKafkaEmptyTaggedFields()
        }
    }
}
