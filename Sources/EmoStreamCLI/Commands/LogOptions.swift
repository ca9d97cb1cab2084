import ArgumentParser
import Logging

/// `--log-level` for commands that report progress; their diagnostics always go to stderr.
struct LogOptions: ParsableArguments {
    @Option(help: "trace, debug, info, notice, warning, error, critical (env EMOSTREAM_LOG_LEVEL).")
    var logLevel: String = CLIEnvironment.value("log-level") ?? "info"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
    }

    /// Sends every log line to stderr at the chosen level and returns a logger.
    func bootstrap(label: String) -> Logger {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: label)
    }
}
