import EmoStreamCLI
import FanoutProtocol
import Foundation
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(1)))
struct WatchClientTests {
    static func configuration(limit: Int?) -> WatchClient.Configuration {
        var configuration = WatchClient.Configuration(clientID: "c1", rooms: ["main"])
        configuration.format = .json
        configuration.limit = limit
        configuration.backoff = ExponentialBackoff(initial: .milliseconds(10), maximum: .milliseconds(50))
        return configuration
    }

    static func seqs(_ lines: [String]) throws -> [Int] {
        try lines.map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return try #require(object["seq"] as? Int)
        }
    }

    @Test func helloPingWindowsAndResumeAfterReconnect() async throws {
        let subscriber = try await ScriptedSubscriber.start()
        let registrar = StubRegistrar([
            StubRegistrar.registration(port: subscriber.port, token: "tok-1"),
            StubRegistrar.registration(port: subscriber.port, token: "tok-2"),
        ])
        let output = LineCollector()
        let client = WatchClient(registrar: registrar, configuration: Self.configuration(limit: 3), output: output.append)
        let watching = Task { try await client.run() }

        var hellos: [FanoutFrame.Hello] = []
        var pong: FanoutFrame?
        var closing: FanoutFrame?
        try await subscriber.serve(connections: 2) { index, inbound, outbound in
            guard case .hello(let hello) = try await inbound.next() else { Issue.record("first frame is not HELLO"); return }
            hellos.append(hello)
            try await outbound.write(.welcome(.test(replayCount: index == 0 ? 0 : 1)))
            if index == 0 {
                try await outbound.write(.window(.test(seq: 1)))
                try await outbound.write(.window(.test(seq: 2)))
                try await outbound.write(.ping(77))
                pong = try await inbound.next()
                // Closing here makes the client reconnect.
            } else {
                try await outbound.write(.window(.test(seq: 2, replayed: true)))
                try await outbound.write(.window(.test(seq: 3)))
                closing = try await inbound.next()
            }
        }
        try await watching.value

        #expect(hellos.count == 2)
        #expect(hellos.first?.role == .viewer)
        #expect(hellos.first?.clientID == "c1")
        #expect(hellos.map(\.token) == ["tok-1", "tok-2"])
        #expect(hellos.first?.rooms == [.init(room: "main", lastSeq: -1)])
        #expect(hellos.last?.rooms == [.init(room: "main", lastSeq: 2)])
        #expect(pong == .pong(77))
        #expect(closing.map { if case .goodbye = $0 { true } else { false } } == true)
        #expect(try Self.seqs(output.lines) == [1, 2, 3])
        #expect(registrar.registrations == 2)
    }

    @Test func aRefusedTokenSendsTheClientBackToTheGateway() async throws {
        let subscriber = try await ScriptedSubscriber.start()
        let registrar = StubRegistrar([
            StubRegistrar.registration(port: subscriber.port, token: "stale"),
            StubRegistrar.registration(port: subscriber.port, token: "fresh"),
        ])
        let output = LineCollector()
        let client = WatchClient(registrar: registrar, configuration: Self.configuration(limit: 1), output: output.append)
        let watching = Task { try await client.run() }

        var tokens: [String] = []
        try await subscriber.serve(connections: 2) { index, inbound, outbound in
            guard case .hello(let hello) = try await inbound.next() else { return }
            tokens.append(hello.token)
            if index == 0 {
                try await outbound.write(.error(FanoutError(code: .tokenExpired, reason: "expired")))
            } else {
                try await outbound.write(.welcome(.test()))
                try await outbound.write(.window(.test(seq: 9)))
                _ = try await inbound.next()
            }
        }
        try await watching.value
        #expect(tokens == ["stale", "fresh"])
        #expect(try Self.seqs(output.lines) == [9])
    }

    @Test func aRefusalThatRetryingCannotFixEndsTheWatch() async throws {
        let subscriber = try await ScriptedSubscriber.start()
        let registrar = StubRegistrar([StubRegistrar.registration(port: subscriber.port, token: "t")])
        let client = WatchClient(registrar: registrar, configuration: Self.configuration(limit: nil), output: { _ in })
        let watching = Task { try await client.run() }
        try await subscriber.serve(connections: 1) { _, inbound, outbound in
            _ = try await inbound.next()
            try await outbound.write(.error(FanoutError(code: .notAllowed, reason: "viewers may not ask for *")))
        }
        await #expect(throws: CLIError.self) { try await watching.value }
    }

    @Test func cancellingSaysGoodbyeAndStopsTheWatchWhileTheConnectionIsOpen() async throws {
        let subscriber = try await ScriptedSubscriber.start()
        let registrar = StubRegistrar([StubRegistrar.registration(port: subscriber.port, token: "t")])
        let output = LineCollector()
        let client = WatchClient(registrar: registrar, configuration: Self.configuration(limit: nil), output: output.append)
        let watching = Task { try await client.run() }
        var farewell: FanoutFrame?
        try await subscriber.serve(connections: 1) { _, inbound, outbound in
            _ = try await inbound.next()
            try await outbound.write(.welcome(.test()))
            try await outbound.write(.window(.test(seq: 1)))
            // Wait until the client has printed the window, then stop it like Ctrl-C would.
            while output.lines.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
            watching.cancel()
            farewell = try await inbound.next()
            // The client must finish while this side still holds the connection open.
            try await watching.value
        }
        #expect(farewell.map { if case .goodbye(let goodbye) = $0 { goodbye.code == .normalClosure } else { false } } == true)
        #expect(output.lines.count == 1)
    }
}
