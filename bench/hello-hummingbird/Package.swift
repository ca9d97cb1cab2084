// swift-tools-version:6.0
import PackageDescription

// The framework's ceiling for the gateway benchmark: a bare Hummingbird route answering POST /emoji with the
// gateway's JSON, producing nothing. Its own package, so it is never part of the EmoStream build.
let package = Package(
    name: "hello-hummingbird",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.5.0"),
    ],
    targets: [
        .executableTarget(
            name: "hello-hummingbird",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")]
        ),
    ]
)
