import Synchronization
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on `<data dir>/.lock`, so two brokers never write the same logs.
final class DataDirectoryLock: Sendable {
    private let descriptor: Mutex<FileDescriptor?>

    init(directory: String) throws {
        let path = "\(directory)/.lock"
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(
                FilePath(path), .readWrite, options: [.create, .closeOnExec], permissions: [.ownerReadWrite])
        } catch let errno as Errno {
            throw LogStorageError.io("open", path: path, errno: errno.rawValue)
        }
        guard flock(descriptor.rawValue, LOCK_EX | LOCK_NB) == 0 else {
            try? descriptor.close()
            throw LogStorageError.directoryLocked(directory)
        }
        self.descriptor = Mutex(descriptor)
    }

    /// Releases the lock (closing the descriptor releases the `flock`).
    func release() {
        let descriptor = self.descriptor.withLock { descriptor in
            defer { descriptor = nil }
            return descriptor
        }
        try? descriptor?.close()
    }

    deinit {
        release()
    }
}
