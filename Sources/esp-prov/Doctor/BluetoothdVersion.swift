import Foundation
import ProvSupport

/// bluetoothd tells its version only on its command line (`bluetoothd --version` → `5.66`), not on
/// D-Bus; doctor runs the very executable that owns `org.bluez`, bounded by a deadline.
enum BluetoothdVersion {
    static func read(executable: String, deadline: Duration = .seconds(2)) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--version"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        if BlockingCall.run(within: deadline, { process.waitUntilExit() }) == nil {
            kill(process.processIdentifier, SIGKILL)
            return nil
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile().prefix(64), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        // A version is digits and dots; anything else is not what we asked for.
        guard !text.isEmpty, text.allSatisfy({ $0.isNumber || $0 == "." }) else { return nil }
        return text
    }
}
