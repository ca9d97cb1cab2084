import CRdKafka
import Logging

/// Applies a group rebalance librdkafka reports, with the eager or cooperative protocol the group uses.
struct RebalanceHandler {
    let client: OpaquePointer
    let logger: Logger
    let flow: ConsumerFlowControl?

    func handle(_ event: rd_kafka_resp_err_t, partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) {
        let positions = partitions.map { RdKafkaTopicPartitionList.positions(in: $0) } ?? []
        let isCooperative = String(cString: rd_kafka_rebalance_protocol(client)) == "COOPERATIVE"
        let metadata: Logger.Metadata = [KafkaLogKey.partitions: "\(positions.map(\.topicPartition))"]
        switch event {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            logger.info("Partitions assigned", metadata: metadata)
            if isCooperative {
                flow?.partitionsAdded(positions.map(\.topicPartition))
                report(rd_kafka_incremental_assign(client, partitions), doing: "incremental assign")
            } else {
                flow?.assignmentChanged(to: positions.map(\.topicPartition))
                report(rd_kafka_assign(client, partitions), doing: "assign")
            }
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            let lost = rd_kafka_assignment_lost(client) != 0
            logger.info(lost ? "Partitions lost" : "Partitions revoked", metadata: metadata)
            if isCooperative {
                flow?.partitionsRemoved(positions.map(\.topicPartition))
                report(rd_kafka_incremental_unassign(client, partitions), doing: "incremental unassign")
            } else {
                flow?.assignmentChanged(to: [])
                report(rd_kafka_assign(client, nil), doing: "unassign")
            }
        default:
            logger.error("Rebalance failed; dropping the assignment", metadata: [
                KafkaLogKey.error: "\(String(cString: rd_kafka_err2str(event)))",
            ])
            flow?.assignmentChanged(to: [])
            report(rd_kafka_assign(client, nil), doing: "unassign")
        }
    }

    private func report(_ error: rd_kafka_resp_err_t, doing action: String) {
        guard error != RD_KAFKA_RESP_ERR_NO_ERROR else { return }
        logger.error("Rebalance \(action) failed", metadata: [
            KafkaLogKey.error: "\(String(cString: rd_kafka_err2str(error)))",
        ])
    }

    private func report(_ error: OpaquePointer?, doing action: String) {
        guard let error else { return }
        logger.error("Rebalance \(action) failed", metadata: [KafkaLogKey.error: "\(KafkaClientError(consuming: error))"])
    }
}
