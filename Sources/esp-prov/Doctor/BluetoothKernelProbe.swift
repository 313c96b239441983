import CBluetooth
import Foundation
import Glibc

/// Asks the kernel itself whether Bluetooth exists here, before anything asks bluetoothd:
/// without `AF_BLUETOOTH` sockets (no `CONFIG_BT`, or a container that hides them) no adapter
/// and no bluetoothd can ever work, and the user needs to hear that rather than "no adapter".
enum BluetoothKernelProbe {
    /// Opens (and closes) a raw HCI socket.
    static func check() -> DoctorCheck {
        let descriptor = socket(AF_BLUETOOTH, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), BTPROTO_HCI)
        if descriptor >= 0 {
            close(descriptor)
            return .pass(.ble, "kernel", "the kernel has Bluetooth support (AF_BLUETOOTH sockets open)")
        }
        return failure(errno: errno)
    }

    /// What a failed `socket(AF_BLUETOOTH)` means, by its errno.
    static func failure(errno code: Int32) -> DoctorCheck {
        let cause = "socket(AF_BLUETOOTH): \(SystemError.name(code))"
        switch code {
        case EAFNOSUPPORT:
            return .fail(
                .ble, "kernel", "the kernel has no Bluetooth support (\(cause))",
                fix: "load the Bluetooth modules (`sudo modprobe bluetooth btusb`) or use a kernel built with CONFIG_BT; "
                    + "in a container or VM, pass the host's Bluetooth through; or use --transport softap or console")
        case EACCES, EPERM:
            return .fail(
                .ble, "kernel", "Bluetooth sockets are forbidden to this process (\(cause))",
                fix: "a sandbox or security policy blocks AF_BLUETOOTH: run outside it, or use --transport softap")
        default:
            return .fail(
                .ble, "kernel", "Bluetooth sockets do not open (\(cause))",
                fix: "check `dmesg | grep -i bluetooth`; or use --transport softap or console")
        }
    }
}
