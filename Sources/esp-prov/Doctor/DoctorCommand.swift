import ArgumentParser
import Foundation

/// `esp-prov doctor`: answers "why doesn't BLE (or SoftAP, DPP, WPS) work on this machine?" with
/// one line per fact and the fix, before a provisioning run fails with a single error line.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check this machine for each transport and method: one line per check, with the fix.",
        discussion: "Exits 0 when everything asked about works; otherwise with the code of the first area that failed, "
            + "in the order \(DoctorArea.allCases.map(\.rawValue).joined(separator: ", ")).")

    @Option(name: [.customLong("transport")], parsing: .singleValue,
            help: "Only check this area (repeatable; default: all).",
            completion: .list(DoctorArea.allCases.map(\.rawValue)))
    var transports: [DoctorArea] = []

    @Option(name: [.customLong("wpa_supplicant_ctrl"), .customLong("wpa-supplicant-ctrl")],
            help: "wpa_supplicant's ctrl_interface directory, for dpp/wps/softap.", completion: .directory)
    var wpaSupplicantDirectory = "/run/wpa_supplicant"

    @Option(name: [.customLong("hostapd_ctrl"), .customLong("hostapd-ctrl")],
            help: "hostapd's ctrl_interface directory, for dpp/wps.", completion: .directory)
    var hostapdDirectory = "/run/hostapd"

    @Flag(name: [.customLong("json")], help: "Print one JSON object per check, then a result, instead of text.")
    var json = false

    func run() async throws {
        let areas = transports.isEmpty ? DoctorArea.allCases : DoctorArea.allCases.filter(transports.contains)
        var checks: [DoctorCheck] = []
        for area in areas {
            checks += await check(area, environment: ProcessInfo.processInfo.environment)
        }
        let report = DoctorReport(areas: areas, checks: checks)
        if json {
            let lines = JSONLines { StandardStream.output.write($0) }
            report.emit(to: lines)
        } else {
            print(report.text, terminator: "")
        }
        if let failure = report.failure { throw failure }
    }

    func check(_ area: DoctorArea, environment: [String: String]) async -> [DoctorCheck] {
        let clientDirectory = WpaCtrlClientDirectory.path(in: environment)
        switch area {
        case .ble:
            let kernel = BluetoothKernelProbe.check()
            var checks = [kernel]
            if kernel.outcome == .pass {
                let adapters = HCIAdapterList.read()
                checks += adapters.isEmpty ? [HCIAdapter.noneCheck] : adapters.map(\.check)
            } else {
                checks.append(.skipped(.ble, "adapter", "adapters not listed (no Bluetooth in the kernel)"))
            }
            return checks + (await BlueZProbe(environment: environment).checks())
        case .softap:
            let (route, interface) = SoftAPRouteProbe.check()
            guard let interface else { return [route] }
            return [route, ConnectedSSIDProbe.check(interface: interface, directory: wpaSupplicantDirectory, clientDirectory: clientDirectory)]
        case .dpp, .wps:
            let probe = ControlSocketProbe(directories: [wpaSupplicantDirectory, hostapdDirectory], clientDirectory: clientDirectory)
            return probe.checks(for: area)
        }
    }
}
