#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ProvClient

/// The user's terminal: prompts, hidden input, and who (if anyone) answers them.
struct Terminal: Sendable {
    /// Prompts go to stderr when stdout carries machine-readable output.
    let promptsToStderr: Bool
    var answers: AnswerSource = .terminal

    /// A person at a terminal: esp-prov's own extra questions (rescan BLE? console mode?) are only
    /// put to one, never to a pipe whose lines answer esp_prov's prompts.
    var isInteractive: Bool {
        guard case .terminal = answers else { return false }
        return isatty(STDIN_FILENO) == 1
    }

    /// esp_prov's prompts can be answered (terminal or pipe).
    var canAsk: Bool {
        if case .nobody = answers { return false }
        return true
    }

    /// An answer can still come: false for a pipe that already ended, so the run fails before contact.
    var mayAnswer: Bool {
        switch answers {
        case .terminal: return true
        case .pipe(let pipe): return !pipe.isExhausted
        case .nobody: return false
        }
    }

    /// The usage error for a prompt nobody may answer, naming the flag that would have answered it.
    func refusal(flag: String) -> ProvError {
        switch answers {
        case .nobody(let reason): return .usage("missing \(flag) (\(reason))")
        case .pipe: return .usage("missing \(flag) (stdin is not a terminal and has no more answers)")
        case .terminal: return .usage("missing \(flag) (no terminal to ask on)")
        }
    }

    /// Reads one line after `prompt`; EOF is a usage error naming `flag` rather than a hang or a crash.
    func ask(_ prompt: String, flag: String) throws -> String {
        try answer(prompt, flag: flag, hidden: false)
    }

    /// Reads one line with echo off, so the secret never shows on screen or in a captured session.
    func askHidden(_ prompt: String, flag: String) throws -> String {
        try answer(prompt, flag: flag, hidden: true)
    }

    private func answer(_ prompt: String, flag: String, hidden: Bool) throws -> String {
        let question = prompt.trimmingCharacters(in: .whitespaces)
        switch answers {
        case .nobody:
            throw refusal(flag: flag)
        case .pipe(let pipe):
            write(prompt)
            let answer = pipe.readLine()
            // The answer is never echoed; the newline keeps each prompt on its own line in a log.
            write("\n")
            switch answer {
            case .line(let line): return line
            case .endOfInput: throw ProvError.usage("missing \(flag): stdin ended before an answer to '\(question)'")
            case .timedOut:
                throw ProvError.usage("missing \(flag): no answer to '\(question)' on stdin within "
                    + "\(String(format: "%g", pipe.bound.seconds)) s (\(StdinAnswers.boundVariable) sets the bound)")
            case .tooLong:
                throw ProvError.usage("missing \(flag): stdin sent over \(StdinAnswers.maximumLineBytes / 1024) KiB "
                    + "without a line ending instead of an answer to '\(question)'")
            }
        case .terminal:
            let line: String?
            if hidden {
                line = readHidden(after: prompt)
            } else {
                write(prompt)
                line = readLine(strippingNewline: true)
            }
            guard let line else {
                throw ProvError.usage("missing \(flag): no answer to '\(question)' (end of input)")
            }
            return line
        }
    }

    /// Echo goes off before `prompt` is shown: an answer typed or pasted the instant the prompt
    /// appears would otherwise be echoed by the terminal.
    private func readHidden(after prompt: String) -> String? {
        var saved = termios()
        let canHide = tcgetattr(STDIN_FILENO, &saved) == 0
        if canHide {
            var hidden = saved
            hidden.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &hidden)
        }
        write(prompt)
        defer {
            if canHide {
                tcsetattr(STDIN_FILENO, TCSANOW, &saved)
                write("\n")
            }
        }
        return readLine(strippingNewline: true)
    }

    /// `fflush(nil)` first: what `print` still buffers for stdout comes out before the prompt, as it did
    /// when prompts went through stdio (whose `stdout`/`stderr` globals Swift 6 refuses as shared state).
    func write(_ text: String) {
        fflush(nil)
        (promptsToStderr ? StandardStream.error : StandardStream.output).write(text)
    }
}

import Foundation
