/// Why the aggregator cannot start or go on.
public struct AggregationError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Hashable, Sendable {
        case invalidConfiguration
        case consumerEnded
    }

    private let code: Code
    /// What went wrong, for people.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A window, scale, lateness or timeout out of range.
    public static func invalidConfiguration(_ message: String) -> AggregationError {
        AggregationError(.invalidConfiguration, message)
    }

    /// The consumer stopped delivering records although no shutdown was asked for.
    public static func consumerEnded(_ message: String) -> AggregationError {
        AggregationError(.consumerEnded, message)
    }

    public static func == (lhs: AggregationError, rhs: AggregationError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public var description: String { "AggregationError.\(code.rawValue): \(message)" }
}
