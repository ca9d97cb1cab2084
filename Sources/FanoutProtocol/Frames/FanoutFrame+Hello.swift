import NIOCore

extension FanoutFrame {
    /// The first frame on every connection, sent by the side that dialled.
    public struct Hello: Hashable, Sendable {
        /// The room name that stands for every room not listed by name; subscribers only.
        public static let allRooms = "*"

        public var protocolVersion: UInt16
        public var role: FanoutRole
        public var clientID: String
        /// The registration token from the gateway (`<expiry>.<mac>`); subscribers send their shared credential.
        public var token: String
        /// The rooms wanted, each with the last seq already seen there.
        public var rooms: [RoomPosition]

        public init(
            protocolVersion: UInt16 = FanoutFrame.currentProtocolVersion,
            role: FanoutRole,
            clientID: String,
            token: String,
            rooms: [RoomPosition]
        ) {
            self.protocolVersion = protocolVersion
            self.role = role
            self.clientID = clientID
            self.token = token
            self.rooms = rooms
        }

        /// Whether the peer asked for every room (a "*" entry).
        public var wantsAllRooms: Bool {
            rooms.contains { $0.room == Self.allRooms }
        }
    }

    /// A room and the last seq the peer has seen in it.
    public struct RoomPosition: Hashable, Sendable {
        /// `lastSeq` meaning "nothing seen, replay nothing": the peer wants live windows only.
        public static let noneSeen: Int64 = -1

        public var room: String
        /// The newest seq already seen. Windows with a greater seq are replayed from history; 0 asks for all
        /// the history held (seqs start at 1); `noneSeen` (-1) asks for no replay. For the "*" entry it applies
        /// to every room not listed by name.
        public var lastSeq: Int64

        public init(room: String, lastSeq: Int64 = RoomPosition.noneSeen) {
            self.room = room
            self.lastSeq = lastSeq
        }
    }
}

extension FanoutFrame.Hello {
    func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(protocolVersion)
        buffer.writeInteger(role.rawValue)
        buffer.writeFanoutString(clientID)
        buffer.writeFanoutString(token)
        buffer.writeFanoutCount(rooms.count, of: "HELLO rooms")
        for position in rooms {
            buffer.writeFanoutString(position.room)
            buffer.writeInteger(position.lastSeq)
        }
    }

    /// Reads a HELLO payload; stops at the version when it is not one this codec speaks.
    init(from buffer: inout ByteBuffer) throws(FanoutProtocolError) {
        let version = try buffer.readFanoutInteger(as: UInt16.self)
        guard version == FanoutFrame.currentProtocolVersion else {
            throw .unsupportedVersion(version)
        }
        guard let role = FanoutRole(rawValue: try buffer.readFanoutInteger(as: UInt8.self)) else {
            throw .invalidValue(field: "HELLO role")
        }
        let clientID = try buffer.readFanoutString()
        let token = try buffer.readFanoutString()
        let count = Int(try buffer.readFanoutInteger(as: UInt16.self))
        var rooms: [FanoutFrame.RoomPosition] = []
        // Each room takes at least 10 bytes, so a lying count cannot make us reserve much.
        rooms.reserveCapacity(min(count, buffer.readableBytes / 10))
        for _ in 0..<count {
            let room = try buffer.readFanoutString()
            rooms.append(.init(room: room, lastSeq: try buffer.readFanoutInteger(as: Int64.self)))
        }
        self.init(protocolVersion: version, role: role, clientID: clientID, token: token, rooms: rooms)
    }
}
