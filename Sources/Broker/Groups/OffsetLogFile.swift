#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The offsets log as an open file: thin, throwing wrappers over the POSIX calls the store needs.
struct OffsetLogFile: Sendable {
    let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Opens (creating if needed) the log for reading and appending.
    static func open(path: String) throws -> OffsetLogFile {
        let descriptor = Self.retrying { systemOpen(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644) }
        guard descriptor >= 0 else { throw OffsetStoreError.systemCall("open", path: path, errno: errno) }
        return OffsetLogFile(path: path, descriptor: descriptor)
    }

    func readAll() throws -> [UInt8] {
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                Self.retrying { pread(descriptor, buffer.baseAddress, buffer.count, off_t(contents.count)) }
            }
            guard count >= 0 else { throw OffsetStoreError.systemCall("pread", path: path, errno: errno) }
            if count == 0 { return contents }
            contents.append(contentsOf: chunk[0..<count])
        }
    }

    func append(_ bytes: [UInt8]) throws {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                Self.retrying { write(descriptor, buffer.baseAddress! + written, buffer.count - written) }
            }
            guard count > 0 else { throw OffsetStoreError.systemCall("write", path: path, errno: errno) }
            written += count
        }
    }

    func sync() throws {
        guard Self.retrying({ fsync(descriptor) }) == 0 else {
            throw OffsetStoreError.systemCall("fsync", path: path, errno: errno)
        }
    }

    func truncate(to length: Int) throws {
        guard Self.retrying({ ftruncate(descriptor, off_t(length)) }) == 0 else {
            throw OffsetStoreError.systemCall("ftruncate", path: path, errno: errno)
        }
    }

    func close() {
        _ = systemClose(descriptor)
    }

    /// Atomically replaces the file at `path` with `contents`: write a temporary file, fsync it,
    /// rename it over the old one and fsync the directory, so a crash leaves either file whole.
    static func replace(path: String, with contents: [UInt8]) throws -> OffsetLogFile {
        let temporaryPath = path + ".compacting"
        _ = unlink(temporaryPath)
        let temporary = try open(path: temporaryPath)
        do {
            try temporary.append(contents)
            try temporary.sync()
        } catch {
            temporary.close()
            throw error
        }
        guard rename(temporaryPath, path) == 0 else {
            temporary.close()
            throw OffsetStoreError.systemCall("rename", path: temporaryPath, errno: errno)
        }
        try syncDirectory(containing: path)
        return OffsetLogFile(path: path, descriptor: temporary.descriptor)
    }

    /// Makes a file's creation or renaming durable.
    static func syncDirectory(containing path: String) throws {
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let directoryPath = directory.isEmpty ? (path.hasPrefix("/") ? "/" : ".") : directory
        let descriptor = systemOpen(directoryPath, O_RDONLY | O_CLOEXEC, 0)
        guard descriptor >= 0 else { throw OffsetStoreError.systemCall("open", path: directoryPath, errno: errno) }
        defer { _ = systemClose(descriptor) }
        guard retrying({ fsync(descriptor) }) == 0 else {
            throw OffsetStoreError.systemCall("fsync", path: directoryPath, errno: errno)
        }
    }

    private static func retrying<Result: BinaryInteger>(_ call: () -> Result) -> Result {
        while true {
            let result = call()
            if result >= 0 || errno != EINTR { return result }
        }
    }
}

private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
    open(path, flags, mode)
}

private func systemClose(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}
