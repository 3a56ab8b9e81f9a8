// swift-tools-version:6.0
// SocialBridge: migrates, syncs and serves Decentraland friendships leaving Matrix.
// No package dependencies: the toolchain, libcurl and SQLite only.
import PackageDescription

let package = Package(
    name: "SocialBridge",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "social-bridge", targets: ["social-bridge"]),
    ],
    targets: [
        // C libraries, linked from the system.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CEpoll"),

        // Pure building blocks.
        .target(name: "BridgeCrypto"),
        .target(name: "BridgeJSON"),
        .target(name: "SocialDomain", dependencies: ["BridgeCrypto"]),
        .target(name: "Protobuf", dependencies: ["BridgeJSON"]),

        // Side by side, none imports another.
        .target(name: "SocialStore", dependencies: ["CSQLite", "SocialDomain"]),
        .target(name: "CurlHTTP", dependencies: ["CCurl"]),
        .target(name: "MatrixClient", dependencies: ["CurlHTTP"]),
        .target(name: "WebSocket", dependencies: ["BridgeCrypto", "CEpoll"]),
        .target(name: "RPCTransport", dependencies: ["Protobuf", "WebSocket", "BridgeCrypto"]),
        .target(name: "SocialProtocol", dependencies: ["Protobuf"], exclude: ["proto"]),
        .target(name: "Authentication", dependencies: ["BridgeCrypto", "SocialDomain", "CurlHTTP"]),

        // Above them.
        .target(name: "Migration", dependencies: ["SocialDomain", "SocialStore", "MatrixClient"]),
        .target(name: "SocialRPC", dependencies: ["SocialDomain", "SocialStore", "SocialProtocol", "RPCTransport", "CurlHTTP"]),
        // The transition: Matrix → store (sync) and store → Matrix (mirror).
        .target(name: "Sync", dependencies: ["SocialDomain", "SocialStore", "MatrixClient", "Migration", "CurlHTTP", "BridgeCrypto"]),
        .target(name: "Mirror", dependencies: ["SocialDomain", "SocialStore", "MatrixClient", "Migration", "CurlHTTP"]),
        .target(name: "BridgeDaemon", dependencies: [
            "SocialDomain", "SocialStore", "MatrixClient", "Migration", "WebSocket", "RPCTransport",
            "SocialProtocol", "SocialRPC", "Authentication", "CurlHTTP", "Sync", "Mirror",
        ]),
        .target(name: "BridgeCLI", dependencies: [
            "SocialDomain", "SocialStore", "MatrixClient", "Migration", "BridgeDaemon", "Authentication",
            "WebSocket", "RPCTransport", "SocialProtocol", "SocialRPC", "BridgeCrypto", "Protobuf", "CurlHTTP", "BridgeJSON",
            "Sync", "Mirror",
        ]),
        .executableTarget(name: "social-bridge", dependencies: ["BridgeCLI"]),

        // Test helpers shared by the test targets (process runner for the Python peers, temp dirs, skips).
        .target(name: "BridgeTestSupport", path: "Tests/BridgeTestSupport"),

        .testTarget(name: "BridgeCryptoTests", dependencies: ["BridgeCrypto", "BridgeTestSupport"]),
        .testTarget(name: "SocialDomainTests", dependencies: ["SocialDomain", "BridgeTestSupport"]),
        .testTarget(name: "ProtobufTests", dependencies: ["Protobuf", "BridgeJSON", "BridgeTestSupport"]),
        .testTarget(name: "SocialStoreTests", dependencies: ["SocialStore", "SocialDomain", "BridgeTestSupport"]),
        .testTarget(name: "CurlHTTPTests", dependencies: ["CurlHTTP", "BridgeTestSupport"]),
        .testTarget(name: "MatrixClientTests", dependencies: ["MatrixClient", "CurlHTTP", "BridgeTestSupport"]),
        .testTarget(name: "WebSocketTests", dependencies: ["WebSocket", "BridgeTestSupport"]),
        .testTarget(name: "RPCTransportTests", dependencies: ["RPCTransport", "Protobuf", "WebSocket", "BridgeTestSupport"]),
        .testTarget(name: "SocialProtocolTests", dependencies: ["SocialProtocol", "Protobuf", "BridgeJSON", "BridgeTestSupport"]),
        .testTarget(name: "AuthenticationTests", dependencies: ["Authentication", "BridgeCrypto", "SocialDomain", "BridgeTestSupport"]),
        .testTarget(name: "MigrationTests", dependencies: ["Migration", "SocialStore", "SocialDomain", "MatrixClient", "BridgeTestSupport"]),
        .testTarget(name: "SocialRPCTests", dependencies: [
            "SocialRPC", "SocialStore", "SocialDomain", "SocialProtocol", "RPCTransport", "Protobuf", "BridgeTestSupport",
        ]),
        .testTarget(name: "TransitionTests", dependencies: [
            "Sync", "Mirror", "Migration", "SocialStore", "SocialDomain", "MatrixClient", "CurlHTTP", "BridgeTestSupport",
        ]),
        .testTarget(name: "BridgeCLITests", dependencies: [
            "BridgeCLI", "CurlHTTP", "SocialStore", "SocialDomain", "Migration", "BridgeJSON", "BridgeTestSupport",
        ]),
        .testTarget(name: "IntegrationTests", dependencies: [
            "BridgeCLI", "BridgeDaemon", "Migration", "MatrixClient", "SocialStore", "SocialDomain", "SocialRPC",
            "SocialProtocol", "RPCTransport", "WebSocket", "Authentication", "Protobuf", "CurlHTTP", "BridgeCrypto", "BridgeJSON",
            "BridgeTestSupport",
        ]),
    ]
)
