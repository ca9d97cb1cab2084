import EmoStreamCLI
import Synchronization

/// Answers registrations from a list (the last one repeats) and counts them.
final class StubRegistrar: ClientRegistrar {
    private let answers: [Registration]
    private let calls = Mutex(0)

    init(_ answers: [Registration]) {
        self.answers = answers
    }

    var registrations: Int { calls.withLock { $0 } }

    var fallbackHost: String? { "127.0.0.1" }

    func register(clientID: String) async throws -> Registration {
        let index = calls.withLock { count in
            defer { count += 1 }
            return count
        }
        return answers[min(index, answers.count - 1)]
    }

    static func registration(port: Int, token: String) -> Registration {
        Registration(message: "ok", clusterID: 0, subscriberID: 0, host: "0.0.0.0", port: port, token: token)
    }
}

/// Collects the watch client's stdout lines.
final class LineCollector: Sendable {
    private let storage = Mutex<[String]>([])

    var lines: [String] { storage.withLock { $0 } }

    func append(_ line: String) {
        storage.withLock { $0.append(line) }
    }
}
