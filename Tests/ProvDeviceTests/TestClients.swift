import Crypto
import Foundation
import ProvCrypto
import ProvDevice
import ProvMessages
import SRP6a
import SwiftProtobuf

/// A minimal, independent security 1 client (what esp_prov's security1.py does) to drive the device
/// with random keys; the fixtures pin the bytes, this checks the protocol round trip.
struct Sec1TestClient: HandshakeTestClient {
    let privateKey = Curve25519.KeyAgreement.PrivateKey()
    let pop: String
    var stream: AESCTRStream?
    var devicePublicKey: [UInt8] = []

    init(pop: String) { self.pop = pop }

    var publicKey: [UInt8] { Array(privateKey.publicKey.rawRepresentation) }

    func command0() throws -> [UInt8] {
        var message = SessionData()
        message.secVer = .secScheme1
        message.sec1.msg = .sessionCommand0
        message.sec1.sc0.clientPubkey = Data(publicKey)
        return try message.serializedBytes()
    }

    mutating func command1(response0: [UInt8]) throws -> [UInt8] {
        let response = try SessionData(serializedBytes: response0)
        devicePublicKey = Array(response.sec1.sr0.devicePubkey)
        let shared = try privateKey.sharedSecretFromKeyAgreement(
            with: Curve25519.KeyAgreement.PublicKey(rawRepresentation: devicePublicKey)
        ).withUnsafeBytes { Array($0) }
        var key = shared
        if !pop.isEmpty {
            let digest = Array(SHA256.hash(data: Array(pop.utf8)))
            for index in key.indices { key[index] ^= digest[index] }
        }
        var stream = try AESCTRStream(key: key, initialCounter: Array(response.sec1.sr0.deviceRandom))
        let verify = try stream.apply(devicePublicKey)
        self.stream = stream
        var message = SessionData()
        message.secVer = .secScheme1
        message.sec1.msg = .sessionCommand1
        message.sec1.sc1.clientVerifyData = Data(verify)
        return try message.serializedBytes()
    }

    /// Checks Response1 (device_verify_data decrypts to our public key).
    mutating func verify(response1: [UInt8]) throws -> Bool {
        let response = try SessionData(serializedBytes: response1)
        return try stream!.apply(Array(response.sec1.sr1.deviceVerifyData)) == publicKey
    }

    mutating func crypt(_ data: [UInt8]) throws -> [UInt8] { try stream!.apply(data) }
}

/// A security 2 client on the SRP6a module's client, with the GCM session cipher.
struct Sec2TestClient: HandshakeTestClient {
    let srp: SRPClient
    let username: String
    let counterMode: Bool
    var proof: SRPClientProof?
    var cipher: GCMSessionCipher?

    init(username: String = ExampleCredentials.username, password: String = ExampleCredentials.password, counterMode: Bool = true) throws {
        self.username = username
        self.counterMode = counterMode
        srp = try SRPClient(username: Array(username.utf8), password: Array(password.utf8))
    }

    func command0() throws -> [UInt8] {
        var message = SessionData()
        message.secVer = .secScheme2
        message.sec2.msg = .s2SessionCommand0
        message.sec2.sc0.clientUsername = Data(username.utf8)
        message.sec2.sc0.clientPubkey = Data(srp.publicKey)
        return try message.serializedBytes()
    }

    mutating func command1(response0: [UInt8]) throws -> [UInt8] {
        let response = try SessionData(serializedBytes: response0)
        let proof = try srp.respond(salt: Array(response.sec2.sr0.deviceSalt), serverPublicKey: Array(response.sec2.sr0.devicePubkey))
        self.proof = proof
        var message = SessionData()
        message.secVer = .secScheme2
        message.sec2.msg = .s2SessionCommand1
        message.sec2.sc1.clientProof = Data(proof.clientProof)
        return try message.serializedBytes()
    }

    mutating func finish(response1: [UInt8]) throws -> Bool {
        let response = try SessionData(serializedBytes: response1)
        guard proof!.verifyServerProof(Array(response.sec2.sr1.deviceProof)) else { return false }
        cipher = try GCMSessionCipher(
            key: Array(proof!.sessionKey.prefix(32)), nonce: Array(response.sec2.sr1.deviceNonce),
            mode: counterMode ? .counter : .staticIV
        )
        return true
    }

    mutating func seal(_ data: [UInt8]) throws -> [UInt8] { try cipher!.seal(data) }
    mutating func open(_ data: [UInt8]) throws -> [UInt8] { try cipher!.open(data) }
}

/// Plaintext payload builders for the requests the tests send.
enum Payloads {
    static let getStatus: [UInt8] = [0x52, 0x00]
    static let apply: [UInt8] = [0x08, 0x04]
    static let scanStatus: [UInt8] = [0x08, 0x02]
    static let ctrlReset: [UInt8] = [0x08, 0x01]
    static let ctrlReprov: [UInt8] = [0x08, 0x03]

    static func setConfig(ssid: [UInt8], passphrase: [UInt8], bssid: [UInt8] = []) -> [UInt8] {
        var payload = WiFiConfigPayload()
        payload.msg = .typeCmdSetConfig
        payload.cmdSetConfig = CmdSetConfig.with {
            $0.ssid = Data(ssid)
            $0.passphrase = Data(passphrase)
            $0.bssid = Data(bssid)
        }
        return try! payload.serializedBytes()
    }

    static func setConfig(_ ssid: String, _ passphrase: String) -> [UInt8] {
        setConfig(ssid: Array(ssid.utf8), passphrase: Array(passphrase.utf8))
    }

    static func scanStart(blocking: Bool) -> [UInt8] {
        var payload = WiFiScanPayload()
        payload.msg = .typeCmdScanStart
        payload.cmdScanStart = CmdScanStart.with { $0.blocking = blocking }
        return try! payload.serializedBytes()
    }

    static func scanResult(start: UInt32, count: UInt32) -> [UInt8] {
        var payload = WiFiScanPayload()
        payload.msg = .typeCmdScanResult
        payload.cmdScanResult = CmdScanResult.with {
            $0.startIndex = start
            $0.count = count
        }
        return try! payload.serializedBytes()
    }
}

/// What the sec1 and sec2 test clients share: the two handshake commands, so a test that only needs
/// an established session runs them with `VirtualDevice.handshake(_:)`.
protocol HandshakeTestClient {
    func command0() throws -> [UInt8]
    mutating func command1(response0: [UInt8]) throws -> [UInt8]
}
