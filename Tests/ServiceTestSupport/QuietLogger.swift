import Logging

extension Logger {
    /// A logger for services under test that prints only critical lines.
    ///
    /// Tests judge behaviour by their assertions; the outages and kills they cause on purpose make
    /// services (and librdkafka) log expected errors that would otherwise bury the test report.
    public static var quiet: Logger {
        var logger = Logger(label: "emostream-test")
        logger.logLevel = .critical
        return logger
    }
}
