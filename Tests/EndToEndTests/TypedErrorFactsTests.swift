import Foundation
import ProvClient
import ProvHTTP
import TestSupport
import XCTest

/// What a Swift program that depends on ProvClient reads from a failed run: the error's typed facts
/// (what was waited for, how long, which setting gave the limit, the remedies), not its words,
/// from real failures of the virtual device and of a loopback server.
final class TypedErrorFactsTests: XCTestCase {
    /// A device that never leaves "connecting": the timeout names the network, the status timeout
    /// the caller gave, and the remedy; rewording the remedy keeps the facts.
    func testStatusTimeoutNamesTheNetworkAndTheLimit() async throws {
        let device = try DeviceProcess(["--network", "HomeNet:secret123", "--fault_stuck_connecting"])
        let transport = HTTPTransport(options: HTTPTransportOptions(address: ServiceAddress(host: "127.0.0.1", port: device.port)))
        let request = ProvisioningRequest(goal: .wifi(ssid: "HomeNet", passphrase: "secret123"),
                                          credentials: CredentialCandidates(username: "wifiprov", password: "abcd1234"),
                                          statusTimeout: .seconds(2))
        do {
            _ = try await Provisioner(transport: transport, request: request) { _ in }.run()
            XCTFail("a device stuck connecting cannot provision")
        } catch ProvError.timeout(let failure) {
            guard case .wifiStatus(let ssid, _) = failure.waitedFor else { return XCTFail("\(failure.waitedFor)") }
            XCTAssertEqual(ssid, "HomeNet")
            XCTAssertEqual(failure.limit, .seconds(2))
            XCTAssertEqual(failure.setBy, .statusTimeout)
            XCTAssertEqual(failure.remedies, [.raiseStatusTimeout])
            XCTAssertTrue(failure.description.hasPrefix("the device was still connecting to 'HomeNet' after 2 s"), failure.description)
            let worded = failure.rewording { "<\($0.rawValue)>" }
            XCTAssertEqual(worded.waitedFor, failure.waitedFor, "wording the remedies keeps the facts")
            XCTAssertTrue(worded.description.contains("; <raiseStatusTimeout> or check the access point"), worded.description)
        }
        await transport.close()
    }

    /// A server that never answers: the timeout names the endpoint, the address and the request timeout.
    func testRequestTimeoutNamesTheEndpointAndTheLimit() async throws {
        let server = try ScriptedHTTPServer { _, _ in .silent }
        defer { server.stop() }
        let address = ServiceAddress(host: "127.0.0.1", port: server.port)
        let link = HTTPTransport(options: HTTPTransportOptions(address: address, requestTimeout: .milliseconds(500)))
        do {
            _ = try await link.exchange("prov-config", [1])
            XCTFail("a silent server answered")
        } catch ProvError.timeout(let failure) {
            XCTAssertEqual(failure.waitedFor, .response(endpoint: "prov-config", peer: "\(address)"))
            XCTAssertEqual(failure.limit, .milliseconds(500))
            XCTAssertEqual(failure.setBy, .httpRequestTimeout)
            XCTAssertEqual(failure.remedies, [])
            XCTAssertEqual(failure.description, "no answer from \(address) to 'prov-config' within 0.5 s")
        }
        await link.close()
    }

    /// An HTTP error status names the status and the endpoint; a peer that is gone names the
    /// address and why the connection could not be opened.
    func testLinkFailuresNameTheStatusTheAddressAndTheCause() async throws {
        let server = try ScriptedHTTPServer { _, _ in .reply("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n") }
        let address = ServiceAddress(host: "127.0.0.1", port: server.port)
        let link = HTTPTransport(options: HTTPTransportOptions(address: address))
        do {
            _ = try await link.exchange("prov-config", [1])
            XCTFail("an error status was taken for an answer")
        } catch ProvError.transport(let failure) {
            XCTAssertEqual(failure.what, .errorStatus(500, endpoint: "prov-config"))
            XCTAssertEqual(failure.description, "Server responded with error code 500 to 'prov-config'")
        }
        await link.close()
        server.stop()
        let gone = HTTPTransport(options: HTTPTransportOptions(address: address))
        do {
            _ = try await gone.exchange("proto-ver", [1])
            XCTFail("a stopped server answered")
        } catch ProvError.transport(let failure) {
            XCTAssertEqual(failure.what, .cannotConnect(address: "\(address)", cause: .refused))
            XCTAssertEqual(failure.remedies, [.checkServiceAddress])
            XCTAssertTrue(failure.description.hasPrefix("cannot connect to \(address): connection refused; "), failure.description)
        }
        await gone.close()
    }

    /// A device asked to reset before any failed attempt refuses: the refusal names the command, the
    /// network kind and the device's status code.
    func testControlRefusalNamesTheCommandAndTheStatus() async throws {
        let device = try DeviceProcess(["--sec_ver", "0", "--network", "HomeNet:secret123"])
        let (transport, session) = try await sec0Session(device)
        do {
            try await session.control(.reset)
            XCTFail("a device that never failed accepted a reset")
        } catch ProvError.deviceRefused(let refusal) {
            XCTAssertEqual(refusal.command, .control(.reset, .wifi))
            XCTAssertNotNil(refusal.status)
            XCTAssertNotEqual(refusal.status, 0, "a refusal carries a failure status")
            XCTAssertEqual(refusal.remedies, [])
            XCTAssertTrue(refusal.description.hasPrefix("device refused reset (status \(refusal.status ?? 0)): "), refusal.description)
        }
        await transport.close()
    }

    /// A custom endpoint the device lacks: the failure names it as a missing capability.
    func testMissingCustomEndpointNamesIt() async throws {
        let device = try DeviceProcess(["--sec_ver", "0", "--network", "HomeNet:secret123"])
        let (transport, session) = try await sec0Session(device)
        do {
            _ = try await session.custom("no-such-endpoint", [1])
            XCTFail("the device answered an endpoint it does not have")
        } catch ProvError.unsupported(let missing) {
            XCTAssertEqual(missing.capability, .customEndpoint("no-such-endpoint"))
            XCTAssertEqual(missing.description, "the device has no 'no-such-endpoint' endpoint")
        }
        await transport.close()
    }

    /// A device that vanishes after the apply: the outcome is unknown because status requests went
    /// unanswered, after the Wi-Fi credentials reached it; the cause keeps the link failure's own case.
    func testVanishingAfterApplyNamesWhatWasSentAndWhy() async throws {
        let device = try DeviceProcess(["--network", "HomeNet:secret123", "--connect_delay", "5"])
        let transport = HTTPTransport(options: HTTPTransportOptions(
            address: ServiceAddress(host: "127.0.0.1", port: device.port), connectTimeout: .seconds(1)))
        let request = ProvisioningRequest(goal: .wifi(ssid: "HomeNet", passphrase: "secret123"),
                                          credentials: CredentialCandidates(username: "wifiprov", password: "abcd1234"),
                                          statusTimeout: .seconds(20))
        do {
            _ = try await Provisioner(transport: transport, request: request) { event in
                if case .applied = event { _ = device.stop() }
            }.run()
            XCTFail("the run should not succeed")
        } catch ProvError.outcomeUnknown(let unknown) {
            XCTAssertEqual(unknown.sent, .wifiCredentials)
            guard case .statusUnanswered(let cause, let ssid) = unknown.cause else { return XCTFail("\(unknown.cause)") }
            XCTAssertEqual(ssid, "HomeNet")
            guard case .transport = cause else { return XCTFail("the link was lost, not \(cause)") }
            XCTAssertTrue(unknown.description.hasPrefix("credentials applied, outcome unknown: "), unknown.description)
        }
        await transport.close()
    }

    /// A wrong sec2 password: the device drops the link after the proof; the failure says so as a
    /// reason a program can match (the scheme was announced, so no guess is blamed).
    func testWrongSec2PasswordIsAClosedAfterTheProof() async throws {
        let error = try await provisioningError(["--network", "HomeNet:secret123"], password: "not-the-password")
        guard case .authentication(let failure) = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(failure.reason, .closedAfterProof(.sec2))
        XCTAssertNil(failure.guess, "the device announced security 2")
        XCTAssertEqual(failure.description, "device closed the connection after the proof: wrong sec2 username or password?")
    }

    /// A device announcing security 0 to a caller holding a sec2 login: refused before anything is
    /// sent, with the offered and implied strengths as facts and the override as a remedy.
    func testDowngradeNamesTheOfferedAndTheImpliedScheme() async throws {
        let error = try await provisioningError(["--sec_ver", "0", "--network", "HomeNet:secret123"], password: "abcd1234")
        guard case .authentication(let failure) = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(failure.reason, .weakerThanImplied(offered: .sec0, floor: .sec2, version: .sec0))
        XCTAssertEqual(failure.remedies, [.requestWeakerSecurity])
        XCTAssertTrue(failure.description.hasPrefix("the device offers \(SchemeStrength.sec0), a weaker scheme"), failure.description)
        let worded = failure.rewording { "<\($0.rawValue)>" }
        XCTAssertEqual(worded.reason, failure.reason, "wording the remedies keeps the facts")
        XCTAssertTrue(worded.description.hasSuffix("<requestWeakerSecurity> 0 to accept it deliberately"), worded.description)
    }

    /// A reply larger than the HTTP limit: the violation names the endpoint, the limit and the layer
    /// that set it, without reading the whole reply.
    func testOversizedReplyNamesTheEndpointAndTheLimit() async throws {
        let device = try DeviceProcess(["--fault_reply", "oversized:proto-ver"])
        let options = HTTPTransportOptions(address: ServiceAddress(host: "127.0.0.1", port: device.port))
        let transport = HTTPTransport(options: options)
        do {
            _ = try await transport.exchange("proto-ver", Array("---".utf8))
            XCTFail("an oversized reply was accepted")
        } catch ProvError.protocolViolation(let violation) {
            guard case .tooLarge("proto-ver", let size, let limit, .httpReply) = violation.what else { return XCTFail("\(violation.what)") }
            XCTAssertEqual(limit, options.maxResponseBytes)
            XCTAssertGreaterThan(size, limit)
            XCTAssertEqual(violation.remedies, [])
            XCTAssertTrue(violation.description.hasPrefix("reply to 'proto-ver' exceeds \(limit) bytes"), violation.description)
        }
        await transport.close()
    }

    /// Garbage where a security 0 session expects a scan reply: the violation names the endpoint,
    /// the message type it should have been and how many bytes came.
    func testGarbageReplyNamesTheEndpointAndTheMessageType() async throws {
        let device = try DeviceProcess(["--sec_ver", "0", "--network", "HomeNet:secret123", "--fault_reply", "garbage:prov-scan"])
        let (transport, session) = try await sec0Session(device)
        do {
            _ = try await session.scanWiFi(transport: .http)
            XCTFail("a garbage scan reply was accepted")
        } catch ProvError.protocolViolation(let violation) {
            guard case .notAMessage("prov-scan", let type, let count, encrypted: true) = violation.what else {
                return XCTFail("\(violation.what)")
            }
            XCTAssertTrue(type.hasSuffix("WiFiScanPayload"), type)
            XCTAssertGreaterThan(count, 0)
        }
        await transport.close()
    }

    /// A device that claims more scan results than it returns: the count it reported and the count
    /// it returned are facts.
    func testScanCountMismatchNamesBothCounts() async throws {
        let device = try DeviceProcess(["--sec_ver", "0", "--network", "HomeNet:secret123", "--fault_scan_extra", "2"])
        let (transport, session) = try await sec0Session(device)
        do {
            _ = try await session.scanWiFi(transport: .http)
            XCTFail("a short scan was accepted")
        } catch ProvError.protocolViolation(let violation) {
            guard case .resultCountMismatch(network: "", let reported, let returned) = violation.what else {
                return XCTFail("\(violation.what)")
            }
            XCTAssertEqual(Int(reported), returned + 2)
            XCTAssertEqual(violation.description, "device said \(reported) scan results but returned \(returned)")
        }
        await transport.close()
    }

    /// An HTML page where proto-ver belongs: the violation keeps how many bytes came and how they start.
    func testProtoVerThatIsNotJSONKeepsItsStart() async throws {
        let error = try await provisioningError(["--fault_proto_ver", "not_json"], password: "abcd1234")
        guard case .protocolViolation(let violation) = error,
            case .unreadableProtoVer(let count, let start, cutShortJSON: false) = violation.what
        else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(Array(start.prefix(6)), Array("<html>".utf8))
        XCTAssertGreaterThanOrEqual(count, start.count)
    }

    /// A sec1 device sending a low-order X25519 key: refused as an unusable key, a fact.
    func testLowOrderSec1KeyIsAnUnusableKey() async throws {
        let device = try DeviceProcess(["--sec_ver", "1", "--pop", "abcd1234", "--network", "HomeNet:secret123",
                                        "--fault_handshake", "sec1_zero_key"])
        let transport = HTTPTransport(options: HTTPTransportOptions(address: ServiceAddress(host: "127.0.0.1", port: device.port)))
        let info = try DeviceInfo(parsing: try await transport.exchange("proto-ver", Array("---".utf8)))
        do {
            _ = try await Session.establish(over: transport, info: info, scheme: Security1(proofOfPossession: "abcd1234"))
            XCTFail("a low-order key was accepted")
        } catch ProvError.protocolViolation(let violation) {
            XCTAssertEqual(violation.what, .unusableKey(lowOrder: true))
        }
        await transport.close()
    }

    /// A damaged reply to the sec2 apply: the outcome is unknown, its cause keeps the cipher's own
    /// failure (a reply shorter than the GCM tag), and the undo is a remedy value.
    func testDamagedApplyReplyKeepsTheCipherFailure() async throws {
        let error = try await provisioningError(["--network", "HomeNet:secret123", "--fault_reply", "truncated:prov-config:2"],
                                                password: "abcd1234")
        guard case .outcomeUnknown(let unknown) = error else { return XCTFail("\(String(describing: error))") }
        let cause: ProvError
        switch unknown.cause {
        case .failedAfterSending(let error), .applyUnanswered(let error), .unconfirmed(let error): cause = error
        default: return XCTFail("\(unknown.cause)")
        }
        guard case .protocolViolation(let violation) = cause, case .cipher(.crypto(.truncated(let count))) = violation.what else {
            return XCTFail("\(cause)")
        }
        XCTAssertLessThan(count, 16)
        if case .failedAfterSending = unknown.cause {
            XCTAssertEqual(unknown.remedies, [.undoWithReset])
        }
    }

    /// Garbage in the first status reply after the apply: the outcome is unknown, the failure after
    /// sending keeps the cipher's verdict, and undoing is a remedy value worded without flags.
    func testGarbageStatusAfterApplyOffersTheUndoAsAValue() async throws {
        let error = try await provisioningError(["--network", "HomeNet:secret123", "--fault_reply", "garbage:prov-config:3"],
                                                password: "abcd1234")
        guard case .outcomeUnknown(let unknown) = error, case .failedAfterSending(let cause) = unknown.cause else {
            return XCTFail("\(String(describing: error))")
        }
        XCTAssertEqual(cause, .protocolViolation(ProtocolViolation(.cipher(.crypto(.authenticationFailed)))))
        XCTAssertEqual(unknown.remedies, [.undoWithReset])
        XCTAssertTrue(unknown.description.hasSuffix("(a provisioned device stops answering), or undo with prov-ctrl reset"),
                      unknown.description)
        let worded = unknown.rewording { "<\($0.rawValue)>" }
        XCTAssertEqual(worded.cause, unknown.cause, "wording the remedies keeps the facts")
        XCTAssertTrue(worded.description.hasSuffix(", or <undoWithReset>"), worded.description)
    }

    /// How a Wi-Fi run with the sec2 login wifiprov/`password` against a virtual device started with
    /// `arguments` fails (nil if it succeeds).
    private func provisioningError(_ arguments: [String], password: String) async throws -> ProvError? {
        let device = try DeviceProcess(arguments)
        let transport = HTTPTransport(options: HTTPTransportOptions(address: ServiceAddress(host: "127.0.0.1", port: device.port)))
        let request = ProvisioningRequest(goal: .wifi(ssid: "HomeNet", passphrase: "secret123"),
                                          credentials: CredentialCandidates(username: "wifiprov", password: password))
        do {
            _ = try await Provisioner(transport: transport, request: request) { _ in }.run()
            await transport.close()
            return nil
        } catch let error as ProvError {
            await transport.close()
            return error
        }
    }

    /// A security 0 session with the virtual device over loopback HTTP.
    private func sec0Session(_ device: DeviceProcess) async throws -> (HTTPTransport, Session) {
        let transport = HTTPTransport(options: HTTPTransportOptions(address: ServiceAddress(host: "127.0.0.1", port: device.port)))
        let info = try DeviceInfo(parsing: try await transport.exchange("proto-ver", Array("---".utf8)))
        return (transport, try await Session.establish(over: transport, info: info, scheme: Security0()))
    }
}
