import Foundation
import TestSupport
import XCTest

/// Issue 22 items 6, 8 and 10: secret files and manifests, by path or from stdin, are read with a
/// size and a time bound, refused when empty, and say why they cannot be read; a secret file others
/// may read is warned about; an esp-prov process cannot dump core.
final class SecretFileTests: EndToEndCase {
    /// Runs esp-prov with `stdin` as its standard input; kills it (and fails) after `timeout`.
    private func run(_ arguments: [String], stdin: FileHandle, environment: [String: String] = [:],
                     timeout: TimeInterval = 30) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = Binaries.url("esp-prov")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let errors = Pipe()
        process.standardInput = stdin
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            XCTFail("esp-prov \(arguments) still running after \(timeout) s")
        }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    /// A device that is never reached: every case here ends before (or at) the connection.
    private let base = ["--transport", "softap", "--service_name", "127.0.0.1:9", "--ssid", "HomeNet"]
    private var withPassphrase: [String] { base + ["--passphrase", "x"] }

    func testEndlessStdinIsRefusedBySize() throws {
        let zero = try XCTUnwrap(FileHandle(forReadingAtPath: "/dev/zero"))
        for flag in ["--pop_file", "--sec2_pwd_file"] {
            let result = try run(withPassphrase + [flag, "-"], stdin: zero)
            XCTAssertEqual(result.status, 2, result.stderr)
            XCTAssertTrue(result.stderr.contains("\(flag) -: cannot read the secret: larger than 64 KiB"), result.stderr)
        }
        let manifest = try run(["batch", "-"], stdin: zero)
        XCTAssertEqual(manifest.status, 2, manifest.stderr)
        XCTAssertTrue(manifest.stderr.contains("cannot read the manifest -: larger than 32 MiB"), manifest.stderr)
        let byPath = try run(withPassphrase + ["--pop_file", "/dev/zero"], stdin: FileHandle.nullDevice)
        XCTAssertEqual(byPath.status, 2, byPath.stderr)
        XCTAssertTrue(byPath.stderr.contains("larger than 64 KiB"), byPath.stderr)
    }

    /// `sleep 30 | esp-prov … --pop_file -`: a pipe that stays open without ending obeys ESP_PROV_ANSWER_TIMEOUT.
    func testSilentStdinHonoursTheAnswerTimeout() throws {
        let pipe = Pipe()
        defer { try? pipe.fileHandleForWriting.close() }
        let bound = ["ESP_PROV_ANSWER_TIMEOUT": "1"]
        for arguments in [base + ["--passphrase_file", "-"], withPassphrase + ["--pop_file", "-"], ["batch", "-"],
                          ["qr", "--name", "PROV_X", "--transport", "ble", "--pop_file", "-"]] {
            let result = try run(arguments, stdin: pipe.fileHandleForReading, environment: bound, timeout: 20)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("did not end within 1 s (ESP_PROV_ANSWER_TIMEOUT"), "\(arguments): \(result.stderr)")
        }
    }

    func testEmptyPassphraseFileIsRefusedAndAnEmptyVariableIsUnset() throws {
        for contents in ["", "\n", "\r\n"] {
            let result = try espProv(base + ["--passphrase_file", try file(contents)], expect: 2)
            XCTAssertTrue(result.stderr.contains("is empty: refusing an empty secret; an open network is --passphrase ''"),
                          result.output)
        }
        let device = try device(["--sec_ver", "0", "--network", "HomeNet:secret123"])
        let unset = try espProv(["--ssid", "HomeNet", "--no_prompt"], device: device, environment: ["ESP_PROV_PASSPHRASE": ""],
                                expect: 2)
        XCTAssertTrue(unset.stderr.contains("missing"), unset.output)
    }

    func testUnreadableSecretFilesSayWhy() throws {
        let directory = FileManager.default.temporaryDirectory.path
        let isDirectory = try espProv(withPassphrase + ["--pop_file", directory], expect: 2)
        XCTAssertTrue(isDirectory.stderr.contains("--pop_file \(directory): cannot read the secret: Is a directory"), isDirectory.output)
        let missing = try espProv(withPassphrase + ["--sec2_pwd_file", "/nonexistent/pwd"], expect: 2)
        XCTAssertTrue(missing.stderr.contains("cannot read the secret: No such file or directory"), missing.output)
        let denied = try Binaries.runAsNobody(withPassphrase + ["--pop_file", try file("abcd1234")])
        XCTAssertEqual(denied.status, 2, denied.output)
        XCTAssertTrue(denied.stderr.contains("cannot read the secret: Permission denied"), denied.output)
    }

    /// `--pop_file <(cmd)` is a pipe given by path: it is read, not refused.
    func testProcessSubstitutionIsRead() throws {
        let device = try device(["--sec_ver", "1", "--pop", "abcd1234", "--network", "HomeNet:secret123"])
        let command = "exec \"$0\" --transport softap --service_name \(device.serviceName) --ssid HomeNet "
            + "--passphrase_file <(printf secret123) --pop_file <(printf 'abcd1234\\n')"
        let result = try Binaries.run(
            executable: URL(fileURLWithPath: "/bin/bash"), ["-c", command, Binaries.url("esp-prov").path], timeout: 60)
        XCTAssertEqual(result.status, 0, result.output + device.stop())
    }

    func testSecretFileReadableByOthersIsWarnedAboutOnce() throws {
        let exposed = try file("abcd1234\n", mode: 0o644)
        let result = try espProv(withPassphrase + ["--pop_file", exposed, "--request_timeout", "2"], expect: 3)
        let warning = "warning: --pop_file \(exposed) is readable by others (mode 644): make it private with chmod 600"
        XCTAssertEqual(result.stderr.components(separatedBy: warning).count - 1, 1, result.output)
        let private_ = try espProv(withPassphrase + ["--pop_file", try file("abcd1234\n"), "--request_timeout", "2"], expect: 3)
        XCTAssertFalse(private_.stderr.contains("readable by others"), private_.output)
    }

    /// A running esp-prov (here waiting for its PoP on stdin, as the user `nobody`) has a core size
    /// limit of 0 and is not dumpable: its /proc files then belong to root, not to its user.
    func testCoreDumpsAreDisabled() throws {
        let pipe = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", Binaries.url("esp-prov").path] + withPassphrase
            + ["--pop_file", "-"]
        process.standardInput = pipe.fileHandleForReading
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            try? pipe.fileHandleForWriting.close()
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        let proc = "/proc/\(process.processIdentifier)"
        var limits = "", owner: uid_t = 65534
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            limits = (try? String(contentsOfFile: proc + "/limits", encoding: .utf8)) ?? ""
            var status = stat()
            owner = stat(proc + "/environ", &status) == 0 ? status.st_uid : 65534
            let comm = (try? String(contentsOfFile: proc + "/comm", encoding: .utf8)) ?? ""
            if comm.hasPrefix("esp-prov"), owner == 0, coreLimit(limits) == ["0", "0"] { break }
            usleep(20_000)
        }
        XCTAssertEqual(coreLimit(limits), ["0", "0"], "core dumps are allowed:\n\(limits)")
        XCTAssertEqual(owner, 0, "the process is still dumpable: \(proc)/environ belongs to uid \(owner)")
        XCTAssertTrue(process.isRunning, "esp-prov ended before it could be inspected")
    }

    /// The soft and hard limits of /proc/PID/limits' "Max core file size" row.
    private func coreLimit(_ limits: String) -> [String] {
        guard let row = limits.split(separator: "\n").first(where: { $0.hasPrefix("Max core file size") }) else { return [] }
        return Array(row.split(separator: " ").dropFirst(4).prefix(2).map(String.init))
    }
}
