import Crypto
import Foundation
import ProvCrypto
import ProvDevice
import ProvMessages
import SRP6a
import TestSupport
import XCTest

/// Nothing secret in esp-prov's output, verbose or JSON: not the PoP, the sec2 password or the Wi-Fi
/// passphrase, and none of the key material derived from them, in plain text, hex or base64.
///
/// The device runs in-process with fixed randomness and a relay records what esp-prov sends, so
/// the test can derive the very session keys of the run (sec2: K from the device's b and the
/// client's A; sec1: the X25519 shared secret from the device's key and the client's public key).
final class SecretLeakTests: EndToEndCase {
    private let username = "wifiprov"
    private let password = "Pw-7f3a9c1e"
    private let pop = "Pop-3b9e71aa"
    private let passphrase = "WifiPass-58d2"
    private static let salt: [UInt8] = Array(0x40..<0x50)
    private static let deviceSecret = [UInt8](repeating: 0x11, count: 32)
    private static let deviceX25519Key = [UInt8](repeating: 0x33, count: 32)

    private static let fixedRandomness = DeviceRandomness(
        sec1PrivateKey: { deviceX25519Key },
        sec1DeviceRandom: { [UInt8](repeating: 0x44, count: 16) },
        sec2Secret: { deviceSecret },
        sec2NonceBytes: { [UInt8](repeating: 0x22, count: $0) },
        sessionID: { 1_234_567 })

    func testSecurity2VerboseAndJSONShowNoSecretAndNoSessionKey() throws {
        for mode in ["-v", "--json"] {
            let verifier = try SRPVerifier.verifier(username: Array(username.utf8), password: Array(password.utf8), salt: Self.salt)
            let run = try provision(security: .sec2(salt: Self.salt, verifier: verifier),
                                    arguments: ["--sec2_username", username, "--sec2_pwd", password, mode])
            let command0 = try XCTUnwrap(run.sessionRequests.first.map { try SessionData(serializedBytes: $0) })
            let clientPublicKey = Array(command0.sec2.sc0.clientPubkey)
            let server = try SRPServer(username: Array(username.utf8), salt: Self.salt, verifier: verifier,
                                       clientPublicKey: clientPublicKey, secret: Self.deviceSecret)
            // The derived K is the run's real one: with it, the client's M1 checks out.
            let command1 = try SessionData(serializedBytes: try XCTUnwrap(run.sessionRequests.dropFirst().first))
            XCTAssertNotNil(server.verifyClientProof(Array(command1.sec2.sc1.clientProof)), "not the run's session key")
            let digest = Array(SHA512.hash(data: Array("\(username):\(password)".utf8)))
            let x = Array(SHA512.hash(data: Self.salt + digest))
            assertNoLeak(run.output, mode: mode, secrets: [Array(password.utf8), Array(passphrase.utf8)],
                         derived: ["K": server.sessionKey, "AES key": Array(server.sessionKey.prefix(32)), "H(I:p)": digest, "x": x])
        }
    }

    func testSecurity1VerboseAndJSONShowNoSecretAndNoSessionKey() throws {
        for mode in ["-v", "--json"] {
            let run = try provision(security: .sec1(pop: pop), arguments: ["--pop", pop, mode])
            let command0 = try XCTUnwrap(run.sessionRequests.first.map { try SessionData(serializedBytes: $0) })
            let device = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: Self.deviceX25519Key)
            let peer = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: command0.sec1.sc0.clientPubkey)
            let shared = try device.sharedSecretFromKeyAgreement(with: peer).withUnsafeBytes { Array($0) }
            let popDigest = Array(SHA256.hash(data: Array(pop.utf8)))
            let key = zip(shared, popDigest).map { $0 ^ $1 }
            // The derived key is the run's real one: it decrypts the client's verify token to the device's public key.
            let command1 = try SessionData(serializedBytes: try XCTUnwrap(run.sessionRequests.dropFirst().first))
            var stream = try AESCTRStream(key: key, initialCounter: [UInt8](repeating: 0x44, count: 16))
            XCTAssertEqual(try stream.apply(Array(command1.sec1.sc1.clientVerifyData)), Array(device.publicKey.rawRepresentation))
            assertNoLeak(run.output, mode: mode, secrets: [Array(pop.utf8), Array(passphrase.utf8)],
                         derived: ["shared secret": shared, "session key": key, "SHA-256(PoP)": popDigest])
        }
    }

    // MARK: Helpers

    private struct Run {
        var output: String
        var sessionRequests: [[UInt8]]
    }

    /// One successful esp-prov run against a fresh in-process device behind a recording relay.
    private func provision(security: DeviceConfiguration.Security, arguments: [String]) throws -> Run {
        let configuration = DeviceConfiguration(
            security: security, knownNetworks: [.init(ssid: "HomeNet", password: passphrase)], connectDelay: .milliseconds(200),
            cleanupDelay: .milliseconds(200))
        let device = VirtualDevice(configuration: configuration, randomness: Self.fixedRandomness)
        let server = HTTPDeviceServer(device: device)
        let port = try blocking { try await server.start() }
        let relay = try RecordingRelay(targetPort: port)
        defer {
            relay.stop()
            try? blocking {
                await server.stop()
                await device.shutdown()
            }
        }
        let result = try espProv(
            ["--transport", "softap", "--service_name", "127.0.0.1:\(relay.port)", "--ssid", "HomeNet", "--passphrase", passphrase,
             "--custom_data", "hello"] + arguments,
            expect: 0, timeout: 30)
        return Run(output: result.output, sessionRequests: relay.requestBodies(endpoint: "prov-session"))
    }

    private func assertNoLeak(
        _ output: String, mode: String, secrets: [[UInt8]], derived: [String: [UInt8]], file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertTrue(output.contains(mode == "--json" ? #""event":"result""# : "Provisioning was successful"), output, file: file, line: line)
        for secret in secrets {
            for form in Self.encodings(secret) + [String(decoding: secret, as: UTF8.self)] where output.contains(form) {
                XCTFail("\(mode): a secret appears as '\(form)':\n\(output)", file: file, line: line)
            }
        }
        for (name, bytes) in derived {
            for form in Self.encodings(bytes) where output.contains(form) {
                XCTFail("\(mode): \(name) appears as '\(form)':\n\(output)", file: file, line: line)
            }
        }
        // Whatever else might be key material: no long hex or base64 runs at all.
        for pattern in ["[0-9a-fA-F]{32,}", "[A-Za-z0-9+/]{40,}={0,2}"] {
            if let range = output.range(of: pattern, options: .regularExpression) {
                XCTFail("\(mode): output holds a long hex/base64 run '\(output[range])':\n\(output)", file: file, line: line)
            }
        }
    }

    /// Hex (both cases) and base64 of the bytes, and of their first 16 bytes (a partial print).
    private static func encodings(_ bytes: [UInt8]) -> [String] {
        [bytes, Array(bytes.prefix(16))].flatMap { part in
            [part.hex, part.hex.uppercased(), Data(part).base64EncodedString()]
        }
    }

    /// Runs async work from a synchronous test (whose thread is not one the work needs).
    private func blocking<T>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { box.result = .success(try await work()) } catch { box.result = .failure(error) }
            done.signal()
        }
        guard done.wait(timeout: .now() + 30) == .success, let result = box.result else {
            throw InProcessDeviceTimeout()
        }
        return try result.get()
    }
}

private struct InProcessDeviceTimeout: Error, CustomStringConvertible {
    var description: String { "in-process device did not start or stop within 30 s" }
}

private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, Error>?
}
