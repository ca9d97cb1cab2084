import FanoutProtocol

/// What an accepted viewer asked for: who it is and, per room, the last seq it has already seen.
public struct ViewerSubscription: Hashable, Sendable {
    /// The room a viewer gets when its HELLO names none.
    public static let defaultRoom = "main"

    public var clientID: String
    /// Each requested room once, with the last seq seen there (`RoomPosition.noneSeen` asks for no replay).
    public var rooms: [FanoutFrame.RoomPosition]

    public init(clientID: String, rooms: [FanoutFrame.RoomPosition]) {
        self.clientID = clientID
        self.rooms = rooms
    }
}
