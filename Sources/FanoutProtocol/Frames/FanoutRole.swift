/// What kind of peer dialled: a viewer's client, or a subscriber dialling its cluster publisher.
public enum FanoutRole: UInt8, Hashable, Sendable, CaseIterable {
    /// An end client; may only ask for named rooms.
    case viewer = 0
    /// A subscriber relaying windows to its own clients; may ask for every room with "*".
    case subscriber = 1
}
