/// The outcome of a group-coordination input, as the Kafka error code the response will carry.
///
/// The group types do not depend on the protocol module, so request handlers map this to the wire
/// code with `KafkaErrorCode(rawValue: code.rawValue)`.
public enum GroupErrorCode: Int16, Sendable, Hashable {
    case unknownServerError = -1
    case none = 0
    case coordinatorNotAvailable = 15
    case illegalGeneration = 22
    case inconsistentGroupProtocol = 23
    case invalidGroupId = 24
    case unknownMemberId = 25
    case invalidSessionTimeout = 26
    case rebalanceInProgress = 27
    case nonEmptyGroup = 68
    case groupIdNotFound = 69
    case memberIdRequired = 79
    case fencedInstanceId = 82
}
