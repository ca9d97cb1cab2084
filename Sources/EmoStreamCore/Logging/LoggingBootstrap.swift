import Foundation
import Logging

/// Sets up swift-log once per process, the same way for every EmoStream service.
///
/// Lines go to standard output and, when a log directory is given, also to
/// `<directory>/<service>.log`. `EMOSTREAM_LOG_FORMAT=json` switches both to JSON lines.
public enum LoggingBootstrap {
    /// Bootstraps the logging system and returns the service's root logger.
    ///
    /// - Parameters:
    ///   - service: the service name; it labels the logger and names the log file.
    ///   - level: the minimum level to emit.
    ///   - directory: where to write `<service>.log`; `nil` logs to standard output only.
    /// - Throws: when the log directory or file cannot be created.
    public static func bootstrap(
        service: String,
        level: Logger.Level,
        directory: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Logger {
        let format: LogLineFormat = environment["EMOSTREAM_LOG_FORMAT"]?.lowercased() == "json" ? .json : .text
        var sinks: [LogSink] = [LogSink.standardOutput]
        if let directory {
            sinks.append(try LogSink.file(directory: directory, name: "\(service).log"))
        }
        let shared = sinks
        LoggingSystem.bootstrap { label in
            var handler = LineLogHandler(label: label, format: format, sinks: shared)
            handler.logLevel = level
            return handler
        }
        return Logger(label: service)
    }
}
