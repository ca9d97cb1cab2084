import Foundation

/// Unbuffered writes to the standard streams.
///
/// `print` goes through stdio, which buffers whole blocks when stdout is a pipe; `watch --json` consumers read
/// line by line, so every line here is written with `write(2)` at once.
enum StandardStreams {
    /// Writes `line` and a newline to standard output.
    static func printLine(_ line: String) {
        write(line + "\n", to: STDOUT_FILENO)
    }

    /// Writes `line` and a newline to standard error.
    static func printError(_ line: String) {
        write(line + "\n", to: STDERR_FILENO)
    }

    private static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0, errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
