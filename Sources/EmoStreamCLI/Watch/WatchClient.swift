import FanoutProtocol
import Foundation
import Logging
import NIOCore

/// `emostream watch`: registers, follows the swarm over EFP and survives disconnects.
///
/// Each (re)connect first asks the gateway for the client's assignment, which is idempotent and renews the
/// token, so a client whose subscriber died follows the gateway to its new one. The HELLO carries the last
/// seq shown per room, so the subscriber replays what was missed; `WatchSession` drops any overlap.
public struct WatchClient: Sendable {
    /// How windows are written.
    public enum Format: Sendable, Hashable {
        /// One readable line per window.
        case text
        /// One JSON object per window per line.
        case json
    }

    public struct Configuration: Sendable {
        public var clientID: String
        public var rooms: [String]
        /// Last seq claimed on the first HELLO: -1 live only, 0 all the history the subscriber holds.
        public var startSeq: Int64 = FanoutFrame.RoomPosition.noneSeen
        /// Stop after this many windows; nil runs until cancelled.
        public var limit: Int?
        public var format: Format = .text
        public var backoff = ExponentialBackoff(initial: .milliseconds(200), maximum: .seconds(5))
        public var handshakeTimeout: TimeAmount = .seconds(10)

        public init(clientID: String, rooms: [String]) {
            self.clientID = clientID
            self.rooms = rooms
        }
    }

    public let registrar: any ClientRegistrar
    public let configuration: Configuration
    let renderer: WindowRenderer
    let output: @Sendable (String) -> Void
    let logger: Logger

    /// - Parameter output: receives each stdout line (a rendered window), standard output when nil; diagnostics
    ///   go to `logger`.
    public init(
        registrar: any ClientRegistrar, configuration: Configuration, renderer: WindowRenderer = WindowRenderer(),
        logger: Logger = Logger(label: "emostream.watch", factory: { _ in SwiftLogNoOpLogHandler() }),
        output: (@Sendable (String) -> Void)? = nil
    ) {
        self.registrar = registrar
        self.configuration = configuration
        self.renderer = renderer
        self.logger = logger
        self.output = output ?? { StandardStreams.printLine($0) }
    }

    /// Runs until `limit` windows were shown or the task is cancelled.
    ///
    /// - Throws: `CLIError` when the gateway rejects the client id (4xx) or a subscriber refuses it for a reason
    ///   that retrying cannot fix; never for disconnects, which are retried forever.
    public func run() async throws {
        var session = WatchSession(rooms: configuration.rooms, startSeq: configuration.startSeq, limit: configuration.limit)
        var registration: Registration?
        var mustRegister = true
        var failures = 0
        while !Task.isCancelled, !session.isFinished {
            if failures > 0 {
                let delay = configuration.backoff.delay(attempt: failures, jitter: Double.random(in: 0.5...1))
                logger.info("reconnecting", metadata: ["emostream.delay_ms": "\(delay.wholeMilliseconds)"])
                try? await Task.sleep(for: delay)
                if Task.isCancelled { return }
            }
            do {
                registration = try await renewRegistration(previous: registration)
            } catch let error as CLIError where Self.isPermanent(error) {
                throw error
            } catch {
                logger.warning("gateway unavailable: \(error)")
                if mustRegister || registration == nil {
                    failures += 1
                    continue
                }
            }
            guard let current = registration else { continue }
            mustRegister = false
            let outcome = await connect(to: current, session: &session)
            switch outcome {
            case .finished, .cancelled:
                return
            case .closed(let welcomed, let policy, let reason):
                logger.notice("disconnected: \(reason)")
                failures = welcomed ? 1 : failures + 1
                switch policy {
                case .giveUp: throw CLIError.refused(reason)
                case .reRegister: mustRegister = true
                case .reconnect: break
                }
            }
        }
    }

    /// Registers (or re-registers) and says so when the gateway moved the client.
    private func renewRegistration(previous: Registration?) async throws -> Registration {
        let fresh = try await registrar.register(clientID: configuration.clientID)
        if let previous, !fresh.sameSubscriber(as: previous) {
            logger.notice("the gateway moved this client to subscriber \(fresh.clusterID)-\(fresh.subscriberID) at \(fresh.host):\(fresh.port)")
        } else if previous == nil {
            logger.info("\(fresh.message) subscriber \(fresh.clusterID)-\(fresh.subscriberID) at \(fresh.host):\(fresh.port)")
        }
        return fresh
    }

    /// A 4xx other than 429 means the request itself is wrong (an invalid client id): retrying cannot help.
    private static func isPermanent(_ error: CLIError) -> Bool {
        guard let status = error.httpStatus else { return false }
        return (400..<500).contains(status) && status != 429
    }
}
