extension Duration {
    /// Whole milliseconds, clamped to what librdkafka's `int` timeouts hold.
    var milliseconds: Int32 {
        let (seconds, attoseconds) = components
        let total = seconds * 1_000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: total)
    }
}
