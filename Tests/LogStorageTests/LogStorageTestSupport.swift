import Dispatch
import Foundation
import KafkaProtocol
import Logging
import NIOCore
import Synchronization

@testable import LogStorage

/// A fresh directory under the system temp dir, removed by `remove()`.
final class TemporaryDirectory: Sendable {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.path + "/logstorage-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Collects log messages so tests can check what recovery reported.
final class CapturedLogs: Sendable {
    private let entries = Mutex<[(level: Logger.Level, message: String)]>([])

    func append(level: Logger.Level, message: String) {
        entries.withLock { $0.append((level, message)) }
    }

    func messages(atLeast level: Logger.Level) -> [String] {
        entries.withLock { $0.filter { $0.level >= level }.map(\.message) }
    }

    var logger: Logger {
        Logger(label: "logstorage-test") { _ in CapturingHandler(sink: self) }
    }
}

private struct CapturingHandler: LogHandler {
    let sink: CapturedLogs
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        sink.append(level: event.level, message: "\(event.message)")
    }
}

enum TestRecords {
    /// One uncompressed batch of `count` records with values of `valueSize` bytes, as a producer sends it.
    static func batch(count: Int = 1, timestamp: Int64 = 1_700_000_000_000, valueSize: Int = 16, tag: String = "") -> ByteBuffer {
        var builder = RecordBatchBuilder(baseTimestamp: timestamp)
        for index in 0..<count {
            var value = ByteBuffer(string: "\(tag)#\(index)")
            value.writeRepeatingByte(UInt8(ascii: "x"), count: max(0, valueSize - value.readableBytes))
            builder.append(key: ByteBuffer(string: "key-\(index)"), value: value, timestamp: timestamp + Int64(index))
        }
        return builder.build()
    }

    /// Headers of the whole batches in `buffer`, checking each batch's CRC.
    static func headers(in buffer: ByteBuffer) throws -> [RecordBatchHeader] {
        var headers: [RecordBatchHeader] = []
        var position = buffer.readerIndex
        while position < buffer.writerIndex {
            let header = try RecordBatchHeader(parsing: buffer, at: position)
            guard header.hasValidCRC(in: buffer, at: position) else { throw RecordBatchError.crcMismatch(position: position, stored: header.crc, computed: 0) }
            headers.append(header)
            position += header.totalSize
        }
        return headers
    }

    /// Reads every batch from `offset` to the high watermark.
    static func readAll(_ log: PartitionLog, from offset: Int64 = 0) throws -> [RecordBatchHeader] {
        var headers: [RecordBatchHeader] = []
        var next = offset
        while next < log.highWatermark {
            let result = try log.read(from: next, maxBytes: 1 << 20)
            let batch = try Self.headers(in: result.records)
            guard let last = batch.last else { break }
            headers += batch
            next = last.nextOffset
        }
        return headers
    }
}

/// Waits for a completion-handler API, with a generous guard against hanging forever.
func waitForCompletion(_ start: (@escaping @Sendable (Result<Void, any Error>) -> Void) -> Void) -> Result<Void, any Error>? {
    let done = DispatchSemaphore(value: 0)
    let result = Mutex<Result<Void, any Error>?>(nil)
    start { outcome in
        result.withLock { $0 = outcome }
        done.signal()
    }
    guard done.wait(timeout: .now() + .seconds(60)) == .success else { return nil }
    return result.withLock { $0 }
}

extension LogManager {
    /// A manager on `directory` with test-friendly defaults.
    static func open(
        _ directory: TemporaryDirectory, defaults: LogConfig = LogConfig(), fsync: FsyncPolicy = .ack,
        logs: CapturedLogs = CapturedLogs(), observers: LogObservers = LogObservers(), startFlusher: Bool = true
    ) throws -> LogManager {
        try LogManager(
            directory: directory.path, defaults: defaults, fsync: fsync, logger: logs.logger,
            retentionCheckInterval: .seconds(300), observers: observers, startsFlusher: startFlusher)
    }
}

/// A semaphore that waits with a generous hang guard.
final class DispatchSemaphoreBox: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)

    func signal() { semaphore.signal() }

    func wait() -> Bool { semaphore.wait(timeout: .now() + .seconds(60)) == .success }
}
