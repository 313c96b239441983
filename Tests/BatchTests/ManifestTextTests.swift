import Foundation
import ProvBatch
import XCTest

/// A manifest is untrusted text: what it says reaches the terminal only escaped, and a device is
/// recognised by the address it resolves to, not by how it is spelled.
final class ManifestTextTests: XCTestCase {
    private let secrets = ManifestSecrets(environment: [:], baseDirectory: URL(fileURLWithPath: "/nonexistent"))

    private func problems(_ text: String, _ format: BatchManifest.Format) -> [String] {
        do {
            _ = try BatchManifest(parsing: Data(text.utf8), format: format, wifi: .init(ssid: "Lab", passphrase: "secret123"),
                                  secrets: secrets)
            XCTFail("expected a manifest error")
            return []
        } catch let error as ManifestError {
            return error.problems.map(\.description) + ["\(error)"]
        } catch {
            XCTFail("unexpected \(error)")
            return []
        }
    }

    private func assertNoControlCharacters(_ texts: [String], file: StaticString = #filePath, line: UInt = #line) {
        for text in texts where text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) {
            XCTFail("raw control characters reach the terminal: \(text.debugDescription)", file: file, line: line)
        }
    }

    func testUnknownKeysAndColumnsAndValuesAreEscaped() {
        let escape = "\u{1b}]0;owned\u{07}\u{1b}[2J"
        let json = #"{"devices": [{"name": "a", "service_name": "10.0.0.1:80", "\u001b[2Jkey": 1}], "\u009bx": 2}"#
        let fromJSON = problems(json, .json)
        assertNoControlCharacters(fromJSON)
        XCTAssertTrue(fromJSON.contains { $0.contains(#"unknown key "\x1b[2Jkey""#) }, "\(fromJSON)")
        XCTAssertTrue(fromJSON.contains { $0.contains(#"unknown key "\x9bx""#) }, "\(fromJSON)")

        let transport = #"{"devices": [{"name": "a", "service_name": "10.0.0.1:80", "transport": "zig\u001b[31mbee"}]}"#
        let fromTransport = problems(transport, .json)
        assertNoControlCharacters(fromTransport)
        XCTAssertTrue(fromTransport.contains { $0.contains(#"unknown transport 'zig\x1b[31mbee'"#) }, "\(fromTransport)")

        let csv = "name,transport,service_name,col\(escape)\nrow,softap,\"10.0.0.1:80\",1\n"
        let fromCSV = problems(csv, .csv)
        assertNoControlCharacters(fromCSV)
        XCTAssertTrue(fromCSV.contains { $0.contains(#"unknown column "col\x1b]0;owned\x07\x1b[2j""#) }, "\(fromCSV)")

        let file = #"{"devices": [{"name": "b", "service_name": "10.0.0.2:80", "transport": "softap", "pop_file": "pop\nline 9: forged"}]}"#
        let fromPath = problems(file, .json)
        assertNoControlCharacters(fromPath)
        XCTAssertTrue(fromPath.contains { $0.contains(#"pop\x0aline 9: forged"#) }, "\(fromPath)")

        let ssid = #"{"devices": [{"name": "c", "service_name": "10.0.0.3:80", "transport": "softap", "ssid": "\u001b[8m", "sec_ver": 7}]}"#
        assertNoControlCharacters(problems(ssid, .json))
    }

    func testOneBoardSpelledThreeWaysIsADuplicate() {
        for (first, second) in [("localhost:8123", "127.1:8123"), ("127.0.0.1:8123", "[::ffff:127.0.0.1]:8123"),
                                ("LOCALHOST:8123", "127.000.000.001:8123"), ("[::ffff:7f00:1]:8123", "localhost:8123")] {
            let json = """
                {"devices": [{"name": "one", "transport": "softap", "service_name": "\(first)"},
                             {"name": "two", "transport": "httpd", "service_name": "\(second)"}]}
                """
            let found = problems(json, .json)
            XCTAssertTrue(found.contains { $0.hasPrefix("devices[1]: devices[0]") && $0.contains("is the same device as") },
                          "\(first) and \(second): \(found)")
        }
    }

    func testDifferentPortsAreDifferentBoards() throws {
        let json = """
            {"devices": [{"name": "one", "transport": "softap", "service_name": "localhost:8123"},
                         {"name": "two", "transport": "softap", "service_name": "127.0.0.1:8124"}]}
            """
        let devices = try BatchManifest(parsing: Data(json.utf8), format: .json, wifi: .init(ssid: "Lab", passphrase: "secret123"),
                                        secrets: secrets).devices
        XCTAssertEqual(devices.count, 2)
    }
}
