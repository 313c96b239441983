import WpaCtrl

extension CommandFailure {
    /// The control-socket failures every daemon subcommand shares (`dpp`, `wps`): missing
    /// daemon, permissions, a build without the feature, silence. Nil for other errors.
    static func daemon(_ error: Error) -> CommandFailure? {
        switch error {
        case let failure as ControlSocketLocator.Failure:
            switch failure {
            case .ambiguous(let directory, let candidates):
                return CommandFailure(.usage, "\(directory) holds several control sockets (\(candidates.joined(separator: ", "))): pick one with --interface")
            case .permissionDenied: return CommandFailure(.daemonPermission, "\(failure)")
            case .notFound, .noSocketIn: return CommandFailure(.daemonUnreachable, "\(failure)")
            }
        case let failure as WpaCtrlError:
            switch failure {
            case .daemonUnreachable, .pathTooLong: return CommandFailure(.daemonUnreachable, "\(failure)")
            case .permissionDenied: return CommandFailure(.daemonPermission, "\(failure)")
            case .unknownCommand: return CommandFailure(.daemonUnsupported, "\(failure)")
            case .timedOut: return CommandFailure(.timeout, "the daemon did not answer: \(failure)")
            case .commandFailed, .unexpectedReply, .replyTooLarge: return CommandFailure(.protocolError, "\(failure)")
            case .system: return CommandFailure(.internalError, "\(failure)")
            }
        default:
            return nil
        }
    }
}
