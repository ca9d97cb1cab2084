/// A closed window's offset ranges per partition, kept while they still bound what may be committed.
struct ClosedWindowTrace: Sendable, Hashable {
    var offsets: [Int32: ClosedRange<Int64>]
    var isDelivered: Bool
}
