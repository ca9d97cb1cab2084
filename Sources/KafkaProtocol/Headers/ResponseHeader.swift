import NIOCore

/// The header in front of every response body: the request's correlation id, plus tagged fields in v1.
public struct ResponseHeader: Hashable, Sendable {
    public var correlationID: Int32

    public init(correlationID: Int32) {
        self.correlationID = correlationID
    }

    /// Writes the header; use `ApiKey.responseHeaderVersion(for:)` to pick `headerVersion`.
    public func encode(into buffer: inout ByteBuffer, headerVersion: Int16) {
        buffer.writeInteger(correlationID)
        if headerVersion >= 1 {
            buffer.writeKafkaEmptyTaggedFields()
        }
    }

    /// Reads a header of the given version, skipping any tagged fields.
    public static func decode(from buffer: inout ByteBuffer, headerVersion: Int16) throws -> ResponseHeader {
        let correlationID = try buffer.readKafkaInteger(as: Int32.self)
        if headerVersion >= 1 {
            try buffer.skipKafkaTaggedFields()
        }
        return ResponseHeader(correlationID: correlationID)
    }
}
