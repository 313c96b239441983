#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ProvConsoleTransport

/// Who answers esp-prov's prompts in this run, decided once before anything is asked: a person at
/// the terminal, the lines of a piped stdin (esp_prov reads those too), or nobody.
enum AnswerSource: Sendable {
    case terminal
    case pipe(StdinAnswers)
    /// Nothing may be asked; the text says why (it follows "missing --flag" in the error).
    case nobody(String)

    static let noPromptVariable = "ESP_PROV_NO_PROMPT"

    /// `stdinSecretFlag`: a secret file flag given as `-`; stdin then holds that secret, not answers.
    static func decide(noPrompt: Bool, stdinSecretFlag: String?, environment: [String: String]) throws -> AnswerSource {
        let variable = environment[noPromptVariable] ?? ""
        if noPrompt || !(variable.isEmpty || variable == "0") {
            return .nobody("--no_prompt or \(noPromptVariable): nothing is asked")
        }
        if let stdinSecretFlag { return .nobody("stdin holds \(stdinSecretFlag) -, so no prompt reads it") }
        if isatty(STDIN_FILENO) == 1 { return .terminal }
        return .pipe(StdinAnswers(bound: try StdinAnswers.bound(environment: environment)))
    }
}

extension Terminal {
    /// The console transports read the device's replies from the same stdin as the prompts, so with a
    /// pipe both take their lines from one reader, in order (stdio's own buffer would swallow answers).
    var consoleIO: ConsoleTransport.IO {
        guard case .pipe(let pipe) = answers else { return .standard }
        return ConsoleTransport.IO(write: ConsoleTransport.IO.standard.write, readLine: {
            if case .line(let line) = pipe.readLine() { return line }
            return nil
        })
    }
}
