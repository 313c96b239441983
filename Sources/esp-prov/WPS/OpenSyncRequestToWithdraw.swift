import Dispatch
import Foundation
import OVSDB
import OpenSync
import Synchronization

/// What an interrupted `wps opensync` must take back: once it wrote its request (`wps`, `wps_pbc`,
/// `wps_pbc_key_id`), an interrupt stops the session and puts those columns back as they were,
/// through a connection of its own, bounded, before the run exits 130; otherwise every VIF of the
/// SSID would be left advertising WPS with a session running.
final class OpenSyncRequestToWithdraw: Sendable {
    /// How long the interrupt waits for the cancel (connect, write, the AP ending the session).
    static let bound: Duration = .seconds(5)

    private let target = Mutex<(endpoint: OVSDBEndpoint, credentials: OVSDBTLSCredentials?, target: OpenSyncTarget)?>(nil)
    /// The Config rows as they were before the request, and the key id it wrote; nil until written.
    private let written = Mutex<(before: [OpenSyncVIF], keyId: String)?>(nil)

    func set(endpoint: OVSDBEndpoint, credentials: OVSDBTLSCredentials?, target: OpenSyncTarget) {
        self.target.withLock { $0 = (endpoint, credentials, target) }
    }

    /// The request reached the database: from now on an interrupt has something to withdraw.
    func requested(_ before: [OpenSyncVIF], keyId: String) {
        written.withLock { $0 = (before, keyId) }
    }

    /// Cancels and turns `wps` off (blocking, within `bound`); what happened, or nil when nothing was asked yet.
    func withdraw() -> String? {
        let pending = written.withLock { $0 }.flatMap { written in target.withLock { $0 }.map { ($0.endpoint, $0.credentials, written) } }
        guard let (endpoint, credentials, written) = pending else { return nil }
        let done = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        Task {
            do {
                let connection = try await OVSDBConnection.connect(to: endpoint, credentials: credentials, timeout: Self.bound)
                let result: Result<OpenSyncWPS.CancelOutcome, Error>
                do {
                    result = .success(try await OpenSyncWPS(connection: connection).withdraw(written.before, keyId: written.keyId, timeout: Self.bound))
                } catch {
                    result = .failure(error)
                }
                await connection.close()
                let cancelled = try result.get()
                outcome.set("the WPS request was withdrawn on \(cancelled.ifNames.joined(separator: ", ")): no session runs, wps, wps_pbc and wps_pbc_key_id are as they were")
            } catch {
                outcome.set("the WPS request could NOT be withdrawn (\(error)): run esp-prov wps opensync --cancel")
            }
            done.signal()
        }
        if done.wait(timeout: .now() + .milliseconds(Int(Self.bound.components.seconds) * 2000 + 500)) == .timedOut {
            return "the WPS request could NOT be withdrawn within \(Self.bound.components.seconds * 2) s: run esp-prov wps opensync --cancel"
        }
        return outcome.text
    }

    /// The cancel task's sentence, handed to the waiting signal handler.
    private final class Outcome: Sendable {
        private let value = Mutex<String?>(nil)
        func set(_ text: String) { value.withLock { $0 = text } }
        var text: String? { value.withLock { $0 } }
    }
}
