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

    /// Writes the readable bytes of `buffer` at `position` with some 16-byte ranges replaced, without
    /// copying `buffer`.
    ///
    /// The append path uses this to stamp offsets into batch headers: mutating the producer's buffer
    /// would copy the whole blob (it shares storage with the request), while a gathered `pwritev`
    /// writes the original bytes and the new headers in one system call.
    /// - Parameters:
    ///   - patchOffsets: ascending offsets, relative to the reader index, of the ranges to replace.
    ///   - patches: 16 bytes per offset.
    func write(_ buffer: ByteBuffer, at position: Int64, patching patchOffsets: [Int], with patches: [UInt8]) throws {
        precondition(patches.count == patchOffsets.count * 16)
        try buffer.withUnsafeReadableBytes { source in
            try patches.withUnsafeBytes { patchBytes in
                var segments: [UnsafeRawBufferPointer] = []
                segments.reserveCapacity(patchOffsets.count * 2 + 1)
                var cursor = 0
                for (index, offset) in patchOffsets.enumerated() {
                    precondition(offset >= cursor && offset + 16 <= source.count)
                    if offset > cursor { segments.append(UnsafeRawBufferPointer(rebasing: source[cursor..<offset])) }
                    segments.append(UnsafeRawBufferPointer(rebasing: patchBytes[(index * 16)..<(index * 16 + 16)]))
                    cursor = offset + 16
                }
                if cursor < source.count { segments.append(UnsafeRawBufferPointer(rebasing: source[cursor...])) }
                try writeGathered(segments, at: position)
            }
        }
    }

    /// `pwritev` of non-empty segments, at most 512 per call, resuming after partial writes.
    private func writeGathered(_ segments: [UnsafeRawBufferPointer], at position: Int64) throws {
        var index = 0
        var skip = 0  // bytes of segments[index] already written
        var filePosition = position
        while index < segments.count {
            let end = min(index + 512, segments.count)
            let vectors = (index..<end).map { segmentIndex in
                let segment = segments[segmentIndex]
                let start = segmentIndex == index ? skip : 0
                return iovec(iov_base: UnsafeMutableRawPointer(mutating: segment.baseAddress! + start), iov_len: segment.count - start)
            }
            let written = vectors.withUnsafeBufferPointer { pwritev(descriptor.rawValue, $0.baseAddress, Int32($0.count), off_t(filePosition)) }
            guard written >= 0 else {
                if errno == EINTR { continue }
                throw LogStorageError.io("pwritev", path: path, errno: errno)
            }
            filePosition += Int64(written)
            var remaining = written
            while remaining > 0 {
                let available = segments[index].count - skip
                if remaining >= available {
                    remaining -= available
                    index += 1
                    skip = 0
                } else {
                    skip += remaining
                    remaining = 0
                }
            }
        }
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
