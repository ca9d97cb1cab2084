import FanoutProtocol
import Foundation

/// How `watch` prints a window: one readable line, or one JSON object per line with `--json`.
public struct WindowRenderer: Sendable {
    /// The most emoji drawn on a readable line; the counts after them stay exact.
    public static let maxDrawnEmoji = 60

    public let timeZone: TimeZone

    public init(timeZone: TimeZone = .current) {
        self.timeZone = timeZone
    }

    /// `12:00:02 main #42 ❤️❤️❤️❤️😂  ❤️ 3785  😂 10  total 3795`, emoji by count, most frequent first.
    public func line(for window: FanoutFrame.Window) -> String {
        let entries = window.entries.sorted {
            $0.count != $1.count ? $0.count > $1.count : $0.emoji.utf8.lexicographicallyPrecedes($1.emoji.utf8)
        }
        var drawn = ""
        var budget = Self.maxDrawnEmoji
        var hidden: UInt64 = 0
        for entry in entries {
            let shown = min(UInt64(entry.scaled), UInt64(budget))
            drawn += String(repeating: entry.emoji, count: Int(shown))
            budget -= Int(shown)
            hidden += UInt64(entry.scaled) - shown
        }
        if hidden > 0 { drawn += " +\(hidden)" }
        let counts = entries.map { "\($0.emoji) \($0.count)" }.joined(separator: "  ")
        var line = "\(clockTime(milliseconds: window.windowStart)) \(window.room) #\(window.seq) \(drawn)"
        if !counts.isEmpty { line += "  \(counts)" }
        line += "  total \(window.total)"
        if window.replayed { line += " (replayed)" }
        return line
    }

    /// The window as one line of compact JSON with sorted keys: the aggregator's record plus `replayed`.
    public func jsonLine(for window: FanoutFrame.Window) -> String {
        var object = window.jsonObject
        object["replayed"] = window.replayed
        // Strings, integers, booleans and dictionaries of them always serialise.
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    private func clockTime(milliseconds: Int64) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
        return [parts.hour, parts.minute, parts.second].map { value in
            let value = value ?? 0
            return value < 10 ? "0\(value)" : "\(value)"
        }.joined(separator: ":")
    }
}
