/// Thrown from a test's set-up when what it needs is missing here (a daemon, a namespace): the test
/// fails and says why. Never a skip: CI must run every test, and a skipped one would pass unseen.
public struct CannotRun: Error, CustomStringConvertible {
    public let description: String

    public init(_ why: String) {
        description = "this test cannot run here: \(why)"
    }
}
