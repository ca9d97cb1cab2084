/// Consumer-protocol bytes (subscription or assignment) that cannot be decoded for a reason beyond framing.
///
/// Framing problems (short input, bad lengths) surface as `KafkaProtocolError`, like every other decoder here.
public struct ConsumerProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case negativeVersion(Int16)
    }

    private let code: Code

    private init(_ code: Code) {
        self.code = code
    }

    /// The leading version field is negative, which no Kafka client writes.
    public static func negativeVersion(_ version: Int16) -> ConsumerProtocolError {
        ConsumerProtocolError(.negativeVersion(version))
    }

    public var description: String {
        switch code {
        case .negativeVersion(let version):
            "consumer protocol data has negative version \(version)"
        }
    }
}
