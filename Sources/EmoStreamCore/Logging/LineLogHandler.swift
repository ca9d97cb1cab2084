import Foundation
import Logging

/// How a log line is rendered.
public enum LogLineFormat: Sendable {
    /// `2026-11-30T09:00:00.000Z info emostream-broker: message key=value`, for people.
    case text
    /// One JSON object per line, for log shippers.
    case json
}

/// A swift-log handler that renders one line per message and hands it to every sink.
public struct LineLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    private let label: String
    private let format: LogLineFormat
    private let sinks: [LogSink]

    public init(label: String, format: LogLineFormat, sinks: [LogSink]) {
        self.label = label
        self.format = format
        self.sinks = sinks
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let timestamp = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
        let line: String
        switch format {
        case .text:
            let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            line = "\(timestamp) \(event.level) \(label): \(event.message)\(rendered.isEmpty ? "" : " " + rendered)\n"
        case .json:
            var object: [String: String] = ["ts": timestamp, "level": "\(event.level)", "logger": label, "msg": "\(event.message)"]
            for (key, value) in merged { object[key] = "\(value)" }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            line = String(decoding: data, as: UTF8.self) + "\n"
        }
        for sink in sinks { sink.write(line: line) }
    }
}
