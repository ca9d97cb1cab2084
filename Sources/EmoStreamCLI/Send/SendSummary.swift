import Foundation

/// What a `send` run achieved, counted in emoji (a failed batch fails all of its emoji).
public struct SendSummary: Sendable, Hashable {
    /// Why a request failed: an HTTP status, or no answer at all.
    public enum Failure: Hashable, Sendable, Comparable, CustomStringConvertible {
        case status(Int)
        case noAnswer

        public var description: String {
            switch self {
            case .status(let code): "HTTP \(code)"
            case .noAnswer: "no answer"
            }
        }
    }

    public private(set) var sent = 0
    public private(set) var succeeded = 0
    public private(set) var requests = 0
    public private(set) var failures: [Failure: Int] = [:]

    public init() {}

    public var failed: Int { sent - succeeded }

    /// Records one request carrying `emoji` emoji; `failure` nil when the gateway answered 2xx.
    public mutating func record(emoji: Int, failure: Failure?) {
        sent += emoji
        requests += 1
        if let failure {
            failures[failure, default: 0] += emoji
        } else {
            succeeded += emoji
        }
    }

    /// Emoji sent per second over `elapsed`; zero for an instant run.
    public static func rate(count: Int, elapsed: Duration) -> Double {
        let seconds = elapsed.seconds
        return seconds > 0 ? Double(count) / seconds : 0
    }

    /// The lines printed at the end of a run.
    public func report(gateway: String, elapsed: Duration) -> [String] {
        var lines = [
            "sent \(sent) emoji in \(requests) requests to \(gateway)",
            "ok \(succeeded), failed \(failed)",
            "elapsed \(Self.format(elapsed.seconds)) s, \(Self.format(Self.rate(count: sent, elapsed: elapsed))) emoji/s",
        ]
        for (failure, count) in failures.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(failure): \(count)")
        }
        return lines
    }

    private static func format(_ value: Double) -> String {
        String(format: "%.2f", value)
    }
}
