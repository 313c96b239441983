import Foundation
import ProvSupport

/// Whether stdout's terminal understands escape codes (the spinner's carriage-return redraw, colours).
/// `TERM=dumb` (Emacs shells, some CI runners with a pty), no `TERM`, or a `TERM` without a terminfo
/// entry get plain lines: there the escapes would show up as garbage.
enum TerminalCapabilities {
    static func understandsEscapes(environment: [String: String], exists: (String) -> Bool = FileManager.default.fileExists) -> Bool {
        guard let term = environment["TERM"], let initial = term.first, term != "dumb", !term.contains("/") else { return false }
        var directories = [environment["TERMINFO"], environment["HOME"].map { $0 + "/.terminfo" }].compactMap { $0 }
        directories += (environment["TERMINFO_DIRS"] ?? "").split(separator: ":").map(String.init)
        directories += ["/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo", "/usr/lib/terminfo", "/usr/share/lib/terminfo"]
        // ncurses files entries under their first letter, or (macOS, some builds) its hex code.
        let buckets = [String(initial), hexString([initial.asciiValue ?? 0])]
        return directories.contains { directory in buckets.contains { exists("\(directory)/\($0)/\(term)") } }
    }
}
