/// What a registration did, which decides the answer's message.
enum RegistrationOutcome: String, Sendable, Hashable {
    /// A new assignment was written.
    case registered
    /// The client was assigned to a subscriber that died; a new assignment was written.
    case moved
    /// The client already had a live assignment; nothing was written.
    case alreadyRegistered
}
