import KafkaProtocol
import NIOCore

extension KafkaBroker {
    /// Enters the member into the group's rebalance; the answer comes when the join phase completes.
    func joinGroup(_ request: IncomingRequest) throws -> EventLoopFuture<EventLoopFuture<Answer>> {
        var body = request.body
        let join = try JoinGroupRequest(from: &body, version: request.version)
        let promise = request.eventLoop.makePromise(of: Answer.self)
        let id = pendingGroupRequests.park(request, promise: promise)
        let action = groups.join(groupId: join.groupId, GroupJoin(
            memberId: join.memberId,
            groupInstanceId: join.groupInstanceId,
            clientId: request.header.clientID ?? "",
            clientHost: request.clientHost,
            sessionTimeoutMs: join.sessionTimeoutMs,
            // v0 has no rebalance timeout: the session timeout bounds the join phase.
            rebalanceTimeoutMs: request.version == 0 ? join.sessionTimeoutMs : join.rebalanceTimeoutMs,
            protocolType: join.protocolType,
            protocols: join.protocols.map { .init(name: $0.name, metadata: Array($0.metadata.readableBytesView)) },
            apiVersion: request.version,
            requestID: id
        ))
        perform(action)
        return request.eventLoop.makeSucceededFuture(promise.futureResult)
    }

    /// Hands the leader's assignments to every member; followers wait for them.
    func syncGroup(_ request: IncomingRequest) throws -> EventLoopFuture<EventLoopFuture<Answer>> {
        var body = request.body
        let sync = try SyncGroupRequest(from: &body, version: request.version)
        let promise = request.eventLoop.makePromise(of: Answer.self)
        let id = pendingGroupRequests.park(request, promise: promise)
        let assignments = sync.assignments.isEmpty ? nil : Dictionary(
            sync.assignments.map { ($0.memberId, Array($0.assignment.readableBytesView)) }, uniquingKeysWith: { $1 }
        )
        let action = groups.sync(groupId: sync.groupId, GroupSync(
            memberId: sync.memberId, groupInstanceId: sync.groupInstanceId, generationId: sync.generationId,
            assignments: assignments, requestID: id
        ))
        perform(action)
        return request.eventLoop.makeSucceededFuture(promise.futureResult)
    }

    /// Answers every held request the coordinator has decided on.
    func perform(_ action: GroupAction) {
        for (id, outcome) in action.joins {
            guard let parked = pendingGroupRequests.take(id) else { continue }
            let response = JoinGroupResponse(
                errorCode: KafkaErrorCode(rawValue: outcome.error.rawValue),
                generationId: outcome.generationId,
                protocolName: outcome.protocolName ?? "",
                leader: outcome.leaderId,
                memberId: outcome.memberId,
                members: outcome.members.map {
                    .init(memberId: $0.memberId, groupInstanceId: $0.groupInstanceId, metadata: ByteBuffer(bytes: $0.metadata))
                }
            )
            let request = parked.request
            parked.promise.succeed(request.answer { response.encode(into: &$0, version: request.version) })
        }
        for (id, outcome) in action.syncs {
            guard let parked = pendingGroupRequests.take(id) else { continue }
            let response = SyncGroupResponse(
                errorCode: KafkaErrorCode(rawValue: outcome.error.rawValue), assignment: ByteBuffer(bytes: outcome.assignment)
            )
            let request = parked.request
            parked.promise.succeed(request.answer { response.encode(into: &$0, version: request.version) })
        }
    }

    /// Expires silent members and overdue join phases; run periodically.
    func tickGroups() {
        perform(groups.tick())
    }
}
