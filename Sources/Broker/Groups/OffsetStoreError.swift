/// A failure of the committed-offsets log on disk.
public struct OffsetStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case systemCall(name: String, path: String, errno: Int32)
        case createDirectory(path: String, reason: String)
        case closed
    }

    private let code: Code

    private init(_ code: Code) {
        self.code = code
    }

    /// A system call on the log failed, e.g. the disk is full; nothing after it is acknowledged.
    static func systemCall(_ name: String, path: String, errno: Int32) -> OffsetStoreError {
        OffsetStoreError(.systemCall(name: name, path: path, errno: errno))
    }

    /// The store's directory could not be created.
    static func createDirectory(_ path: String, reason: String) -> OffsetStoreError {
        OffsetStoreError(.createDirectory(path: path, reason: reason))
    }

    /// The store was closed.
    public static let closed = OffsetStoreError(.closed)

    public var description: String {
        switch code {
        case .systemCall(let name, let path, let errno):
            "offsets log: \(name) failed on \(path) (errno \(errno))"
        case .createDirectory(let path, let reason):
            "offsets log: cannot create \(path): \(reason)"
        case .closed:
            "offsets log is closed"
        }
    }
}
