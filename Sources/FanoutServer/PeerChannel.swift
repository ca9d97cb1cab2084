import FanoutProtocol
import NIOCore

/// The outbound side of one EFP peer's connection, callable from any thread.
///
/// Publishers (towards subscribers) and subscribers (towards viewers) send the same way: every write hops onto
/// the channel's event loop in call order, so a peer sees WELCOME, then its replay, then live windows. The
/// bound on what may wait for a peer is the channel's high write-buffer watermark: a live window that finds the
/// channel unwritable means the peer stopped reading, and it is cut off with ERROR 7 (too slow) instead of
/// being buffered without limit or slowing anyone else.
public struct PeerChannel: Sendable {
    public let channel: any Channel

    public init(_ channel: any Channel) {
        self.channel = channel
    }

    /// Runs `body` on the channel's event loop after every write asked for before it, unless the connection
    /// has closed by then.
    public func whileOpen(_ body: @escaping @Sendable (any Channel) -> Void) {
        channel.eventLoop.execute { [channel] in
            guard channel.isActive else { return }
            body(channel)
        }
    }

    /// Sends one live window with `write`, or cuts the peer off with `cutOff` when its queue is full.
    ///
    /// - Parameters:
    ///   - write: writes and flushes the window, on the event loop.
    ///   - cutOff: counts the drop and closes the peer (ERROR 7), on the event loop.
    ///   - settled: runs on the event loop once the window is written, refused or moot (connection closed).
    public func deliverLive(
        write: @escaping @Sendable (any Channel) -> Void,
        cutOff: @escaping @Sendable () -> Void,
        settled: @escaping @Sendable () -> Void = {}
    ) {
        channel.eventLoop.execute { [channel] in
            defer { settled() }
            guard channel.isActive else { return }
            guard channel.isWritable else { return cutOff() }
            write(channel)
        }
    }

    /// Closes the connection once `lastWrite` (the ERROR or GOODBYE) is out, or at once if it cannot get out.
    ///
    /// Call it on the event loop right after writing the last frame.
    public func close(after lastWrite: EventLoopFuture<Void>) {
        if channel.isWritable {
            lastWrite.whenComplete { [channel] _ in channel.close(promise: nil) }
        } else {
            // A peer that does not read would never let the frame out; don't wait for it.
            channel.close(promise: nil)
        }
    }
}

extension FanoutError {
    /// The frame that ends a connection for this reason: GOODBYE for a server shutting down (the peer should
    /// reconnect later or elsewhere), ERROR for anything the peer did or suffered.
    public var closingFrame: FanoutFrame {
        code == .shuttingDown ? .goodbye(.init(code: code, reason: reason)) : .error(self)
    }
}
