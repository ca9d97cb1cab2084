// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "EmoStream",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "emostream-broker", targets: ["emostream-broker"]),
        .library(name: "KafkaProtocol", targets: ["KafkaProtocol"]),
        .library(name: "LogStorage", targets: ["LogStorage"]),
        .library(name: "Broker", targets: ["Broker"]),
        .library(name: "KafkaClient", targets: ["KafkaClient"]),
        .library(name: "Gateway", targets: ["Gateway"]),
        .executable(name: "emostream-gateway", targets: ["emostream-gateway"]),
        .executable(name: "emostream-aggregator", targets: ["emostream-aggregator"]),
        .library(name: "FanoutProtocol", targets: ["FanoutProtocol"]),
        .executable(name: "emostream-cluster-publisher", targets: ["emostream-cluster-publisher"]),
        .executable(name: "emostream-subscriber", targets: ["emostream-subscriber"]),
        .executable(name: "emostream", targets: ["emostream"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.0.0"),
    ],
    targets: [
        // Shared models, configuration and logging bootstrap used by every service.
        .target(
            name: "EmoStreamCore",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // GET /metrics (swift-prometheus as the MetricsSystem backend) and GET /health for every service,
        // with the --metrics-port option group and the service-beside-its-endpoint runner the executables share.
        .target(
            name: "MetricsEndpoint",
            dependencies: [
                "EmoStreamCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Kafka wire protocol: framing, primitives, request/response codecs, RecordBatch v2.
        .target(
            name: "KafkaProtocol",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // Segmented, indexed, fsync'd partition logs with recovery and retention.
        .target(
            name: "LogStorage",
            dependencies: [
                "KafkaProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The Kafka-compatible broker: NIO server, request handlers, topic registry.
        .target(
            name: "Broker",
            dependencies: [
                "KafkaProtocol",
                "LogStorage",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // librdkafka's C API (Debian: librdkafka-dev).
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        // A thin Swift client over librdkafka: producer with async delivery reports, consumer as an AsyncSequence.
        .target(
            name: "KafkaClient",
            dependencies: [
                "CRdKafka",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The REST API: the original EmoStream endpoints, durable produce, client registry and subscriber assignment.
        .target(
            name: "Gateway",
            dependencies: [
                "KafkaClient",
                "EmoStreamCore",
                "MetricsEndpoint",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The live page (GET /live): HTML, CSS and JavaScript served as they are, no build step.
            resources: [.copy("Live/Page")]
        ),
        .executableTarget(
            name: "emostream-gateway",
            dependencies: [
                "Gateway",
                "EmoStreamCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The EmoStream Fan-out Protocol (EFP): frames between publishers, subscribers and clients.
        .target(
            name: "FanoutProtocol",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // What publishers and subscribers share as servers of EFP peers: keepalive, the outbound side of a peer,
        // the listening socket's settings and bound port, the window counters.
        .target(
            name: "FanoutServer",
            dependencies: [
                "FanoutProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // Tumbling-window counting of emoji_stream into processed_emojis.
        .target(
            name: "Aggregation",
            dependencies: [
                "KafkaClient",
                "EmoStreamCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "emostream-aggregator",
            dependencies: [
                "Aggregation",
                "EmoStreamCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "MetricsEndpoint",
            ]
        ),
        // A cluster publisher: processed_emojis → every subscriber of its cluster, over EFP.
        .target(
            name: "Publisher",
            dependencies: [
                "FanoutProtocol",
                "FanoutServer",
                "KafkaClient",
                "EmoStreamCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // A subscriber: holds viewer connections (EFP over TCP and WebSocket on one port) fed by its publisher.
        .target(
            name: "Subscriber",
            dependencies: [
                "FanoutProtocol",
                "FanoutServer",
                "KafkaClient",
                "EmoStreamCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The `emostream` command line: up, send, register, deregister, list, watch.
        .target(
            name: "EmoStreamCLI",
            dependencies: [
                "FanoutProtocol",
                "EmoStreamCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "emostream-cluster-publisher",
            dependencies: [
                "Publisher",
                "EmoStreamCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "MetricsEndpoint",
            ]
        ),
        .executableTarget(
            name: "emostream-subscriber",
            dependencies: [
                "Subscriber",
                "EmoStreamCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "MetricsEndpoint",
            ]
        ),
        .executableTarget(
            name: "emostream",
            dependencies: [
                "EmoStreamCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "emostream-broker",
            dependencies: [
                "Broker",
                "EmoStreamCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "MetricsEndpoint",
            ]
        ),
        .target(
            name: "ServiceTestSupport",
            dependencies: [
                "Broker",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/ServiceTestSupport"
        ),
        .testTarget(
            name: "KafkaProtocolTests",
            dependencies: [
                "KafkaProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "LogStorageTests",
            dependencies: [
                "LogStorage",
                "KafkaProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "BrokerTests",
            dependencies: [
                "ServiceTestSupport",
                "Broker",
                "KafkaProtocol",
                "LogStorage",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                "MetricsEndpoint",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "ServiceTestSupport",
                "Gateway",
                "Broker",
                "KafkaClient",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "FanoutProtocolTests",
            dependencies: [
                "FanoutProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "FanoutServerTests",
            dependencies: [
                "FanoutServer",
                "FanoutProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .testTarget(
            name: "AggregationTests",
            dependencies: [
                "ServiceTestSupport",
                "Aggregation",
                "Broker",
                "KafkaClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "MetricsEndpoint",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .testTarget(
            name: "FanoutServiceTests",
            dependencies: [
                "ServiceTestSupport",
                "Publisher",
                "Subscriber",
                "FanoutProtocol",
                "Broker",
                "KafkaClient",
                "EmoStreamCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "MetricsEndpoint",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .testTarget(
            name: "EmoStreamCLITests",
            dependencies: [
                "EmoStreamCLI",
                "FanoutProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "MetricsEndpointTests",
            dependencies: [
                "MetricsEndpoint",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "KafkaClientTests",
            dependencies: [
                "ServiceTestSupport",
                "KafkaClient",
                "Broker",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ]
)
