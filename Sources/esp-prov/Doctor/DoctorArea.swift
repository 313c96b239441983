import ArgumentParser

/// What `esp-prov doctor --transport X` can be asked about: each way esp-prov reaches a device,
/// with the exit status that says "this one cannot work here".
enum DoctorArea: String, CaseIterable, ExpressibleByArgument, Sendable {
    case ble
    case softap
    case dpp
    case wps

    /// Heading of the area's lines in the text report.
    var title: String {
        switch self {
        case .ble: return "Bluetooth LE"
        case .softap: return "SoftAP"
        case .dpp: return "DPP"
        case .wps: return "WPS"
        }
    }

    /// The exit status when one of the area's checks fails.
    var failureStatus: ExitStatus {
        switch self {
        case .ble: return .doctorBluetooth
        case .softap: return .doctorSoftAP
        case .dpp, .wps: return .doctorDaemon
        }
    }
}
