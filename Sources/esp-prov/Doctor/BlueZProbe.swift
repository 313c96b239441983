import DBus
import Foundation

/// Asks the system bus what a BLE run would meet: is bluetoothd there (and which version), which
/// adapters it has and whether they are powered, and whether this user may call it at all. Each
/// answer is the first thing a BLE failure would otherwise hide behind one error line.
struct BlueZProbe: Sendable {
    static let service = "org.bluez"
    static let adapterInterface = "org.bluez.Adapter1"
    static let deviceInterface = "org.bluez.Device1"
    /// Every bus call is answered in milliseconds by a healthy daemon; a hung one must not hang doctor.
    static let callTimeout: Duration = .seconds(3)

    var environment: [String: String]

    func checks() async -> [DoctorCheck] {
        let address = environment["DBUS_SYSTEM_BUS_ADDRESS"].flatMap { $0.isEmpty ? nil : $0 }
            ?? DBusConnection.defaultSystemBusAddress
        let bus: DBusConnection
        do {
            bus = try await DBusConnection.system(environment: environment)
        } catch {
            return [
                .fail(.ble, "system_bus", "cannot reach the D-Bus system bus at \(address) (\(error))",
                      fix: "start D-Bus (`sudo systemctl start dbus`); BlueZ is only reachable through it"),
                .skipped(.ble, "bluetoothd", "not checked (no system bus)"),
            ]
        }
        defer { bus.close() }

        guard let owner = await daemonCheck(bus) else {
            return [.fail(.ble, "bluetoothd", "bluetoothd is not running: nobody owns org.bluez on the system bus",
                          fix: "`sudo apt install bluez && sudo systemctl start bluetooth`; without kernel Bluetooth support it exits at once")]
        }
        var checks = [owner]
        do {
            let objects = try await bus.managedObjects(destination: Self.service, timeout: Self.callTimeout)
            let adapters = objects.filter { $0.value[Self.adapterInterface] != nil }.keys.sorted()
            if adapters.isEmpty {
                checks.append(.fail(.ble, "powered", "bluetoothd has no adapter",
                                    fix: "plug in a Bluetooth adapter, or check `rfkill list` and `dmesg | grep -i bluetooth`"))
            }
            for path in adapters {
                let name = path.split(separator: "/").last.map(String.init) ?? path
                let powered = (try? objects[path]?[Self.adapterInterface]?["Powered"]?.bool()) ?? false
                checks.append(powered
                    ? .pass(.ble, "powered", "\(name) is powered (bluetoothd)")
                    : .fail(.ble, "powered", "\(name) is powered off", fix: "`bluetoothctl power on` (add `select \(name)` first when there are several)"))
            }
            checks.append(await permissionCheck(bus, adapter: adapters.first ?? "/org/bluez/hci0"))
        } catch {
            checks.append(callFailure(error, doing: "listing BlueZ's objects (GetManagedObjects)"))
        }
        return checks
    }

    /// Who owns `org.bluez`, as a passing check naming bluetoothd's version; nil when nobody does.
    private func daemonCheck(_ bus: DBusConnection) async -> DoctorCheck? {
        guard (try? await bus.nameOwner(of: Self.service, timeout: Self.callTimeout)) != nil else { return nil }
        let pid = try? await bus.call(
            destination: "org.freedesktop.DBus", path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus",
            member: "GetConnectionUnixProcessID", arguments: [.string(Self.service)], timeout: Self.callTimeout
        ).argument(0).uint32()
        guard let pid else { return .pass(.ble, "bluetoothd", "org.bluez is owned on the system bus (process unknown)") }
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe")) ?? "?"
        guard (executable as NSString).lastPathComponent == "bluetoothd",
              let version = BluetoothdVersion.read(executable: executable) else {
            return .pass(.ble, "bluetoothd", "org.bluez is owned by pid \(pid) (\(executable)); its version is unknown")
        }
        return .pass(.ble, "bluetoothd", "bluetoothd \(version) is running (pid \(pid))")
    }

    /// Calls `Device1.Connect` on a device path that cannot exist: the bus daemon checks its
    /// policy before delivering, so AccessDenied means this user may not connect to devices,
    /// while bluetoothd's own "no such object" means the call was allowed. Nothing is connected.
    private func permissionCheck(_ bus: DBusConnection, adapter: String) async -> DoctorCheck {
        do {
            _ = try await bus.call(
                destination: Self.service, path: adapter + "/dev_00_00_00_00_00_00", interface: Self.deviceInterface,
                member: "Connect", timeout: Self.callTimeout)
        } catch let failure as DBusFailure where failure.name == DBusErrorName.accessDenied {
            return callFailure(failure, doing: "Device1.Connect")
        } catch let failure as DBusFailure where failure.name != nil && failure.name != DBusErrorName.noReply {
            // bluetoothd answered (UnknownObject, DoesNotExist, …): the policy let the call through.
        } catch {
            return callFailure(error, doing: "Device1.Connect")
        }
        return .pass(.ble, "permission", "this user may call BlueZ (Device1.Connect is allowed)")
    }

    private func callFailure(_ error: Error, doing: String) -> DoctorCheck {
        if let failure = error as? DBusFailure, failure.name == DBusErrorName.accessDenied {
            return .fail(
                .ble, "permission", "this user may not call BlueZ: the D-Bus policy denies \(doing)",
                fix: "join the 'bluetooth' group (`sudo usermod -aG bluetooth $USER`, then log in again) or run as root")
        }
        return .fail(.ble, "permission", "bluetoothd did not answer \(doing) (\(error))",
                     fix: "restart it (`sudo systemctl restart bluetooth`) and see `journalctl -u bluetooth`")
    }
}
