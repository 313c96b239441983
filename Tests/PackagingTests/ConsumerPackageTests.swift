import Foundation
import TestSupport
import XCTest

/// The package as another project uses it: a program outside this repository names it by URL and
/// version, SwiftPM resolves and builds ProvClient and ProvHTTP (which it refuses for a versioned
/// dependency whose library targets use unsafeFlags), and the program provisions the virtual
/// device over HTTP with security 2.
///
/// The repository's current files (committed or not) become a one-commit git repository tagged
/// 1.0.0; its own dependencies resolve from their usual github.com URLs. The consumer builds in
/// `.build-consumer/` at the repository root, kept between runs, so only the first run builds
/// swift-crypto and swift-protobuf.
final class ConsumerPackageTests: XCTestCase {
    private static let version = "1.0.0"

    private static let manifest = """
        // swift-tools-version:6.0
        import PackageDescription

        let package = Package(
            name: "consumer",
            platforms: [.macOS(.v13)],
            dependencies: [.package(url: "ORIGIN", from: "\(version)")],
            targets: [
                .executableTarget(
                    name: "consumer",
                    dependencies: [
                        .product(name: "ProvClient", package: "esp-prov"),
                        .product(name: "ProvHTTP", package: "esp-prov"),
                    ])
            ]
        )

        """

    /// What a user's program would do: open the HTTP link, run, close, report.
    private static let program = """
        import Foundation
        import ProvClient
        import ProvHTTP

        guard CommandLine.arguments.count == 2, let port = Int(CommandLine.arguments[1]) else {
            print("usage: consumer PORT")
            exit(2)
        }
        let transport = HTTPTransport(options: HTTPTransportOptions(address: ServiceAddress(host: "127.0.0.1", port: port)))
        let request = ProvisioningRequest(
            goal: .wifi(ssid: "HomeNet", passphrase: "secret123"),
            credentials: CredentialCandidates(username: "wifiprov", password: "abcd1234"), statusTimeout: .seconds(20))
        do {
            let outcome = try await Provisioner(transport: transport, request: request).run()
            await transport.close()
            guard case .provisioned(let connection) = outcome else {
                print("not provisioned: \\(outcome)")
                exit(1)
            }
            print("provisioned \\(connection.ssid) \\(connection.ipAddress)")
        } catch {
            await transport.close()
            print("failed: \\(error)")
            exit(1)
        }

        """

    func testAProgramDependingOnATaggedVersionProvisionsTheVirtualDevice() throws {
        let work = Repository.root.appendingPathComponent(".build-consumer")
        let origin = try makeTaggedCopy(in: work)
        let consumer = work.appendingPathComponent("consumer")
        try FileManager.default.createDirectory(
            at: consumer.appendingPathComponent("Sources/consumer"), withIntermediateDirectories: true)
        try Self.manifest.replacingOccurrences(of: "ORIGIN", with: "file://" + origin.path)
            .write(to: consumer.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        try Self.program.write(to: consumer.appendingPathComponent("Sources/consumer/main.swift"), atomically: true, encoding: .utf8)
        // A fresh resolution each run: the origin moved, and the pin would name the old one.
        try? FileManager.default.removeItem(at: consumer.appendingPathComponent("Package.resolved"))

        let scratch = work.appendingPathComponent("build")
        // Earlier origins' clones (the build products, and the other packages' clones, are kept).
        let clones = scratch.appendingPathComponent("repositories")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: clones.path)) ?? [] where name.hasPrefix("esp-prov-") {
            try? FileManager.default.removeItem(at: clones.appendingPathComponent(name))
        }
        let build = try Binaries.run(
            executable: URL(fileURLWithPath: "/usr/bin/env"),
            ["swift", "build", "--package-path", consumer.path, "--scratch-path", scratch.path, "-j", "1",
             "--disable-dependency-cache"],
            timeout: 3600)
        XCTAssertEqual(build.status, 0, "the consumer did not build against esp-prov \(Self.version):\n\(build.output)")
        guard build.status == 0 else { return }

        let device = try DeviceProcess(["--network", "HomeNet:secret123"])
        let run = try Binaries.run(executable: scratch.appendingPathComponent("debug/consumer"), [String(device.port)], timeout: 60)
        let deviceLog = device.stop()
        XCTAssertEqual(run.status, 0, run.output + deviceLog)
        XCTAssertTrue(run.stdout.hasPrefix("provisioned HomeNet "), run.output)
        XCTAssertTrue(deviceLog.contains("Wi-Fi credentials applied, connecting to 'HomeNet'"), deviceLog)
        // The device joins only with the passphrase it was given: the credentials arrived intact.
        XCTAssertTrue(deviceLog.contains("connected to 'HomeNet'"), deviceLog)
    }

    /// The repository's files as a new git repository tagged `version`, at a path of its own each
    /// run (SwiftPM remembers what a URL's tags pointed to); earlier copies are removed.
    private func makeTaggedCopy(in work: URL) throws -> URL {
        let origins = work.appendingPathComponent("origins")
        try? FileManager.default.removeItem(at: origins)
        let origin = origins.appendingPathComponent(UUID().uuidString).appendingPathComponent("esp-prov")
        try FileManager.default.createDirectory(at: origin, withIntermediateDirectories: true)
        let script = """
            set -euo pipefail
            cd "$0"
            git ls-files -z --cached --others --exclude-standard | tar --null --files-from=- --ignore-failed-read -cf - \
              | tar -xf - -C "$1"
            cd "$1"
            git init -q
            git add -A
            git -c user.name=consumer-test -c user.email=consumer-test@localhost commit -q -m "esp-prov under test"
            git tag "$2"
            """
        let result = try Binaries.run(
            executable: Repository.bash, ["-c", script, Repository.root.path, origin.path, Self.version], timeout: 120)
        XCTAssertEqual(result.status, 0, result.output)
        return origin
    }
}
