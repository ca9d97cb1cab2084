extension GroupStateMachine {
    /// The state as Kafka spells it in DescribeGroups and ListGroups.
    public var stateName: String {
        switch state {
        case .empty: "Empty"
        case .preparingRebalance: "PreparingRebalance"
        case .completingRebalance: "CompletingRebalance"
        case .stable: "Stable"
        case .dead: "Dead"
        }
    }

    /// The group for DescribeGroups. Metadata and assignments are shown only while Stable, as in Kafka,
    /// because in other states they belong to a generation that is being replaced.
    public func describe() -> GroupDescription {
        let isStable = state == .stable
        return GroupDescription(
            groupId: groupId,
            error: .none,
            state: stateName,
            protocolType: protocolType ?? "",
            protocolName: state == .stable || state == .completingRebalance ? protocolName ?? "" : "",
            members: members.map {
                GroupDescription.Member(
                    memberId: $0.memberId,
                    groupInstanceId: $0.groupInstanceId,
                    clientId: $0.clientId,
                    clientHost: $0.clientHost,
                    metadata: isStable ? $0.metadata(for: protocolName) : [],
                    assignment: isStable ? $0.assignment : []
                )
            }
        )
    }

    /// The group for ListGroups.
    public var listing: GroupListing {
        GroupListing(groupId: groupId, protocolType: protocolType ?? "", state: stateName)
    }
}
