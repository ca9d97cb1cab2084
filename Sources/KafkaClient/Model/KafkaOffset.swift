/// A position in a partition: a concrete offset, or one of librdkafka's logical positions.
public struct KafkaOffset: Sendable, Hashable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// The raw offset as librdkafka represents it (logical positions are negative).
    public var rawValue: Int64

    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public init(integerLiteral value: Int64) { self.rawValue = value }

    /// The oldest offset still in the log.
    public static let beginning = KafkaOffset(-2)
    /// The offset the next produced record will get.
    public static let end = KafkaOffset(-1)
    /// The group's committed offset (falling back to `auto.offset.reset`).
    public static let stored = KafkaOffset(-1000)
    /// No offset: what `committed` reports for a partition the group never committed.
    public static let invalid = KafkaOffset(-1001)

    /// Whether this is a real position rather than a logical one.
    public var isConcrete: Bool { rawValue >= 0 }

    public var description: String {
        switch self {
        case .beginning: "beginning"
        case .end: "end"
        case .stored: "stored"
        case .invalid: "invalid"
        default: "\(rawValue)"
        }
    }
}
