import Metrics
import MetricsEndpoint
import Testing

@Suite struct MetricsBootstrapTests {
    /// The one test that touches the process-wide `MetricsSystem`: services bootstrap it exactly like this.
    @Test func bootstrapHappensOnceAndTheGlobalFactoryRecordsIntoItsRegistry() {
        let registry = MetricsBootstrap.bootstrap()
        #expect(MetricsBootstrap.bootstrap() === registry)
        Counter(label: "emostream.bootstrap_test.global", dimensions: [("via", "metrics_system")]).increment(by: 2)
        #expect(registry.emitToString().contains(#"emostream_bootstrap_test_global{via="metrics_system"} 2"#))
    }
}
