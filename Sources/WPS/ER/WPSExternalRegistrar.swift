import Foundation
import ProvCrypto
import WpaCtrl

/// wpa_supplicant as WPS External Registrar over UPnP (hostap's README-WPS): a separate
/// wpa_supplicant (`-Dnone` on the LAN interface) finds the network's APs, reads an AP's settings
/// with its AP PIN, gives it new ones, or enrolls a device through it. `start` puts `WPS_ER_STOP`
/// on the session's undo list, so an error, a deadline or an interrupt all stop the ER
/// (and its UPnP subscriptions) in the daemon; `stop` is the normal path's own call.
/// `@unchecked Sendable`: one owner at a time (the run); its `var`s are never touched by two threads at once (the cleanup action opens a socket of its own).
public final class WPSExternalRegistrar: @unchecked Sendable {
    /// What an ER run reports as it happens.
    public enum Progress: Sendable {
        case accessPoint(WPSERAccessPoint)
        case accessPointGone(uuid: String)
        case enrollee(WPSEREnrollee)
        case enrolleeGone(uuid: String, mac: String)
    }

    private let session: WpaCtrlSession
    private var client: WpaCtrlClient { session.client }
    private var monitor: WpaCtrlMonitor { session.monitor }
    private let log: @Sendable (String) -> Void
    private let progress: @Sendable (Progress) -> Void
    private var stopToken: CleanupRegistry.Token?
    /// The APs and enrollees seen so far, in the order they appeared.
    public private(set) var accessPoints: [WPSERAccessPoint] = []
    public private(set) var enrollees: [WPSEREnrollee] = []

    init(session: WpaCtrlSession, log: @escaping @Sendable (String) -> Void, progress: @escaping @Sendable (Progress) -> Void) {
        self.session = session
        self.log = log
        self.progress = progress
    }

    /// `WPS_ER_START [filter]`: subscribes to the APs' UPnP events; `filter` (an IPv4 address) limits it to one AP.
    public func start(filter: String?) throws {
        stopToken = session.undo("WPS_ER_STOP", timeout: .seconds(2))
        do {
            try client.expectOK(filter.map { "WPS_ER_START \($0)" } ?? "WPS_ER_START")
        } catch WpaCtrlError.unknownCommand {
            throw WPSError.notAvailable(command: "WPS_ER_START", unknownCommand: true)
        } catch WpaCtrlError.commandFailed {
            throw WPSERError.startRefused(filter: filter)
        }
    }

    /// `WPS_ER_STOP` now (the normal end of a run).
    public func stop() {
        if let stopToken { session.undoNow(stopToken) }
        stopToken = nil
    }

    /// Collects what is announced until the deadline (the list a `wps er list` prints).
    public func discover(until deadline: ContinuousClock.Instant) throws {
        while let event = try monitor.next(until: deadline) { _ = note(event) }
    }

    /// Waits until the AP named by a UUID or BSSID has announced itself (the ER refuses commands for an AP it has not seen).
    public func accessPoint(_ target: String, until deadline: ContinuousClock.Instant) throws -> WPSERAccessPoint {
        if let found = accessPoints.first(where: { Self.matches($0.uuid, $0.mac, target) }) { return found }
        while let event = try monitor.next(until: deadline) {
            if case .apAdded(let ap)? = note(event), Self.matches(ap.uuid, ap.mac, target) { return ap }
        }
        throw WPSERError.apNotFound(target: target, seen: accessPoints.map { "\($0.uuid) (\($0.mac))" })
    }

    /// `WPS_ER_LEARN <uuid> <AP PIN>`: the AP's current settings, without its key.
    public func learn(_ ap: WPSERAccessPoint, pin: WPSPin, until deadline: ContinuousClock.Instant, timeout: Duration) throws -> WPSERAPSettings {
        try send("WPS_ER_LEARN \(ap.uuid) \(pin.digits)", target: ap.uuid)
        while let event = try monitor.next(until: deadline) {
            if case .apSettings(let settings)? = note(event), settings.uuid == ap.uuid { return settings }
            try decideFailure(event)
        }
        throw WPSError.deadline(after: timeout, sawRegistrarNotReady: false)
    }

    /// `WPS_ER_CONFIG <uuid> <AP PIN> <ssid hex> <auth> <encr> <key hex>`: gives the AP new settings;
    /// done when the ER reports `WPS-SUCCESS`.
    public func configure(_ ap: WPSERAccessPoint, pin: WPSPin, settings: WPSERNewSettings, until deadline: ContinuousClock.Instant,
                          timeout: Duration) throws {
        let command = "WPS_ER_CONFIG \(ap.uuid) \(pin.digits) \(hexString(settings.ssid.utf8)) \(settings.auth.rawValue) "
            + "\(settings.encryption.rawValue) \(hexString(settings.key.utf8))"
        try send(command, target: ap.uuid)
        try waitForSuccess(until: deadline, timeout: timeout)
    }

    /// `WPS_ER_PIN <uuid|any> <PIN> [mac]`: the ER's registrar accepts this enrollee's PIN through any AP.
    /// Waits for one AP first, so the ER has an AP to announce the PIN through.
    public func enrollWithPin(_ enrollee: String, pin: WPSPin, until deadline: ContinuousClock.Instant, timeout: Duration,
                              started: () -> Void = {}) throws {
        if accessPoints.isEmpty {
            var found = false
            while !found, let event = try monitor.next(until: deadline) {
                if case .apAdded? = note(event) { found = true }
            }
            guard found else { throw WPSERError.apNotFound(target: "any AP", seen: []) }
        }
        let isMAC = enrollee.contains(":")
        try send("WPS_ER_PIN \(isMAC ? "any" : enrollee) \(pin.digits)" + (isMAC ? " \(enrollee)" : ""), target: enrollee)
        started()
        try waitForSuccess(until: deadline, timeout: timeout)
    }

    /// `WPS_ER_PBC <uuid|mac>`: push button for an enrollee an AP has relayed (waited for first).
    public func enrollWithPushButton(_ target: String, until deadline: ContinuousClock.Instant, timeout: Duration,
                                     started: () -> Void = {}) throws {
        if !enrollees.contains(where: { Self.matches($0.uuid, $0.mac, target) }) {
            var found = false
            while !found, let event = try monitor.next(until: deadline) {
                if case .enrolleeAdded(let enrollee)? = note(event), Self.matches(enrollee.uuid, enrollee.mac, target) { found = true }
            }
            guard found else { throw WPSERError.enrolleeNotFound(target: target) }
        }
        try send("WPS_ER_PBC \(target)", target: target)
        started()
        try waitForSuccess(until: deadline, timeout: timeout)
    }

    // MARK: the run

    /// Logs the event (credentials reduced to their name), keeps the lists current, reports progress.
    private func note(_ event: WpaCtrlEvent) -> WPSEREvent? {
        log(WPSEvent.loggable(event))
        let decoded = WPSEREvent(event)
        switch decoded {
        case .apAdded(let ap)?:
            accessPoints.removeAll { $0.uuid == ap.uuid }
            accessPoints.append(ap)
            progress(.accessPoint(ap))
        case .apRemoved(let uuid)?:
            accessPoints.removeAll { $0.uuid == uuid }
            progress(.accessPointGone(uuid: uuid))
        case .enrolleeAdded(let enrollee)?:
            enrollees.removeAll { $0.uuid == enrollee.uuid && $0.mac == enrollee.mac }
            enrollees.append(enrollee)
            progress(.enrollee(enrollee))
        case .enrolleeRemoved(let uuid, let mac)?:
            enrollees.removeAll { $0.uuid == uuid && $0.mac == mac }
            progress(.enrolleeGone(uuid: uuid, mac: mac))
        case .apSettings?, nil:
            break
        }
        return decoded
    }

    private func waitForSuccess(until deadline: ContinuousClock.Instant, timeout: Duration) throws {
        while let event = try monitor.next(until: deadline) {
            _ = note(event)
            switch WPSEvent(event) {
            case .success?, .registered?: return
            default: try decideFailure(event)
            }
        }
        throw WPSError.deadline(after: timeout, sawRegistrarNotReady: false)
    }

    /// The events that end an ER exchange in failure, decoded as the other `wps` commands decode them.
    private func decideFailure(_ event: WpaCtrlEvent) throws {
        guard let decoded = WPSEvent(event) else { return }
        if let failure = WPSExchange.decisiveFailure(decoded) { throw failure }
        if case .fail(_, let configError) = decoded { throw WPSError.failed(configError: configError == 0 ? nil : configError) }
    }

    private func send(_ command: String, target: String) throws {
        let verb = String(command.prefix { $0 != " " })
        do {
            try client.expectOK(command)
        } catch WpaCtrlError.unknownCommand {
            throw WPSError.notAvailable(command: verb, unknownCommand: true)
        } catch WpaCtrlError.commandFailed {
            throw WPSERError.commandRefused(command: verb, target: target)
        }
    }

    private static func matches(_ uuid: String, _ mac: String, _ target: String) -> Bool {
        uuid.lowercased() == target.lowercased() || mac.lowercased() == target.lowercased()
    }
}

extension WPSDaemon {
    /// This daemon as External Registrar, on the same sockets and `-v` log: only wpa_supplicant has
    /// one (hostapd is the AP an ER configures). The session's undo list receives `WPS_ER_STOP` once it is started.
    public func externalRegistrar(progress: @escaping @Sendable (WPSExternalRegistrar.Progress) -> Void) throws -> WPSExternalRegistrar {
        guard kind == .wpaSupplicant else {
            throw WPSError.wrongDaemon(needs: "wpa_supplicant (the External Registrar; hostapd is the AP it configures)")
        }
        return WPSExternalRegistrar(session: session, log: log, progress: progress)
    }
}
