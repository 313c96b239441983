import Foundation
import WPS

/// One `wps er` subcommand run, inside the daemon `wps` run (`WPSDaemonRun`: sockets, `-v`, JSON,
/// exit codes, interrupts): starts the External Registrar (`WPS_ER_START`), runs `body`, and stops
/// it (`WPS_ER_STOP`) on every exit path. The stop sits on the session's undo list, so an
/// interrupt (SIGINT, SIGTERM, SIGHUP) runs it before the exit too. APs and enrollees are reported
/// as they appear.
struct WPSERRun {
    let daemonRun: WPSDaemonRun
    let filter: String?
    var output: DaemonOutput { daemonRun.output }

    init(options: WPSDaemonOptions, filter: String?) {
        daemonRun = WPSDaemonRun(options: options)
        self.filter = filter
    }

    func run(_ body: (WPSExternalRegistrar) throws -> (text: String, fields: any JSONFields)) async throws {
        let output = self.output
        try await daemonRun.run { daemon in
            do {
                let registrar = try daemon.externalRegistrar { Self.report($0, to: output) }
                defer { registrar.stop() }
                try registrar.start(filter: filter)
                output.event(WPSEvents.ERStarted(filter: filter),
                             text: "External Registrar started" + (filter.map { " (only the AP at \($0))" } ?? ""))
                return try body(registrar)
            } catch let error as WPSERError {
                throw Self.failure(for: error)
            }
        }
    }

    /// Nothing answered in time exits as a deadline (7); a refusal as a WPS failure (25).
    static func failure(for error: WPSERError) -> CommandFailure {
        switch error {
        case .apNotFound, .enrolleeNotFound: return CommandFailure(.timeout, "\(error)")
        case .startRefused, .commandRefused: return CommandFailure(.wpsFailed, "\(error)")
        }
    }

    private static func report(_ progress: WPSExternalRegistrar.Progress, to output: DaemonOutput) {
        switch progress {
        case .accessPoint(let ap):
            output.event(WPSEvents.ERAccessPoint(ap), text: "AP \(printableDaemonText(ap.uuid)) \(printableDaemonText(ap.mac)) \"\(printableDaemonText(ap.friendlyName))\"")
        case .accessPointGone(let uuid):
            output.event(WPSEvents.ERAccessPointRemoved(uuid: printableDaemonText(uuid)), text: "AP \(printableDaemonText(uuid)) went away")
        case .enrollee(let enrollee):
            output.event(WPSEvents.EREnrollee(enrollee),
                         text: "enrollee \(printableDaemonText(enrollee.uuid)) \(printableDaemonText(enrollee.mac)) "
                             + "\"\(printableDaemonText(enrollee.deviceName))\"" + (enrollee.sentM1 ? " (running WPS)" : ""))
        case .enrolleeGone(let uuid, let mac):
            output.event(WPSEvents.EREnrolleeRemoved(uuid: printableDaemonText(uuid), mac: printableDaemonText(mac)),
                         text: "enrollee \(printableDaemonText(uuid)) \(printableDaemonText(mac)) went away")
        }
    }
}
