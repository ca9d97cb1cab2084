import Foundation
@testable import Gateway
import HummingbirdTesting
import ServiceTestSupport
import Synchronization
import Testing

@Suite("Registry and assignment")
struct RegistryTests {
    @Test func registrationsSurviveAGatewayRestart() async throws {
        try await RunningBroker.with { bootstrap in
            let pump = try HeartbeatPump(bootstrap: bootstrap, subscribers: HeartbeatPump.defaultTopology)
            try await pump.run {
                let before = try await withGateway(bootstrap) { client, _ in
                    try await client.waitUntilReady(liveSubscribers: 9)
                    for index in 0..<20 {
                        #expect(try await client.post("/register_client", json: #"{"client_id": "c\#(index)"}"#).status == .ok)
                    }
                    #expect(try await client.post("/deregister_client", json: #"{"client_id": "c3"}"#).status == .ok)
                    return try #require(try await client.get("/list_clients").body)
                }
                guard case .object(let listed) = before else { Issue.record("not an object"); return }
                #expect(listed.count == 19 && listed["c3"] == nil)

                try await withGateway(bootstrap) { client, _ in
                    try await client.waitUntilReady(liveSubscribers: 9)
                    #expect(try await client.get("/list_clients").body == before)
                    let again = try await client.post("/register_client", json: #"{"client_id": "c5"}"#)
                    #expect(again.body?["message"] == .string("Client c5 is already registered."))
                    #expect(again.body?["assigned_subscriber"]?["port"] == before["c5"]?["port"])
                }
            }
            await pump.shutdown()
        }
    }

    @Test func nineHundredRegistrationsOverNineLiveSubscribersAreEven() async throws {
        try await RunningBroker.with { bootstrap in
            let pump = try HeartbeatPump(bootstrap: bootstrap, subscribers: HeartbeatPump.defaultTopology)
            try await pump.run {
                try await withGateway(bootstrap) { client, _ in
                    try await client.waitUntilReady(liveSubscribers: 9)
                    let ports = try await withThrowingTaskGroup(of: Int?.self) { group in
                        // 30 at a time, so reservations for concurrent registrations are exercised.
                        for worker in 0..<30 {
                            group.addTask {
                                var last: Int?
                                for index in stride(from: worker, to: 900, by: 30) {
                                    let answer = try await client.post("/register_client", json: #"{"client_id": "client-\#(index)"}"#)
                                    #expect(answer.status == .ok)
                                    last = answer.body?["assigned_subscriber"]?["port"]?.intValue
                                }
                                return last
                            }
                        }
                        return try await group.reduce(into: [Int?]()) { $0.append($1) }
                    }
                    #expect(ports.allSatisfy { $0 != nil })
                    guard case .object(let clients) = try #require(try await client.get("/list_clients").body) else {
                        Issue.record("not an object"); return
                    }
                    #expect(clients.count == 900)
                    let perPort = Dictionary(grouping: clients.values.compactMap { $0["port"]?.intValue }, by: { $0 })
                        .mapValues(\.count)
                    #expect(perPort.count == 9)
                    #expect(perPort.values.allSatisfy { (99...101).contains($0) }, "\(perPort)")
                }
            }
            await pump.shutdown()
        }
    }

    @Test func aSubscriberWhoseHeartbeatsStopIsNoLongerAssigned() async throws {
        try await RunningBroker.with { bootstrap in
            let dead = SubscriberID(cluster: 0, subscriber: 0)
            let alive = SubscriberID(cluster: 2, subscriber: 2)
            let pump = try HeartbeatPump(bootstrap: bootstrap, subscribers: [dead, alive])
            try await pump.run {
                try await withGateway(bootstrap) { client, _ in
                    try await client.waitUntilReady(liveSubscribers: 2)
                    let first = try await client.post("/register_client", json: #"{"client_id": "early"}"#)
                    #expect(first.body?["assigned_subscriber"]?["port"]?.intValue == HeartbeatPump.port(dead))

                    pump.stop(dead)
                    try await client.waitUntilReady(liveSubscribers: 1)
                    for index in 0..<10 {
                        let answer = try await client.post("/register_client", json: #"{"client_id": "late-\#(index)"}"#)
                        #expect(answer.body?["assigned_subscriber"]?["port"]?.intValue == HeartbeatPump.port(alive))
                    }
                    // The client of the dead subscriber is moved when it registers again.
                    let moved = try await client.post("/register_client", json: #"{"client_id": "early"}"#)
                    #expect(moved.body?["message"] == .string("Client early successfully registered."))
                    #expect(moved.body?["assigned_subscriber"]?["port"]?.intValue == HeartbeatPump.port(alive))
                    #expect(try await client.get("/list_clients").body?["early"]?["port"]?.intValue == HeartbeatPump.port(alive))
                }
            }
            await pump.shutdown()
        }
    }
}
