#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ProvClient

/// The user's terminal: prompts, hidden input, and whether there is anyone to ask at all.
struct Terminal: Sendable {
    /// Prompts go to stderr when stdout carries machine-readable output.
    let promptsToStderr: Bool

    var isInteractive: Bool { isatty(STDIN_FILENO) == 1 }

    /// Reads one line after `prompt`; EOF is a usage error rather than a hang or a crash.
    func ask(_ prompt: String) throws -> String {
        write(prompt)
        guard let line = readLine(strippingNewline: true) else {
            throw ProvError.usage("no answer to '\(prompt.trimmingCharacters(in: .whitespaces))' (end of input)")
        }
        return line
    }

    /// Reads one line with echo off, so the secret never shows on screen or in a captured session.
    func askHidden(_ prompt: String) throws -> String {
        write(prompt)
        var saved = termios()
        let canHide = tcgetattr(STDIN_FILENO, &saved) == 0
        if canHide {
            var hidden = saved
            hidden.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &hidden)
        }
        defer {
            if canHide {
                tcsetattr(STDIN_FILENO, TCSANOW, &saved)
                write("\n")
            }
        }
        guard let line = readLine(strippingNewline: true) else {
            throw ProvError.usage("no answer to '\(prompt.trimmingCharacters(in: .whitespaces))' (end of input)")
        }
        return line
    }

    func write(_ text: String) {
        let stream = promptsToStderr ? stderr : stdout
        fputs(text, stream)
        fflush(stream)
    }
}

import Foundation
