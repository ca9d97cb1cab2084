import Foundation
import KafkaClient

/// Wall-clock time as the gateway stamps it: milliseconds since the Unix epoch, shown as ISO-8601 UTC.
enum WallClock {
    static func nowMilliseconds() -> Int64 { KafkaTimestamp.now().millisecondsSinceEpoch }

    /// `2025-08-13T20:45:00.123Z`.
    static func iso8601(milliseconds: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        return date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
