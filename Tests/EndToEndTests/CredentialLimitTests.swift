import Foundation
import TestSupport
import XCTest

/// SSID and passphrase are checked against the firmware's limits (SSID ≤ 32 bytes, passphrase
/// ≤ 63 bytes, no control characters) before the device is contacted, and the error says the limit.
final class CredentialLimitTests: EndToEndCase {

    private func refused(_ wifi: [String], mentions message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let device = try device(["--network", "HomeNet:secret123"])
        let result = try espProv(sec2 + wifi, device: device, expect: 2, file: file, line: line)
        XCTAssertTrue(result.stderr.contains(message), result.output, file: file, line: line)
        XCTAssertFalse(device.stop().contains("proto-ver="), "the device was contacted", file: file, line: line)
    }

    func testTooLongSSIDIsRefusedBeforeContact() throws {
        try refused(["--ssid", String(repeating: "S", count: 33), "--passphrase", "secret123"],
                    mentions: "--ssid: the SSID is 33 bytes: Wi-Fi network names (and the device) take at most 32")
        // Bytes, not characters: 11 three-byte characters are 33 bytes.
        try refused(["--ssid", String(repeating: "€", count: 11), "--passphrase", "secret123"], mentions: "is 33 bytes")
    }

    func testTooLongPassphraseAndPSKAreRefusedBeforeContact() throws {
        try refused(["--ssid", "HomeNet", "--passphrase", String(repeating: "p", count: 64)],
                    mentions: "the passphrase is 64 bytes: the device takes at most 63")
        try refused(["--ssid", "HomeNet", "--passphrase", String(repeating: "a1", count: 32)],
                    mentions: "a 64-hex-digit PSK cannot be provisioned")
    }

    func testControlCharacterInAPassphraseFileIsRefused() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pass-\(UUID().uuidString).txt")
        try Data("secret\t123\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try refused(["--ssid", "HomeNet", "--passphrase_file", file.path], mentions: "contains a control character")
    }

    func testLongestAcceptedSSIDAndPassphraseProvision() throws {
        let ssid = String(repeating: "S", count: 32), passphrase = String(repeating: "p", count: 63)
        let device = try device(["--network", "\(ssid):\(passphrase)", "--connect_delay", "0.1"])
        try espProv(sec2 + ["--ssid", ssid, "--passphrase", passphrase], device: device, expect: 0)
    }
}
