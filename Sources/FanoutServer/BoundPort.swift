import Foundation
import NIOCore
import Synchronization

/// The port a server listens on, known once it is bound; with port 0 the OS picks it.
public final class BoundPort: Sendable {
    private let port = Mutex<Int?>(nil)

    public init() {}

    /// The bound port, nil before `record(_:configuredPort:portFile:)`.
    public var value: Int? {
        port.withLock { $0 }
    }

    /// Remembers where `server` listens and writes it to `portFile`, so whoever started the server with port 0
    /// can find it.
    ///
    /// - Returns: the bound port.
    /// - Throws: when the port file cannot be written.
    @discardableResult
    public func record(_ server: any Channel, configuredPort: Int, portFile: String?) throws -> Int {
        let bound = server.localAddress?.port ?? configuredPort
        port.withLock { $0 = bound }
        if let portFile {
            try "\(bound)\n".write(toFile: portFile, atomically: true, encoding: .utf8)
        }
        return bound
    }
}
