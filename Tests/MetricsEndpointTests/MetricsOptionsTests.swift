import ArgumentParser
import MetricsEndpoint
import Testing

@Suite struct MetricsOptionsTests {
    @Test(arguments: [(9092, 19092), (7002, 17002), (6005, 16005), (55_535, 65_535), (0, 0)])
    func withoutTheFlagTheMetricsPortIsTheServicePortPlusTenThousand(servicePort: Int, metricsPort: Int) throws {
        let options = try MetricsOptions.parse([])
        #expect(try options.port(forServicePort: servicePort) == metricsPort)
    }

    @Test(arguments: [0, 1, 15_001, 65_535])
    func theFlagWinsEvenWhereTheDefaultWouldNotFit(metricsPort: Int) throws {
        let options = try MetricsOptions.parse(["--metrics-port", "\(metricsPort)"])
        #expect(try options.port(forServicePort: 60_000) == metricsPort)
        #expect(try options.port(forServicePort: 9092) == metricsPort)
    }

    @Test(arguments: [55_536, 60_000, 65_535])
    func aServicePortWithoutRoomForTheDefaultNamesBothFlags(servicePort: Int) throws {
        let options = try MetricsOptions.parse([])
        let error = #expect(throws: ValidationError.self) { try options.port(forServicePort: servicePort) }
        #expect(
            error?.message
                == "--port \(servicePort) leaves no room for the default metrics port (port + 10000); give --metrics-port"
        )
    }

    @Test(arguments: [-1, 65_536, 70_000])
    func aServicePortOutsideTheRangeNamesPort(servicePort: Int) throws {
        let options = try MetricsOptions.parse(["--metrics-port", "15000"])
        let error = #expect(throws: ValidationError.self) { try options.validate(servicePort: servicePort) }
        #expect(error?.message == "--port must be 0–65535, not \(servicePort)")
    }

    @Test(arguments: [-1, 65_536, 70_000])
    func aMetricsPortOutsideTheRangeIsRejectedWhileParsing(metricsPort: Int) throws {
        let error = try #require(throws: (any Error).self) { try MetricsOptions.parse(["--metrics-port=\(metricsPort)"]) }
        #expect(MetricsOptions.message(for: error) == "--metrics-port must be 0–65535")
    }
}
