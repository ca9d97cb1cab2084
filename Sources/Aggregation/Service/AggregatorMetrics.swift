import Metrics

/// The aggregator's metrics, created once through a factory (the global `MetricsSystem` unless one is injected).
public struct AggregatorMetrics: Sendable {
    /// Records read from the input topic, by what happened to them.
    private let counted: Counter
    private let late: Counter
    private let alreadyEmitted: Counter
    private let invalid: Counter
    /// Records dropped because their window was closed — late or already emitted, both also in `records` — the
    /// number operators watch.
    private let lateDropped: Counter
    private let windows: Counter
    /// How long after its end a window was published: watermark delay plus tick and produce time.
    private let closeLag: Timer

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        func records(_ outcome: String) -> Counter {
            Counter(label: "emostream.aggregator.records", dimensions: [("outcome", outcome)], factory: factory)
        }
        counted = records("counted")
        late = records("late")
        alreadyEmitted = records("already_emitted")
        invalid = records("invalid")
        lateDropped = Counter(label: "emostream.aggregator.late_records_dropped", dimensions: [], factory: factory)
        windows = Counter(label: "emostream.aggregator.windows", dimensions: [], factory: factory)
        closeLag = Timer(label: "emostream.aggregator.window_close_lag", dimensions: [], factory: factory)
    }

    func recordConsumed(_ outcome: RecordOutcome) {
        switch outcome {
        case .counted: counted.increment()
        case .late:
            late.increment()
            lateDropped.increment()
        case .alreadyEmitted:
            alreadyEmitted.increment()
            lateDropped.increment()
        }
    }

    func invalidRecord() { invalid.increment() }

    func windowEmitted(closeLagMilliseconds: Int64) {
        windows.increment()
        closeLag.recordMilliseconds(max(0, closeLagMilliseconds))
    }
}
