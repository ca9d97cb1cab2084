@testable import EmoStreamCLI
import Testing

@Suite struct ClusterTopologyTests {
    @Test func defaultTopologyHasFifteenServicesOnTheDocumentedPorts() {
        let topology = ClusterTopology()
        let names = topology.services.map(\.name)
        #expect(names.count == 15)
        #expect(names.prefix(6) == ["broker", "gateway", "aggregator", "cluster-publisher-0", "cluster-publisher-1", "cluster-publisher-2"])
        #expect(names.contains("subscriber-2-2"))
        #expect(topology.subscriberPort(cluster: 1, subscriber: 2) == 6005)
        #expect(topology.publisherPort(cluster: 2) == 7002)
        #expect(topology.gatewayPort == 5000)
        #expect(topology.brokerPort == 9092)
    }

    @Test func portOffsetMovesEveryPort() {
        var topology = ClusterTopology()
        topology.portOffset = 100
        let ports = topology.services.compactMap(\.health.port)
        #expect(ports.sorted() == [5100, 6100, 6101, 6102, 6103, 6104, 6105, 6106, 6107, 6108, 7100, 7101, 7102, 9192, 15101])
    }

    @Test func everyServiceGetsItsOwnMetricsPortByTheDocumentedRule() throws {
        let services = Dictionary(uniqueKeysWithValues: ClusterTopology().services.map { ($0.name, $0) })
        let expected = [
            "broker": 19092, "aggregator": 15001, "gateway": 5000, "cluster-publisher-1": 17001, "subscriber-1-2": 16005,
        ]
        for (name, port) in expected {
            let service = try #require(services[name])
            #expect(service.metricsPort == port, "\(name)")
            if name != "gateway" {
                let flag = try #require(service.arguments.firstIndex(of: "--metrics-port"))
                #expect(service.arguments[flag + 1] == "\(port)", "\(name)")
            }
        }
        // The aggregator has no port of its own; its metrics endpoint's /health tells `up` it is ready.
        #expect(services["aggregator"]!.health == .http(port: 15001, path: "/health"))
    }

    @Test(arguments: [0, 100, ClusterTopology().maximumPortOffset])
    func noTwoServicesShareAPort(offset: Int) {
        var topology = ClusterTopology()
        topology.portOffset = offset
        let ports = topology.services.flatMap(\.listeningPorts)
        #expect(Set(ports).count == ports.count)
        // Fifteen service ports and thirteen metrics ports: the gateway and the aggregator serve metrics on theirs.
        #expect(ports.count == 28)
        #expect(ports.allSatisfy { (1...65_535).contains($0) })
    }

    @Test func theDefaultTopologyTopsOutAtTheBrokersMetricsPort() {
        var topology = ClusterTopology()
        #expect(topology.highestPort == 19_092)
        #expect(topology.maximumPortOffset == 46_443)
        topology.portOffset = 1_000
        #expect(topology.highestPort == 20_092)
        #expect(topology.maximumPortOffset == 46_443)
    }

    @Test(arguments: [(1, 1), (3, 3), (100, 10), (10, 100)])
    func theLargestPortOffsetPutsTheHighestPortAt65535(clusters: Int, subscribersPerCluster: Int) {
        var topology = ClusterTopology()
        topology.clusters = clusters
        topology.subscribersPerCluster = subscribersPerCluster
        topology.portOffset = topology.maximumPortOffset
        let ports = topology.services.flatMap(\.listeningPorts)
        #expect(ports.max() == 65_535)
        #expect(ports.allSatisfy { (1...65_535).contains($0) })
        topology.portOffset += 1
        #expect(topology.services.flatMap(\.listeningPorts).contains { $0 > 65_535 })
    }

    @Test func subscribersDialTheirClusterPublisherAndEveryoneTheBroker() throws {
        var topology = ClusterTopology()
        topology.clusters = 2
        topology.subscribersPerCluster = 1
        topology.windowMilliseconds = 500
        let services = Dictionary(uniqueKeysWithValues: topology.services.map { ($0.name, $0) })
        let subscriber = try #require(services["subscriber-1-0"])
        #expect(subscriber.executable == "emostream-subscriber")
        #expect(subscriber.arguments.starts(with: [
            "--cluster", "1", "--subscriber", "0", "--port", "6001", "--publisher", "127.0.0.1:7001", "--brokers", "127.0.0.1:9092",
        ]))
        #expect(subscriber.stage > services["cluster-publisher-1"]!.stage)
        #expect(services["aggregator"]!.arguments.contains("--window-ms"))
        #expect(services["gateway"]!.health == .http(port: 5000, path: "/health"))
        for service in services.values where service.name != "broker" {
            #expect(service.stage > services["broker"]!.stage)
            #expect(service.arguments.contains("127.0.0.1:9092"))
        }
    }

    @Test func theBannerSaysWhereThingsAre() {
        let lines = UpBanner(topology: ClusterTopology(), logDirectory: "/tmp/logs").lines
        #expect(lines.contains("  REST API     http://localhost:5000"))
        #expect(lines.contains("  cluster 1    publisher 7001, subscribers 6003 6004 6005"))
        #expect(lines.contains("  logs         /tmp/logs/<service>.log"))
        #expect(lines.contains(
            "  metrics      GET /metrics on broker 19092, aggregator 15001, gateway 5000; "
                + "publishers and subscribers on their port + 10000"
        ))
    }
}
