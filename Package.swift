// swift-tools-version:6.0
import PackageDescription

/// The layers, bottom up (README, "How the code is laid out"): C shims → SRP6a, DBus, ProvMessages →
/// ProvClient, the core (transport protocol, security, session, operations; no NIO, no D-Bus) →
/// its backends ProvHTTP (plain sockets), ProvBlueZ (D-Bus) and ProvConsoleTransport → ProvBatch → CLIs.
/// A program that only provisions over HTTP links ProvClient and ProvHTTP: neither libdbus nor BlueZ code.
/// What both protocol peers (the client core and the virtual device) are built on: the messages,
/// the shared crypto and SRP-6a.
let protocolPeer: [Target.Dependency] = [
    "ProvMessages", "ProvCrypto", "SRP6a", "ProvSupport",
    .product(name: "SwiftProtobuf", package: "swift-protobuf"),
    .product(name: "Crypto", package: "swift-crypto"),
]

/// SwiftNIO's HTTP/1 stack, for the virtual device's server.
let nioHTTP: [Target.Dependency] = [
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOPosix", package: "swift-nio"),
    .product(name: "NIOHTTP1", package: "swift-nio"),
]

let package = Package(
    name: "esp-prov",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "ProvClient", targets: ["ProvClient"]),
        .library(name: "ProvHTTP", targets: ["ProvHTTP"]),
        .library(name: "ProvBlueZ", targets: ["ProvBlueZ"]),
        .library(name: "ProvTransports", targets: ["ProvTransports"]),
        .library(name: "ProvBatch", targets: ["ProvBatch"]),
        // The scripted transport that unit tests and the fuzz package share.
        .library(name: "ProvTesting", targets: ["ProvTesting"]),
        .library(name: "SRP6a", targets: ["SRP6a"]),
        .library(name: "ProvDevice", targets: ["ProvDevice"]),
        // For the fuzz package (Fuzz/), which reaches these decoders from outside.
        .library(name: "ProvCrypto", targets: ["ProvCrypto"]),
        .library(name: "ProvMessages", targets: ["ProvMessages"]),
        .library(name: "ProvConsoleTransport", targets: ["ProvConsoleTransport"]),
        .library(name: "DBus", targets: ["DBus"]),
        .library(name: "WpaCtrl", targets: ["WpaCtrl"]),
        .library(name: "DPP", targets: ["DPP"]),
        .executable(name: "esp-prov", targets: ["esp-prov"]),
        .executable(name: "esp-prov-device", targets: ["esp-prov-device"]),
        // Build tool: man pages from `--experimental-dump-help` (make man/install/deb); never installed.
        .executable(name: "esp-prov-manual", targets: ["esp-prov-manual"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        // swift-crypto's own ASN.1 library (already in its graph): DPP's bootstrapping keys are strict DER.
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        // System libraries (Debian: libssl-dev, libdbus-1-dev, libqrencode-dev, libbluetooth-dev, zlib1g-dev).
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // Declarations only: libdbus is opened with dlopen at run time, and its shim declares what it
        // uses (Sources/CDBus/shim.h), so no target needs libdbus's include paths (or unsafeFlags).
        .systemLibrary(name: "CDBus", providers: [.apt(["libdbus-1-dev"])]),
        .systemLibrary(name: "CQREncode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(name: "CBluetooth", providers: [.apt(["libbluetooth-dev"])]),
        // Deflate for PNG labels (esp-prov qr).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // `--version`: the package version and (GitCommit plugin) the checkout's git commit.
        .plugin(name: "GitCommit", capability: .buildTool()),
        .target(
            name: "BuildInfo",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")],
            plugins: ["GitCommit"]),
        .target(name: "SRP6a", dependencies: ["COpenSSL"]),
        // One of each small thing every layer needs: hex, the printable-text policy for untrusted
        // text, Duration conversions, bounded waits. No dependencies.
        .target(name: "ProvSupport"),
        // Any JSON value from an untrusted peer, parsed before it is read: ProvClient's proto-ver and QR
        // payloads, OVSDB's messages. No dependencies, so sharing it costs ProvClient users nothing.
        .target(name: "UntrustedJSON"),
        // SIGINT/SIGTERM as dispatch sources: the one signal idiom of every executable (and WpaCtrl's cleanup).
        .target(name: "ProcessSignals"),
        // Bounded numbers for command-line options (seconds, counts), shared by esp-prov and esp-prov-device.
        .target(name: "OptionValues", dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .target(name: "DBus", dependencies: ["CDBus", "ProvSupport"]),
        // The wpa_supplicant/hostapd control-socket client, shared by `esp-prov dpp` and `esp-prov wps`.
        .target(name: "WpaCtrl", dependencies: ["ProcessSignals", "ProvSupport"]),
        // DPP: bootstrap URIs (parse, build, pkhash; pure Swift) and the DPP exchanges driven
        // through a daemon's control socket.
        .target(name: "DPP", dependencies: [
            "WpaCtrl", "ProvCrypto", "ProvSupport", .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
        ]),
        .target(
            name: "ProvCrypto",
            dependencies: [
                "ProvSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "ProvMessages",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]
        ),
        // The core: what every transport shares. No event loop, no D-Bus.
        .target(
            name: "ProvClient",
            dependencies: protocolPeer + ["UntrustedJSON"]
        ),
        // Backends: one target each, so a program links only the media it uses.
        .target(
            name: "ProvHTTP",
            dependencies: ["ProvClient", "ProvSupport"]
        ),
        .target(name: "ProvBlueZ", dependencies: ["ProvClient", "DBus", "ProvSupport"]),
        .target(name: "ProvConsoleTransport", dependencies: ["ProvClient"]),
        // The one place that opens a `TransportSpec`, whatever its medium.
        .target(
            name: "ProvTransports",
            dependencies: [
                "ProvClient", "ProvHTTP", "ProvBlueZ", "ProvConsoleTransport",
            ]
        ),
        .target(name: "ProvBatch", dependencies: ["ProvClient", "ProvSupport"]),
        // Onboarding through the host's own daemons: OVSDB (RFC 7047) → OpenSync's WPS rules; WPS PINs.
        .target(
            name: "OVSDB",
            dependencies: [
                "UntrustedJSON", "ProvSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                // ssl: endpoints. Only this target links BoringSSL: ProvClient/ProvHTTP users do not.
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(name: "OpenSync", dependencies: ["OVSDB", "UntrustedJSON", "ProvSupport"]),
        .target(name: "WPS", dependencies: ["WpaCtrl", "ProvCrypto"]),
        // A fake bluetoothd on a private bus, backed by the virtual device: BLE without a radio.
        .target(name: "FakeBlueZ", dependencies: ["DBus", "ProvDevice", "ProvPeripheral"]),
        // The virtual device on a real Bluetooth adapter: a GATT application and advertisement registered with bluetoothd.
        .target(name: "ProvPeripheral", dependencies: ["DBus", "ProvDevice", "ProvClient"]),
        .target(
            name: "ProvDevice",
            dependencies: protocolPeer + nioHTTP
        ),
        .executableTarget(
            name: "esp-prov",
            dependencies: [
                "ProvClient", "ProvTransports", "ProvBlueZ", "ProvConsoleTransport", "ProvBatch", "ProvCrypto", "CQREncode", "CZlib", "BuildInfo",
                "WpaCtrl", "DPP", "WPS", "OVSDB", "OpenSync", "ProcessSignals", "OptionValues", "ProvSupport", "ProvMessages",
                "DBus", "CBluetooth",  // esp-prov doctor asks bluetoothd and the kernel directly
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // swiftc exports every symbol of an executable (28,000 with the static runtime); nothing
            // looks them up, and the loader's lookups and the tables cost start-up time and 3 MB of
            // resident pages (BENCHMARKS.md). Release only: PIE and the static runtime are kept.
            linkerSettings: [.unsafeFlags(["-Xlinker", "--no-export-dynamic"], .when(configuration: .release))]
        ),
        // The fake bluetoothd as a process, for `make bench`'s BLE rows (not installed).
        .executableTarget(name: "esp-prov-fake-bluez", dependencies: ["FakeBlueZ", "ProvDevice", "ProcessSignals"]),
        .executableTarget(
            name: "esp-prov-device",
            dependencies: [
                "ProvDevice", "ProvPeripheral", "BuildInfo", "ProcessSignals", "OptionValues",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "esp-prov-manual",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // Shared by the test targets: fixtures, child processes, pseudo-terminals.
        .target(name: "TestSupport", dependencies: ["WpaCtrl"], path: "Tests/TestSupport"),
        .target(name: "ProvTesting", dependencies: ["ProvClient"], path: "Tests/ProvTesting"),
        .testTarget(name: "SRP6aTests", dependencies: ["SRP6a", "TestSupport"]),
        .testTarget(
            name: "ProvClientTests",
            dependencies: [
                "ProvClient", "ProvMessages", "ProvCrypto", "ProvTesting", "TestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(name: "ProvDeviceTests", dependencies: ["ProvDevice", "ProvMessages", "ProvCrypto", "SRP6a", "TestSupport"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "ProvClient", "ProvHTTP", "ProvDevice", "ProvCrypto", "ProvMessages", "SRP6a", "TestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(name: "BLETests", dependencies: ["DBus", "ProvClient", "ProvBlueZ", "FakeBlueZ", "ProvDevice", "TestSupport"]),
        .testTarget(name: "QRTests", dependencies: ["ProvClient", "TestSupport"]),
        .testTarget(name: "BatchTests", dependencies: ["ProvClient", "ProvBatch", "ProvTransports", "TestSupport", "esp-prov"]),
        // The command-line layer itself (esp-prov's module): the checked-in help screens.
        .testTarget(name: "CLITests", dependencies: ["esp-prov", "TestSupport"]),
        .testTarget(name: "WpaCtrlTests", dependencies: ["WpaCtrl", "ProcessSignals", "TestSupport"]),
        .testTarget(name: "DPPTests", dependencies: ["DPP", "WpaCtrl", "ProvSupport", "TestSupport"]),
        // Fixtures/: recorded daemon event streams, read by path (WPSExchangeTests).
        .testTarget(name: "WPSTests", dependencies: ["WPS", "WpaCtrl", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "OpenSyncTests", dependencies: ["OVSDB", "OpenSync", "UntrustedJSON", "TestSupport"]),
        .testTarget(name: "DoctorTests", dependencies: ["TestSupport"]),
        .testTarget(name: "PackagingTests", dependencies: ["TestSupport", "CDBus"]),
    ],
    // Every target builds in the Swift 6 language mode: complete, compile-time concurrency checking.
    swiftLanguageModes: [.v6]
)
