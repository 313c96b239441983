import Foundation

/// Where a `wps` subcommand reports: plain lines on stdout, or with `--json` one JSON object per
/// line (JSONLines) ending with `result`. The weak-security note goes to stderr once, so JSON
/// readers never see it mixed into their stream.
final class WPSOutput: @unchecked Sendable {
    private let lines: JSONLines?

    init(json: Bool) {
        lines = json ? JSONLines { text in FileHandle.standardOutput.write(Data(text.utf8)) } : nil
    }

    /// One progress step: `text` for people (nil: nothing to say), `event`/`fields` for `--json`.
    func event(_ event: String, _ fields: [String: Any] = [:], text: String?) {
        if let lines {
            lines.emit(event, fields)
        } else if let text {
            print(text)
        }
    }

    func weakSecurityNote() {
        FileHandle.standardError.write(Data((
            "note: WPS is weak security: a PIN can be brute-forced and an open push-button window lets any nearby "
                + "device join; prefer DPP or a passphrase where the device supports it.\n").utf8))
    }

    /// Ctrl-C or SIGTERM: closes the JSON stream, says what happened, exits 130.
    func interrupted(_ failure: CommandFailure) -> Never {
        lines?.result(failure)
        FileHandle.standardError.write(Data("error: \(failure)\n".utf8))
        exit(failure.status.rawValue)
    }

    /// Runs the command body; its summary becomes the last text line or the `result` object. A
    /// `CommandFailure` also closes the JSON stream with `result` before `EspProv.main` reports it.
    func finish(_ body: () async throws -> (text: String, fields: [String: Any])) async throws {
        do {
            let (text, fields) = try await body()
            if let lines { lines.result(nil, fields) } else { print(text) }
        } catch let failure as CommandFailure {
            lines?.result(failure)
            throw failure
        }
    }
}
