import Foundation

/// Text as man(7) source: groff must print it literally, whatever characters the help text uses.
enum Roff {
    /// Escapes backslashes, and hyphens (so `--flag` is copy-pasteable), and protects a leading
    /// `.` or `'` that groff would take for a request.
    static func escape(_ text: String) -> String {
        var escaped = text.replacingOccurrences(of: "\\", with: "\\e").replacingOccurrences(of: "-", with: "\\-")
        escaped = asciiOnly(escaped)
        if escaped.hasPrefix(".") || escaped.hasPrefix("'") { escaped = "\\&" + escaped }
        return escaped
    }

    /// Non-ASCII characters (`…`, `→`, `✓`) as groff's `\[uXXXX]`, so the page needs no input
    /// encoding (groff without preconv warns about every such byte).
    static func asciiOnly(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                result.unicodeScalars.append(scalar)
            } else {
                result += "\\[u" + String(format: "%04X", scalar.value) + "]"
            }
        }
        return result
    }

    /// Paragraphs of free text (blank lines separate them), each line escaped.
    static func paragraphs(_ text: String) -> [String] {
        text.components(separatedBy: "\n\n").flatMap { paragraph -> [String] in
            let lines = paragraph.split(separator: "\n", omittingEmptySubsequences: true).map { escape(String($0)) }
            return lines.isEmpty ? [] : [".PP"] + lines
        }
    }

    /// Markdown inline code and emphasis as roff fonts: `x` → bold, *x* → italic.
    static func inline(_ markdown: String) -> String {
        var result = ""
        var bold = false
        for character in escape(markdown.replacingOccurrences(of: "\\|", with: "|")) {
            if character == "`" {
                result += bold ? "\\fR" : "\\fB"
                bold.toggle()
            } else {
                result.append(character)
            }
        }
        return result + (bold ? "\\fR" : "")
    }
}
