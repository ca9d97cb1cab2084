import KafkaProtocol
import NIOCore

extension KafkaBroker {
    /// Keeps a member's session alive and tells it when to rejoin.
    func heartbeat(_ request: IncomingRequest) throws -> EventLoopFuture<EventLoopFuture<Answer>> {
        var body = request.body
        let heartbeat = try HeartbeatRequest(from: &body, version: request.version)
        let error = groups.heartbeat(
            groupId: heartbeat.groupId, memberId: heartbeat.memberId,
            groupInstanceId: heartbeat.groupInstanceId, generationId: heartbeat.generationId
        )
        let response = HeartbeatResponse(errorCode: KafkaErrorCode(rawValue: error.rawValue))
        return request.answerNow(request.answer { response.encode(into: &$0, version: request.version) })
    }

    /// Removes members at once (rather than at session expiry) and rebalances the rest.
    func leaveGroup(_ request: IncomingRequest) throws -> EventLoopFuture<EventLoopFuture<Answer>> {
        var body = request.body
        let leave = try LeaveGroupRequest(from: &body, version: request.version)
        let outcome = groups.leave(
            groupId: leave.groupId,
            members: leave.members.map { LeavingMember(memberId: $0.memberId, groupInstanceId: $0.groupInstanceId) }
        )
        perform(outcome.action)
        let response: LeaveGroupResponse
        if request.version >= 3 {
            response = LeaveGroupResponse(
                errorCode: KafkaErrorCode(rawValue: outcome.error.rawValue),
                members: zip(leave.members, outcome.memberErrors).map { member, error in
                    .init(memberId: member.memberId, groupInstanceId: member.groupInstanceId, errorCode: KafkaErrorCode(rawValue: error.rawValue))
                }
            )
        } else {
            response = LeaveGroupResponse(errorCode: KafkaErrorCode(rawValue: outcome.singleMemberError.rawValue))
        }
        return request.answerNow(request.answer { response.encode(into: &$0, version: request.version) })
    }
}
