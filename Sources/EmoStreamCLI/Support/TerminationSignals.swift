import Dispatch
import Foundation

/// SIGINT, SIGTERM and SIGHUP as an async sequence, so long-running commands stop cleanly instead of dying
/// mid-write (and `up` never dies with its terminal while its children, in their own process groups, live on).
enum TerminationSignals {
    /// Starts catching SIGINT, SIGTERM and SIGHUP and returns them as they arrive.
    ///
    /// The default actions are replaced for the rest of the process's life; children started afterwards get
    /// the defaults back explicitly (see `ChildProcess`).
    static func stream() -> AsyncStream<Int32> {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { continuation.yield(signalNumber) }
            source.resume()
            sources.append(source)
        }
        let retained = SignalSources(sources)
        continuation.onTermination = { _ in retained.cancel() }
        return stream
    }
}

/// Keeps the dispatch sources alive for as long as the stream is.
private final class SignalSources: @unchecked Sendable {
    // Only touched at creation and in `cancel()`, which the stream's termination calls once.
    private let sources: [any DispatchSourceSignal]

    init(_ sources: [any DispatchSourceSignal]) {
        self.sources = sources
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
