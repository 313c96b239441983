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

    @Flag(name: [.customLong("json")], help: "Print one JSON object per check, then a result, instead of text.")
    var json = false

    func run() async throws {
        let areas = transports.isEmpty ? DoctorArea.allCases : DoctorArea.allCases.filter(transports.contains)
        var checks: [DoctorCheck] = []
        for area in areas {
            checks += await Self.checks(for: area, environment: ProcessInfo.processInfo.environment)
        }
        let report = DoctorReport(areas: areas, checks: checks)
        if json {
            let lines = JSONLines { text in FileHandle.standardOutput.write(Data(text.utf8)) }
            report.emit(to: lines)
        } else {
            print(report.text, terminator: "")
        }
        if let failure = report.failure { throw failure }
    }

    static func checks(for area: DoctorArea, environment: [String: String]) async -> [DoctorCheck] {
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
            return [SoftAPRouteProbe.check().check]
        }
    }
}
