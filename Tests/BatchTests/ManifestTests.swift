import Foundation
import ProvClient
import ProvBatch
@testable import esp_prov
import XCTest

/// Manifests are read and validated as a whole, before any device is contacted; each problem
/// names its line (CSV) or index (JSON) and never quotes a secret.
final class ManifestTests: XCTestCase {
    private let secrets = ManifestSecrets(
        environment: ["RACK_PWD": "s3cr3t-PW", "WIFI_PASS": "secret123"], baseDirectory: URL(fileURLWithPath: "/nonexistent"))

    private func parse(_ text: String, _ format: BatchManifest.Format = .json, wifi: BatchManifest.WiFiDefaults = .init(),
                       secrets: ManifestSecrets? = nil) throws -> [BatchDevice] {
        try BatchManifest(parsing: Data(text.utf8), format: format, wifi: wifi, secrets: secrets ?? self.secrets).devices
    }

    /// The problems as `esp-prov batch` prints them: the library's remedies in flag words.
    private func problems(_ text: String, _ format: BatchManifest.Format = .json, wifi: BatchManifest.WiFiDefaults = .init(),
                          file: StaticString = #filePath, line: UInt = #line) -> [String] {
        do {
            _ = try parse(text, format, wifi: wifi)
            XCTFail("expected a manifest error", file: file, line: line)
            return []
        } catch let error as ManifestError {
            return error.problems.map { $0.printableMessage.rendered(\.flagWording) }
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
            return []
        }
    }

    // MARK: JSON

    func testJSONManifestWithSharedWiFiSecretsAndQR() throws {
        let devices = try parse("""
            {"wifi": {"ssid": "HomeNet", "passphrase_env": "WIFI_PASS"},
             "devices": [
               {"transport": "softap", "service_name": "10.0.0.5:80", "sec_ver": 2, "username": "wifiprov",
                "password_env": "RACK_PWD", "name": "rack1-slot3"},
               {"transport": "httpd", "service_name": "10.0.0.6", "sec_ver": "1", "pop": "abcd1234", "ssid": "Other",
                "passphrase": ""},
               {"qr": "{\\"ver\\":\\"v1\\",\\"name\\":\\"PROV_1A2B3C\\",\\"username\\":\\"wifiprov\\",\\"pop\\":\\"abcd1234\\",\\"transport\\":\\"ble\\"}"},
               {"qr": "{\\"ver\\":\\"v1\\",\\"name\\":\\"PROV_X\\",\\"pop\\":\\"wrong\\",\\"transport\\":\\"softap\\"}",
                "service_name": "10.0.0.7:8080", "pop": "abcd1234", "transport": "softap", "sec_ver": null}
             ]}
            """)
        XCTAssertEqual(devices.count, 4)
        XCTAssertEqual(devices[0], BatchDevice(
            index: 0, location: "devices[0]", name: "rack1-slot3", transport: .http, service: "10.0.0.5:80", security: .sec2,
            credentials: CredentialCandidates(username: "wifiprov", password: "s3cr3t-PW"), ssid: "HomeNet", passphrase: "secret123"))
        XCTAssertEqual(devices[1].name, "10.0.0.6:80", "an unnamed device is named by its service")
        XCTAssertEqual(devices[1].transport, .http)
        XCTAssertEqual(devices[1].security, .sec1)
        XCTAssertEqual(devices[1].ssid, "Other")
        XCTAssertEqual(devices[1].passphrase, "", "an empty passphrase is an open network")
        XCTAssertEqual(devices[2], BatchDevice(
            index: 2, location: "devices[2]", name: "PROV_1A2B3C", transport: .ble, service: "PROV_1A2B3C",
            credentials: CredentialCandidates(username: "wifiprov", password: "abcd1234"), ssid: "HomeNet", passphrase: "secret123"),
            "a sec2 label's pop is only the password")
        XCTAssertEqual(devices[3].name, "PROV_X")
        XCTAssertEqual(devices[3].credentials.proofOfPossession, "abcd1234", "the entry's own fields win over its qr")
        XCTAssertEqual(devices[3].service, "10.0.0.7:8080")
    }

    func testCommandLineWiFiFillsOnlyWhatTheManifestLeavesOut() throws {
        let text = #"{"wifi": {"ssid": "FromManifest"}, "devices": [{"transport": "softap", "service_name": "10.0.0.5"}]}"#
        let devices = try parse(text, wifi: .init(ssid: "FromFlags", passphrase: "secret123"))
        XCTAssertEqual(devices[0].ssid, "FromManifest")
        XCTAssertEqual(devices[0].passphrase, "secret123")
    }

    func testSecretFilesAreReadRelativeToTheManifest() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("secret123\r\n".utf8).write(to: directory.appendingPathComponent("wifi.txt"))
        let devices = try parse(
            #"{"wifi": {"ssid": "HomeNet", "passphrase_file": "wifi.txt"}, "devices": [{"transport": "softap"}]}"#,
            secrets: ManifestSecrets(environment: [:], baseDirectory: directory))
        XCTAssertEqual(devices[0].passphrase, "secret123", "one trailing CRLF is not part of the secret")
        XCTAssertEqual(devices[0].service, "192.168.4.1:80")
    }

    func testJSONProblemsAreAllReportedWithTheirIndex() {
        // devices[3] to devices[8] of both manifests: each breaks one rule about values.
        let badValues = """
               {"transport": "ble"},
               {"transport": "console"},
               {"transport": "softap", "service_name": "h:99999", "password": "s3cr3t-PW", "password_env": "RACK_PWD"},
               {"transport": "softap", "service_name": "10.0.0.9", "sec_ver": 2, "username": "u"},
               {"transport": "softap", "service_name": "10.0.0.10", "pop_env": "NOT_SET"},
               {"transport": "softap", "service_name": "10.0.0.11", "qr": "DPP:C:81/1;K:abc;;"}
            """
        let found = problems("""
            {"wifi": {"ssid": "HomeNet", "passphrase": "secret123"}, "extra": 1,
             "devices": [
               {"transport": "softap", "service_name": "10.0.0.5:80", "sec_ver": 3},
               {"transport": "zigbee", "service_name": "a"},
               {"transport": "softap", "service_name": "10.0.0.5:80", "pasword": "x"},
               \(badValues),
               "nonsense",
               {"transport": "softap", "service_name": "10.0.0.12", "sec_ver": true}
             ]}
            """)
        XCTAssertEqual(found, [
            "unknown key \"extra\" (expected wifi and devices)",
            "devices[2]: unknown key \"pasword\"",
            "devices[9]: must be a JSON object",
            "devices[10]: \"sec_ver\" must be 0, 1 or 2",
        ], "shape problems come first, before values are checked")
        let values = problems("""
            {"wifi": {"ssid": "HomeNet", "passphrase": "secret123"},
             "devices": [
               {"transport": "softap", "service_name": "10.0.0.5:80", "sec_ver": 0},
               {"transport": "zigbee", "service_name": "a", "sec_ver": 3},
               {"transport": "softap", "service_name": "10.0.0.5:80", "name": "10.0.0.5:80"},
               \(badValues)
             ]}
            """)
        XCTAssertEqual(values, [
            "devices[1]: unknown transport 'zigbee' (softap, httpd or ble)",
            "devices[1]: sec_ver '3' must be 0, 1 or 2",
            "devices[3]: a BLE device needs service_name (its advertised name) or a qr payload",
            "devices[4]: transport console needs a person at the keyboard; it cannot be batched",
            "devices[5]: service_name 'h:99999': port must be a number from 1 to 65535",
            "devices[5]: give only one of password, password_env",
            "devices[6]: sec_ver 2 needs a username and a password",
            "devices[7]: pop_env: environment variable NOT_SET is not set",
            "devices[8]: qr: this is a Wi-Fi Easy Connect (DPP) URI, not an ESP-IDF provisioning payload; use `esp-prov dpp configure --ctrl SOCKET --uri URI`",
            "devices[2]: devices[0] is also named 10.0.0.5:80; each device must appear once",
            "devices[2]: devices[0] (10.0.0.5:80) is the same device as 10.0.0.5:80; each device must appear once",
        ])
        for problem in values { XCTAssertFalse(problem.contains("s3cr3t-PW"), problem) }
    }

    func testMissingWiFiAndEmptyOrBrokenManifests() {
        XCTAssertEqual(problems(#"{"devices": [{"transport": "softap"}]}"#), [
            "devices[0]: no Wi-Fi network: give ssid (or the shared wifi.ssid / --ssid)",
            "devices[0]: no Wi-Fi passphrase: give passphrase, passphrase_env or passphrase_file (or --passphrase)",
        ])
        XCTAssertEqual(problems(#"{"wifi": {"ssid": "x", "passphrase": "y"}, "devices": []}"#), ["the manifest lists no devices"])
        XCTAssertEqual(problems(#"{"wifi": {}}"#), ["\"devices\" must be an array of device objects"])
        XCTAssertEqual(problems("[1]"), ["not a JSON object ({\"wifi\": ..., \"devices\": [...]})"])
        XCTAssertEqual(problems("{\"devices\": [{\"transport\": \"softap\","), ["not a JSON object ({\"wifi\": ..., \"devices\": [...]})"])
    }

    func testWiFiCredentialsTheDeviceWouldRefuseAreProblemsBeforeAnyContact() {
        // A 33-byte SSID, a 64-hex PSK and a passphrase with a pasted tab: wifi_provisioning refuses the
        // first two only after the session is up, and stores the third as a password nobody can type.
        let psk = String(repeating: "ab", count: 32)
        let found = problems("""
            {"wifi": {"ssid": "HomeNet", "passphrase": "secret123"},
             "devices": [
               {"transport": "softap", "service_name": "10.0.0.5", "ssid": "\(String(repeating: "s", count: 33))"},
               {"transport": "softap", "service_name": "10.0.0.6", "passphrase": "\(psk)"},
               {"transport": "softap", "service_name": "10.0.0.7", "passphrase": "tab\\there-s3cr3t"},
               {"transport": "softap", "service_name": "10.0.0.8", "ssid": "\(String(repeating: "é", count: 16))"}
             ]}
            """)
        XCTAssertEqual(found, [
            "devices[0]: ssid: the SSID is 33 bytes: Wi-Fi network names (and the device) take at most 32",
            "devices[1]: passphrase: the passphrase is 64 bytes: the device takes at most 63 (a 64-hex-digit PSK cannot be provisioned: give the passphrase)",
            "devices[2]: passphrase: the passphrase contains a control character (tab, CR, ...): WPA passphrases are printable text",
        ], "16 two-byte characters are exactly 32 bytes: devices[3] is fine")
        for problem in found { XCTAssertFalse(problem.contains(psk) || problem.contains("s3cr3t"), problem) }
    }

    // MARK: CSV

    func testCSVManifestWithQuotingCommentsAndSharedWiFi() throws {
        let csv = "\u{FEFF}name,transport,service_name,sec_ver,pop,username,password,qr,ssid,passphrase\r\n"
            + "# rack 1\r\n"
            + "rack1-slot1,softap,10.0.0.5:80,2,,wifiprov,s3cr3t-PW,,,\r\n"
            + "\r\n"
            + "\"rack1, slot 2\",softap, 10.0.0.6 ,1,\"ab\"\"cd\nef\",,,,Other,\"multi, part\"\r\n"
            + "rack1-slot3,,,,,,,\"{\"\"ver\"\":\"\"v1\"\",\"\"name\"\":\"\"PROV_1\"\",\"\"transport\"\":\"\"ble\"\"}\",,\n"
        let devices = try parse(csv, .csv, wifi: .init(ssid: "HomeNet", passphrase: "secret123"))
        XCTAssertEqual(devices.map(\.name), ["rack1-slot1", "rack1, slot 2", "rack1-slot3"])
        XCTAssertEqual(devices.map(\.location), ["line 3", "line 5", "line 7"])
        XCTAssertEqual(devices[0].credentials.password, "s3cr3t-PW")
        XCTAssertEqual(devices[0].ssid, "HomeNet")
        XCTAssertEqual(devices[1].service, "10.0.0.6:80", "unquoted cells are trimmed")
        XCTAssertEqual(devices[1].credentials.proofOfPossession, "ab\"cd\nef", "a quoted cell may span lines")
        XCTAssertEqual(devices[1].ssid, "Other")
        XCTAssertEqual(devices[1].passphrase, "multi, part")
        XCTAssertEqual(devices[2].transport, .ble)
        XCTAssertEqual(devices[2].service, "PROV_1")
    }

    func testCSVColumnsMayBeASubsetInAnyOrder() throws {
        let devices = try parse("service_name,transport,password_env,username\n127.0.0.1:81,softap,RACK_PWD,wifiprov\n", .csv,
                                wifi: .init(ssid: "HomeNet", passphrase: "secret123"))
        XCTAssertEqual(devices[0].credentials.password, "s3cr3t-PW")
        XCTAssertEqual(devices[0].name, "127.0.0.1:81")
    }

    func testCSVProblemsNameTheirLine() {
        XCTAssertEqual(problems("name,transport,colour\n", .csv), ["line 1: unknown column \"colour\""])
        XCTAssertEqual(problems("name,name\n", .csv), ["line 1: column \"name\" appears twice"])
        XCTAssertEqual(problems("", .csv), ["the CSV manifest is empty (it needs a header row)"])
        XCTAssertEqual(problems("name,transport\na,softap\n\"b,softap\n", .csv), ["line 3: a quoted field is never closed"])
        XCTAssertEqual(problems("name,transport\n\"a\"x,softap\n", .csv), ["line 2: unexpected text after a closing quote"])
        XCTAssertEqual(
            problems("name,transport,service_name\na,softap\nb,softap,10.0.0.9,extra\nc,bluetooth,x\n", .csv,
                     wifi: .init(ssid: "s", passphrase: "p")),
            ["line 2: 2 cells, but the header has 3", "line 3: 4 cells, but the header has 3"])
        XCTAssertEqual(
            problems("name,transport,service_name\nc,bluetooth,x\nd,softap,\n", .csv, wifi: .init(ssid: "s")),
            ["line 2: unknown transport 'bluetooth' (softap, httpd or ble)",
             "line 2: no Wi-Fi passphrase: give passphrase, passphrase_env or passphrase_file (or --passphrase)",
             "line 3: no Wi-Fi passphrase: give passphrase, passphrase_env or passphrase_file (or --passphrase)"])
    }

    func testFormatDetection() {
        XCTAssertEqual(BatchManifest.format(path: "rack.JSON", contents: Data("name".utf8)), .json)
        XCTAssertEqual(BatchManifest.format(path: "rack.csv", contents: Data("{".utf8)), .csv)
        XCTAssertEqual(BatchManifest.format(path: "-", contents: Data("  \n{\"devices\": []}".utf8)), .json)
        XCTAssertEqual(BatchManifest.format(path: "-", contents: Data("name,transport".utf8)), .csv)
    }

    func testDescriptionsNeverShowSecrets() throws {
        let devices = try parse(
            #"{"wifi": {"ssid": "HomeNet", "passphrase": "secret123"}, "devices": [{"transport": "softap", "pop": "abcd1234"}]}"#)
        for text in ["\(devices[0])", String(reflecting: devices[0]), "\(devices)"] {
            XCTAssertFalse(text.contains("abcd1234") || text.contains("secret123"), text)
        }
    }
}
