import Foundation
import Synchronization

/// A destination for finished log lines, safe to share between threads.
///
/// Each line is written with a single `write(2)` under a lock, so lines from
/// different threads never interleave.
public final class LogSink: Sendable {
    private let descriptor: Int32
    private let lock = Mutex<Void>(())

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// The process's standard output.
    public static let standardOutput = LogSink(descriptor: STDOUT_FILENO)

    /// A file opened for appending, created with its directory if missing.
    public static func file(directory: String, name: String) throws -> LogSink {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent(name)
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        return LogSink(descriptor: fd)
    }

    /// Writes one complete line; a failing write is dropped because logging must never take a service down.
    public func write(line: String) {
        var line = line
        line.withUTF8 { bytes in
            lock.withLock { _ in
                var offset = 0
                while offset < bytes.count {
                    let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if written <= 0 { return }
                    offset += written
                }
            }
        }
    }
}
