import NIOCore
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An open file of the log (segment data or index) with positional I/O.
///
/// All reads and writes are `pread`/`pwrite` at explicit positions, so concurrent readers never
/// disturb each other or the appender. The descriptor closes when the last reference goes: a
/// segment deleted by retention stays readable by fetches still holding it.
final class StorageFile: Sendable {
    let path: String
    private let descriptor: SystemPackage.FileDescriptor

    private init(path: String, descriptor: SystemPackage.FileDescriptor) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        try? descriptor.close()
    }

    /// Opens (and with `create`, creates) a file for reading and writing.
    static func open(_ path: String, create: Bool = false, truncate: Bool = false) throws -> StorageFile {
        var options: SystemPackage.FileDescriptor.OpenOptions = [.closeOnExec]
        if create { options.insert(.create) }
        if truncate { options.insert(.truncate) }
        do {
            let descriptor = try SystemPackage.FileDescriptor.open(
                FilePath(path), .readWrite, options: options,
                permissions: create ? [.ownerReadWrite, .groupRead, .otherRead] : nil)
            return StorageFile(path: path, descriptor: descriptor)
        } catch let errno as Errno {
            throw LogStorageError.io("open", path: path, errno: errno.rawValue)
        }
    }

    /// The current size of the file.
    func size() throws -> Int64 {
        try wrap("seek") { try descriptor.seek(offset: 0, from: .end) }
    }

    /// Writes all of `bytes` at `position`.
    func write(_ bytes: UnsafeRawBufferPointer, at position: Int64) throws {
        var written = 0
        while written < bytes.count {
            let remaining = UnsafeRawBufferPointer(rebasing: bytes[written...])
            written += try wrap("pwrite") {
                try descriptor.write(toAbsoluteOffset: position + Int64(written), remaining)
            }
        }
    }

    /// Writes the readable bytes of `buffer` at `position`.
    func write(_ buffer: ByteBuffer, at position: Int64) throws {
        try buffer.withUnsafeReadableBytes { try write($0, at: position) }
    }

    /// Reads up to `count` bytes at `position`; fewer only at the end of the file.
    func read(count: Int, at position: Int64, allocator: ByteBufferAllocator = ByteBufferAllocator()) throws -> ByteBuffer {
        var buffer = allocator.buffer(capacity: count)
        guard count > 0 else { return buffer }
        try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { target in
            var done = 0
            while done < count {
                let into = UnsafeMutableRawBufferPointer(rebasing: target[done..<count])
                let got = try wrap("pread") { try descriptor.read(fromAbsoluteOffset: position + Int64(done), into: into) }
                if got == 0 { break }
                done += got
            }
            return done
        }
        return buffer
    }

    /// Forces written data to the device (`fdatasync` where available).
    func sync() throws {
        #if os(Linux)
        let result = fdatasync(descriptor.rawValue)
        #else
        let result = fsync(descriptor.rawValue)
        #endif
        guard result == 0 else { throw LogStorageError.io("fsync", path: path, errno: errno) }
    }

    /// Cuts the file to `size` bytes.
    func truncate(to size: Int64) throws {
        try wrap("ftruncate") { try descriptor.resize(to: size) }
    }

    private func wrap<Result>(_ operation: String, _ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let errno as Errno {
            throw LogStorageError.io(operation, path: path, errno: errno.rawValue)
        }
    }
}
