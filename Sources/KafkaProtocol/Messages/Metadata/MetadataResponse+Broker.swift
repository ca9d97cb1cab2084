import NIOCore

extension MetadataResponse {
    /// A broker clients can connect to.
    public struct Broker: Hashable, Sendable {
        public var nodeId: Int32
        public var host: String
        public var port: Int32
        /// v1+.
        public var rack: String?

        public init(nodeId: Int32, host: String, port: Int32, rack: String? = nil) {
            self.nodeId = nodeId
            self.host = host
            self.port = port
            self.rack = rack
        }

        init(from buffer: inout ByteBuffer, version: Int16) throws {
            nodeId = try buffer.readKafkaInteger()
            host = try buffer.readKafkaString()
            port = try buffer.readKafkaInteger()
            rack = version >= 1 ? try buffer.readKafkaNullableString() : nil
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(nodeId)
            buffer.writeKafkaString(host)
            buffer.writeInteger(port)
            if version >= 1 {
                buffer.writeKafkaNullableString(rack)
            }
        }
    }
}
