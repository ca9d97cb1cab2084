import NIOCore

extension FanoutFrame {
    /// The accepting side's answer to a HELLO it accepted.
    public struct Welcome: Hashable, Sendable {
        /// What the replay that follows covers.
        public enum Recovery: UInt8, Hashable, Sendable, CaseIterable {
            /// Every room was asked for with lastSeq -1: nothing is replayed.
            case notRequested = 0
            /// Every window after each requested lastSeq is replayed.
            case complete = 1
            /// Some windows asked for are no longer in the history; the replay has gaps.
            case incomplete = 2
        }

        public var protocolVersion: UInt16
        public var serverID: String
        /// How often the server pings; a peer silent for three intervals is dropped.
        public var heartbeatIntervalMs: UInt32
        public var recovery: Recovery
        /// How many replayed WINDOW frames follow this one immediately, before any live window.
        public var replayCount: UInt32

        public init(
            protocolVersion: UInt16 = FanoutFrame.currentProtocolVersion,
            serverID: String,
            heartbeatIntervalMs: UInt32,
            recovery: Recovery,
            replayCount: UInt32
        ) {
            self.protocolVersion = protocolVersion
            self.serverID = serverID
            self.heartbeatIntervalMs = heartbeatIntervalMs
            self.recovery = recovery
            self.replayCount = replayCount
        }

        /// `heartbeatIntervalMs` as a `Duration`.
        public var heartbeatInterval: Duration {
            .milliseconds(heartbeatIntervalMs)
        }
    }
}

extension FanoutFrame.Welcome {
    func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(protocolVersion)
        buffer.writeFanoutString(serverID)
        buffer.writeInteger(heartbeatIntervalMs)
        buffer.writeInteger(recovery.rawValue)
        buffer.writeInteger(replayCount)
    }

    init(from buffer: inout ByteBuffer) throws(FanoutProtocolError) {
        let version = try buffer.readFanoutInteger(as: UInt16.self)
        guard version == FanoutFrame.currentProtocolVersion else {
            throw .unsupportedVersion(version)
        }
        let serverID = try buffer.readFanoutString()
        let heartbeat = try buffer.readFanoutInteger(as: UInt32.self)
        guard let recovery = Recovery(rawValue: try buffer.readFanoutInteger(as: UInt8.self)) else {
            throw .invalidValue(field: "WELCOME recovery")
        }
        let replayCount = try buffer.readFanoutInteger(as: UInt32.self)
        self.init(
            protocolVersion: version, serverID: serverID, heartbeatIntervalMs: heartbeat,
            recovery: recovery, replayCount: replayCount
        )
    }
}
