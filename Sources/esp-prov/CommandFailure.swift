/// A subcommand's failure as the CLI reports it: what happened and what to do (`message`), and
/// which documented exit status it ends with. Libraries throw their own typed errors; each
/// subcommand maps them to this, so no library knows about flags or exit codes.
struct CommandFailure: Error, CustomStringConvertible, Sendable {
    var status: ExitStatus
    var message: String

    init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    var description: String { message }
}
