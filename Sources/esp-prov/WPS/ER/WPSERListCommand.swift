import ArgumentParser
import Foundation
import WPS

/// `esp-prov wps er list`: the APs and enrollees the External Registrar sees within `--timeout`
/// (10 s by default: hostapd answers UPnP discovery within a second or two).
struct WPSERListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the APs (and enrollees they relay) the External Registrar finds over UPnP within --timeout (10 s).")

    @OptionGroup var options: WPSDaemonOptions
    @OptionGroup var er: WPSEROptions

    func run() async throws {
        let window = options.waitTimeout(defaultSeconds: 10)
        try await WPSERRun(options: options, filter: er.apIP).run { registrar in
            try registrar.discover(until: ContinuousClock.now + window)
            let aps = registrar.accessPoints
            let enrollees = registrar.enrollees
            return ("\(aps.count) AP(s) and \(enrollees.count) enrollee(s) seen within \(window)",
                    WPSResults.ERListed(aps: aps.map(WPSEvents.ERAccessPoint.init), enrollees: enrollees.map(WPSEvents.EREnrollee.init)))
        }
    }
}
