import Foundation

/// Turns what a user passes as `--ctrl` (a socket, or a directory of sockets such as
/// /run/wpa_supplicant) plus an optional interface name into the one socket to use, with an
/// error that lists what was found when the choice is ambiguous.
public enum ControlSocketLocator {
    /// Why no socket could be chosen.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// Nothing at that path: the daemon is not running there.
        case notFound(String)
        /// A control directory without any socket.
        case noSocketIn(directory: String)
        /// Several sockets and no interface named: the user must pick one.
        case ambiguous(directory: String, candidates: [String])
        /// The directory or socket is not ours to read: run as root or join the group.
        case permissionDenied(String)

        /// Lists what was found, so the user can choose.
        public var description: String {
            switch self {
            case .notFound(let path):
                return "\(path) does not exist: is the daemon running, with ctrl_interface set to that directory?"
            case .noSocketIn(let directory):
                return "no control socket in \(directory): is the daemon running, with ctrl_interface=\(directory)?"
            case .ambiguous(let directory, let candidates):
                return "\(directory) holds several control sockets (\(candidates.joined(separator: ", "))): name the interface to use"
            case .permissionDenied(let path):
                return "permission denied reading \(path): run as root or join the daemon's ctrl_interface group"
            }
        }
    }

    /// `path` itself when it is not a directory; otherwise `path/interface`, or its only socket.
    public static func resolve(_ path: String, interface: String?) throws -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            // Inside a directory this user may not search (mode 0770, root:netdev), stat says EACCES.
            if errno == EACCES { throw Failure.permissionDenied(path) }
            throw Failure.notFound(path)
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return path }
        if let interface { return (path as NSString).appendingPathComponent(interface) }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            if access(path, R_OK) != 0 { throw Failure.permissionDenied(path) }
            throw Failure.notFound(path)
        }
        let sockets = names.sorted().filter { name in
            var info = stat()
            let full = (path as NSString).appendingPathComponent(name)
            return stat(full, &info) == 0 && (info.st_mode & S_IFMT) == S_IFSOCK
        }
        switch sockets.count {
        case 0: throw Failure.noSocketIn(directory: path)
        case 1: return (path as NSString).appendingPathComponent(sockets[0])
        default: throw Failure.ambiguous(directory: path, candidates: sockets)
        }
    }
}
