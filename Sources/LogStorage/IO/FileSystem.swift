import Foundation
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The directory-level operations of the log: listing, creating, removing and atomic replacement.
enum FileSystem {
    static func fileExists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// Names of the entries of a directory, sorted.
    static func contents(of directory: String) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw LogStorageError.io("list", path: directory, errno: ENOENT)
        }
    }

    /// Creates `path` (and parents) if missing.
    static func createDirectory(_ path: String) throws {
        guard !isDirectory(path) else { return }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw LogStorageError.io("mkdir", path: path, errno: EIO)
        }
    }

    /// Removes a file; a missing file is not an error.
    static func removeFile(_ path: String) throws {
        guard unlink(path) == 0 || errno == ENOENT else {
            throw LogStorageError.io("unlink", path: path, errno: errno)
        }
    }

    /// Removes a directory and everything in it; a missing directory is not an error.
    static func removeDirectoryTree(_ path: String) throws {
        guard fileExists(path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw LogStorageError.io("remove", path: path, errno: EIO)
        }
    }

    /// Makes the creation, renaming or removal of entries in `directory` durable.
    static func syncDirectory(_ directory: String) throws {
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(FilePath(directory), .readOnly, options: [.directory, .closeOnExec])
        } catch let errno as Errno {
            throw LogStorageError.io("open", path: directory, errno: errno.rawValue)
        }
        defer { try? descriptor.close() }
        guard fsync(descriptor.rawValue) == 0 else {
            throw LogStorageError.io("fsync", path: directory, errno: errno)
        }
    }

    /// Replaces `path` with `contents` so a crash leaves either the old or the new file, never a mix:
    /// write a temporary file, fsync it, rename it over `path`, fsync the directory.
    static func writeAtomically(_ contents: [UInt8], to path: String) throws {
        let temporary = path + ".tmp"
        let file = try StorageFile.open(temporary, create: true, truncate: true)
        try contents.withUnsafeBytes { try file.write($0, at: 0) }
        try file.sync()
        try renameFile(temporary, to: path)
        try syncDirectory(directoryName(of: path))
    }

    /// Renames `source` to `destination`, atomically replacing it; sync the directory to make it durable.
    static func renameFile(_ source: String, to destination: String) throws {
        guard rename(source, destination) == 0 else {
            throw LogStorageError.io("rename", path: destination, errno: errno)
        }
    }

    /// Reads a whole (small) file.
    static func readFile(_ path: String) throws -> [UInt8] {
        let file = try StorageFile.open(path)
        let buffer = try file.read(count: Int(try file.size()), at: 0)
        return Array(buffer.readableBytesView)
    }

    static func directoryName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
