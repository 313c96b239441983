#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The width swift-argument-parser wraps help and usage text to, decided the way it decides it
/// (`Platform.terminalWidth`): `COLUMNS` if it is a number, else the terminal on stdout, else 80.
/// The checked-in screens of `RenderedHelp` are valid only at `RenderedHelp.columns`; at any other
/// width the parser renders them, so what a user sees does not depend on which path answered.
enum HelpColumns {
    static var current: Int {
        if let value = getenv("COLUMNS"), let columns = Int(String(cString: value)) { return columns }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}
