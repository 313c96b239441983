// swift-tools-version:5.3
// Tools version 5.3 on purpose: from 5.5 on, SwiftPM renames an executable's entry point to
// `<Module>_main` (for testable executables), and libFuzzer, which brings its own `main`, cannot
// link against that (swift-protobuf's FuzzTesting package does the same).
import PackageDescription

/// libFuzzer targets for every decoder of device input. A separate package so that the top-level
/// `swift build` never sees `-sanitize=fuzzer`; `make fuzz` builds and runs them (README,
/// "Benchmarks and fuzzing"). Each target's main.swift only defines `LLVMFuzzerTestOneInput`.
func fuzzTarget(_ name: String, _ products: [String]) -> Target {
    .target(
        name: name,
        dependencies: ["FuzzSupport"] + products.map { .product(name: $0, package: "esp-prov") },
        swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    )
}

let package = Package(
    name: "esp-prov-fuzz",
    dependencies: [.package(name: "esp-prov", path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "ProvClient", package: "esp-prov")]),
        fuzzTarget("FuzzProtoVer", ["ProvClient"]),
        fuzzTarget("FuzzQRPayload", ["ProvClient"]),
        fuzzTarget("FuzzHex", ["ProvClient", "ProvCrypto", "ProvConsoleTransport"]),
        fuzzTarget("FuzzHandshake", ["ProvClient", "ProvDevice"]),
        fuzzTarget("FuzzReplies", ["ProvClient", "ProvTesting"]),
        fuzzTarget("FuzzDBus", ["DBus"]),
        fuzzTarget("FuzzDPPURI", ["DPP"]),
        fuzzTarget("FuzzHTTPReply", ["ProvHTTP"]),
    ]
)
