import Foundation
import Glibc
import WpaCtrl

/// Looks for the wpa_supplicant and hostapd control sockets DPP and WPS go through, and asks
/// each daemon whether its build has the method, without starting anything: a socket this user
/// may not open is named with the group to join, a stale one with the daemon to start.
struct ControlSocketProbe {
    /// Where the daemons' sockets are looked for (Debian: `ctrl_interface=/run/...`).
    var directories: [String]
    /// Where the client binds its own socket (`ESP_PROV_WPA_CTRL_DIR`, like `esp-prov dpp`).
    var clientDirectory: String
    static let timeout: Duration = .seconds(3)

    func checks(for area: DoctorArea) -> [DoctorCheck] {
        var checks: [DoctorCheck] = []
        var found = 0
        for directory in directories {
            let (sockets, problem) = Self.sockets(in: directory, area: area)
            found += sockets.count
            checks += problem.map { [$0] } ?? sockets.map { probe($0, for: area) }
        }
        if found == 0 && !checks.contains(where: { $0.outcome == .fail }) {
            checks.append(.fail(
                area, "ctrl_socket", "no wpa_supplicant or hostapd control socket in \(directories.joined(separator: " or "))",
                fix: "start wpa_supplicant (or hostapd) with `ctrl_interface=\(directories.first ?? "/run/wpa_supplicant")`"))
        }
        return checks
    }

    /// The sockets of `directory`, or the line that says why there are none to try.
    private static func sockets(in directory: String, area: DoctorArea) -> ([String], DoctorCheck?) {
        var info = stat()
        guard stat(directory, &info) == 0 else {
            if errno == EACCES { return ([], permissionCheck(directory, area: area)) }
            return ([], .skipped(area, "ctrl_socket", "\(directory) does not exist (that daemon is not running)"))
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            return ([], permissionCheck(directory, area: area))
        }
        let sockets = names.sorted().map { (directory as NSString).appendingPathComponent($0) }.filter { path in
            var entry = stat()
            return stat(path, &entry) == 0 && (entry.st_mode & S_IFMT) == S_IFSOCK
        }
        return (sockets, sockets.isEmpty ? .skipped(area, "ctrl_socket", "no control socket in \(directory)") : nil)
    }

    private static func permissionCheck(_ path: String, area: DoctorArea) -> DoctorCheck {
        .fail(area, "ctrl_socket", "this user may not use \(path) (EACCES)", fix: joinFix(path))
    }

    /// "join group 'netdev'" when the file's group is one a user can join; else "run as root".
    static func joinFix(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0, info.st_gid != 0, let group = getgrgid(info.st_gid) else {
            return "run as root: \(path) belongs to root only (or set `ctrl_interface_group` to a group you are in)"
        }
        let name = String(cString: group.pointee.gr_name)
        return "join the group '\(name)' that owns \(path) (`sudo usermod -aG \(name) $USER`, then log in again) or run as root"
    }

    private func probe(_ socket: String, for area: DoctorArea) -> DoctorCheck {
        let client: WpaCtrlClient
        do {
            client = try WpaCtrlClient(endpoint: ControlEndpoint(socketPath: socket), clientDirectory: clientDirectory)
        } catch WpaCtrlError.permissionDenied {
            return Self.permissionCheck(socket, area: area)
        } catch WpaCtrlError.daemonUnreachable(_, let code) {
            return .fail(area, "ctrl_socket", "nothing answers on \(socket) (\(SystemError.name(code))): a stale socket",
                         fix: "start the daemon for that interface again, or remove the stale socket")
        } catch {
            return .fail(area, "ctrl_socket", "cannot open \(socket): \(error)", fix: "check the daemon's ctrl_interface setting")
        }
        defer { client.close() }
        do {
            let kind = try client.daemonKind(timeout: Self.timeout)
            let label = "\(kind.rawValue) on \(socket)"
            switch area {
            case .dpp:
                // DPP_BOOTSTRAP_INFO of an id that does not exist: FAIL with DPP, UNKNOWN COMMAND without.
                guard try has("DPP_BOOTSTRAP_INFO 0", client) else {
                    return .fail(area, "method", "\(label) was built without DPP", fix: "install a build with CONFIG_DPP (Debian's wpasupplicant/hostapd 2.10 have it)")
                }
                let version = kind == .wpaSupplicant
                    ? (try? client.command("GET_CAPABILITY dpp", timeout: Self.timeout)).flatMap { $0.hasPrefix("DPP=") ? " (version \($0.dropFirst(4)))" : nil } ?? ""
                    : ""
                return .pass(area, "method", "\(label) has DPP\(version)")
            case .wps:
                // WPS_CHECK_PIN only validates a PIN's checksum: it starts nothing.
                guard try has("WPS_CHECK_PIN 12345670", client) else {
                    return .fail(area, "method", "\(label) was built without WPS", fix: "install a build with CONFIG_WPS (Debian's has it)")
                }
                return .pass(area, "method", "\(label) has WPS")
            case .ble, .softap:
                return .skipped(area, "ctrl_socket", "\(socket) is not used by \(area.title)")
            }
        } catch {
            return .fail(area, "ctrl_socket", "\(socket) did not answer properly: \(error)", fix: "restart the daemon and see its log")
        }
    }

    /// Whether the daemon knows `command`: any answer but `UNKNOWN COMMAND` (FAIL included) means yes.
    private func has(_ command: String, _ client: WpaCtrlClient) throws -> Bool {
        do {
            _ = try client.command(command, timeout: Self.timeout)
            return true
        } catch WpaCtrlError.unknownCommand {
            return false
        } catch WpaCtrlError.commandFailed {
            return true
        }
    }
}
