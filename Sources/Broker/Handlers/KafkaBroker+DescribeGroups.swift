import KafkaProtocol
import NIOCore

extension KafkaBroker {
    /// Lists active groups and "simple" groups that only have committed offsets.
    func listGroups(_ request: IncomingRequest) throws -> EventLoopFuture<EventLoopFuture<Answer>> {
        var body = request.body
        _ = try ListGroupsRequest(from: &body, version: request.version)
        let active = groups.listGroups()
        let known = Set(active.map(\.groupId))
        let listed = active.map { ListGroupsResponse.ListedGroup(groupId: $0.groupId, protocolType: $0.protocolType) }
            + offsets.groups().filter { !known.contains($0) }.map { .init(groupId: $0, protocolType: "") }
        let response = ListGroupsResponse(groups: listed.sorted { $0.groupId < $1.groupId })
        return request.answerNow(request.answer { response.encode(into: &$0, version: request.version) })
    }

    /// Describes groups' state, protocol and members (metadata and assignments as the clients sent them).
    func describeGroups(_ request: IncomingRequest) throws -> EventLoopFuture<EventLoopFuture<Answer>> {
        var body = request.body
        let describe = try DescribeGroupsRequest(from: &body, version: request.version)
        let response = DescribeGroupsResponse(groups: describe.groups.map { groupId in
            var description = groups.describe(groupId: groupId)
            if description.state == "Dead", offsets.groups().contains(groupId) {
                description.state = "Empty"
            }
            return .init(
                errorCode: KafkaErrorCode(rawValue: description.error.rawValue),
                groupId: groupId, groupState: description.state, protocolType: description.protocolType,
                protocolData: description.protocolName,
                members: description.members.map {
                    .init(
                        memberId: $0.memberId, groupInstanceId: $0.groupInstanceId, clientId: $0.clientId,
                        clientHost: $0.clientHost, memberMetadata: ByteBuffer(bytes: $0.metadata),
                        memberAssignment: ByteBuffer(bytes: $0.assignment)
                    )
                }
            )
        })
        return request.answerNow(request.answer { response.encode(into: &$0, version: request.version) })
    }
}
