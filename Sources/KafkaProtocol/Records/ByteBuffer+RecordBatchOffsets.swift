import NIOCore

extension ByteBuffer {
    /// Rewrites the offsets of the batch starting at `index` in place, as the broker does on append.
    ///
    /// Both fields lie before the CRC-covered region, so the stored CRC stays valid.
    /// - Parameters:
    ///   - baseOffset: the log offset of the batch's first record.
    ///   - partitionLeaderEpoch: -1 unless leader epochs are implemented (clients then skip epoch validation).
    public mutating func setRecordBatchBaseOffset(_ baseOffset: Int64, partitionLeaderEpoch: Int32 = -1, at index: Int) {
        setInteger(baseOffset, at: index)
        setInteger(partitionLeaderEpoch, at: index + RecordBatchHeader.partitionLeaderEpochOffset)
    }
}
