import Foundation
import WpaCtrl

/// WPS on one hostapd or wpa_supplicant control socket: starts the session the role calls for and
/// reads the attached event stream until an outcome, a failure, or the deadline decides. Which
/// daemon it is comes from `STATUS`, because the same command means different things on each
/// (`WPS_PBC` opens hostapd's window but joins an AP on wpa_supplicant). Any session this type
/// started and did not see succeed is cancelled (`WPS_CANCEL`) before it throws, so no push-button
/// window or authorised PIN outlives the run.
public final class WPSDaemon: Sendable {
    /// Which daemon answers, since the WPS commands differ between the two.
    public let kind: DaemonKind
    /// The control-socket session (request and attached sockets, the run's bound, its undo list).
    let session: WpaCtrlSession
    var client: WpaCtrlClient { session.client }
    let log: @Sendable (String) -> Void
    /// The end of the whole run when `--timeout` bounds it (connecting, the wait and the clean-up
    /// included); nil: only each wait is bounded, by its own timeout.
    var runDeadline: ContinuousClock.Instant? { session.runDeadline }

    /// How much of a bounded run the wait leaves, at most, to the clean-up after it (`WPS_CANCEL`,
    /// detaching): a live daemon answers in milliseconds; a hung one then costs no more than the run's bound.
    static let cleanupReserve: Duration = .seconds(3)

    /// Detects the daemon kind on `session`. Each run calls `started` once the daemon accepted the
    /// command, before waiting for the outcome. `log` receives each event as `-v` may show it
    /// (credentials reduced to their event's name).
    public init(session: WpaCtrlSession, log: @escaping @Sendable (String) -> Void = { _ in }) throws {
        self.session = session
        self.log = log
        kind = try session.client.daemonKind(timeout: session.bounded())
    }

    private func bounded(_ usual: Duration = WpaCtrlClient.defaultTimeout) -> Duration { session.bounded(usual) }

    /// Where the wait for an outcome ends: `timeout` from now, and in a bounded run early enough to
    /// leave the clean-up its share (a quarter of the bound, at most `cleanupReserve`).
    private func waitDeadline(_ timeout: Duration) -> ContinuousClock.Instant {
        let own = ContinuousClock.now + timeout
        guard let runDeadline else { return own }
        return min(own, runDeadline - min(Self.cleanupReserve, timeout / 4))
    }

    /// hostapd: opens the push-button window; wpa_supplicant: joins an AP by push button.
    public func pushButton(bssid: String?, timeout: Duration, started: () -> Void = {}) throws -> WPSOutcome {
        let deadline = waitDeadline(timeout)
        let before = try networkIds()
        try start(["WPS_PBC", kind == .wpaSupplicant ? bssid : nil].compactMap { $0 }.joined(separator: " "))
        started()
        return try wait(kind == .hostapd ? .registrar : .enrollee, networksBefore: before, until: deadline, timeout: timeout)
    }

    /// hostapd: authorises the enrollee's PIN (for any enrollee, until the deadline); wpa_supplicant:
    /// enrolls with it (the AP's registrar must be given the same PIN).
    public func pin(_ pin: WPSPin, bssid: String?, timeout: Duration, started: () -> Void = {}) throws -> WPSOutcome {
        let deadline = waitDeadline(timeout)
        let before = try networkIds()
        if kind == .hostapd {
            let seconds = max(1, Int(timeout.components.seconds) + 1)
            try start("WPS_PIN any \(pin.digits) \(seconds)")
        } else {
            try start("WPS_PIN \(bssid ?? "any") \(pin.digits)")
        }
        started()
        return try wait(kind == .hostapd ? .registrar : .enrollee, networksBefore: before, until: deadline, timeout: timeout)
    }

    /// wpa_supplicant's random valid PIN (`WPS_PIN get`), for a registrar to be given; starts nothing.
    public func generatePin() throws -> WPSPin {
        guard kind == .wpaSupplicant else { throw WPSError.wrongDaemon(needs: "wpa_supplicant (hostapd generates no PIN: it authorises the enrollee's)") }
        return try WPSPin(parsing: try run("WPS_PIN get"))
    }

    /// wpa_supplicant as external registrar with the AP's label PIN (`WPS_REG`): learns the AP's
    /// settings and adds its network.
    public func apPin(bssid: String, pin: WPSPin, timeout: Duration, started: () -> Void = {}) throws -> WPSOutcome {
        guard kind == .wpaSupplicant else { throw WPSError.wrongDaemon(needs: "wpa_supplicant (the AP PIN is used against an AP)") }
        let deadline = waitDeadline(timeout)
        let before = try networkIds()
        try start("WPS_REG \(bssid) \(pin.digits)")
        started()
        return try wait(.externalRegistrar(bssid: bssid), networksBefore: before, until: deadline, timeout: timeout)
    }

    /// The NFC password token (`WPS_NFC_TOKEN NDEF|WPS`), as bytes.
    public func nfcPasswordToken(ndef: Bool) throws -> [UInt8] {
        let hex = try run("WPS_NFC_TOKEN \(ndef ? "NDEF" : "WPS")")
        guard let bytes = Self.bytes(hex: hex), !bytes.isEmpty else {
            throw WpaCtrlError.unexpectedReply(command: "WPS_NFC_TOKEN", reply: "not a hex token")
        }
        return bytes
    }

    /// Persists wpa_supplicant's networks (`SAVE_CONFIG`), saying why when it cannot. With
    /// `enablingUpdateConfig`, a daemon running with `update_config=0` is first told `SET
    /// update_config 1`, so it may rewrite its configuration file (the user asked for exactly that).
    public func saveConfig(enablingUpdateConfig: Bool = false) throws {
        if enablingUpdateConfig, (try? client.command("GET update_config")) == "0" {
            try client.expectOK("SET update_config 1")
        }
        do {
            try client.expectOK("SAVE_CONFIG")
        } catch WpaCtrlError.commandFailed {
            let updateConfig = try? client.command("GET update_config")
            throw WPSError.saveFailed(updateConfigOff: updateConfig == "0")
        }
    }

    // MARK: the run

    private func start(_ command: String) throws {
        let verb = String(command.prefix { $0 != " " })
        do {
            _ = try client.command(command, timeout: bounded())
        } catch WpaCtrlError.unknownCommand {
            throw WPSError.notAvailable(command: verb, unknownCommand: true)
        } catch WpaCtrlError.commandFailed {
            throw WPSError.notAvailable(command: verb, unknownCommand: false)
        }
    }

    /// Feeds the attached socket's events to a `WPSExchange` until it decides or the deadline
    /// passes; a session that did not succeed is cancelled before the failure is thrown.
    private func wait(_ role: WPSExchange.Role, networksBefore: Set<Int>, until deadline: ContinuousClock.Instant,
                      timeout: Duration) throws -> WPSOutcome {
        var exchange = WPSExchange(role: role, networksBefore: networksBefore, timeout: timeout)
        do {
            while let raw = try session.monitor.next(until: deadline) {
                log(WPSEvent.loggable(raw))
                switch exchange.consume(raw) {
                case nil:
                    continue
                case .registered(let mac, let uuid, let deviceName):
                    return .registered(mac: mac, uuid: uuid, deviceName: deviceName ?? self.deviceName(of: mac))
                case .joined:
                    return .joined(try newNetworks(since: networksBefore))
                case .learned:
                    guard let network = try newNetworks(since: networksBefore).first else { throw WPSError.noNewNetwork }
                    return .learned(network)
                case .failed(let failure):
                    throw failure
                }
            }
        } catch let error as WPSError {
            cancel()
            throw error
        }
        cancel()
        throw exchange.deadlinePassed()
    }

    /// `WPS_CANCEL`, within what is left of a bounded run (at least half a second: the datagram is
    /// sent either way, and a live daemon answers at once).
    private func cancel() {
        _ = try? client.command("WPS_CANCEL", timeout: max(bounded(.seconds(2)), .milliseconds(500)))
    }

    /// hostapd's record of the enrollee (`STA <mac>` includes `wpsDeviceName=`), when it has one.
    private func deviceName(of mac: String) -> String? {
        guard let info = try? client.command("STA \(mac)", timeout: bounded(.seconds(2))) else { return nil }
        let name = Self.value(of: "wpsDeviceName", in: info)?.trimmingCharacters(in: .whitespaces)
        return name?.isEmpty == false ? name : nil
    }

    private func networkIds() throws -> Set<Int> {
        guard kind == .wpaSupplicant else { return [] }
        return Set(try listNetworks().map(\.id))
    }

    /// The networks added since `before`, with SSID and key management (never the key).
    private func newNetworks(since before: Set<Int>) throws -> [WPSNetwork] {
        try listNetworks().filter { !before.contains($0.id) }.map { network in
            var network = network
            network.keyManagement = try? client.command("GET_NETWORK \(network.id) key_mgmt", timeout: bounded(.seconds(2)))
            return network
        }
    }

    /// `LIST_NETWORKS`: a header line, then `id<TAB>ssid<TAB>bssid<TAB>flags`.
    private func listNetworks() throws -> [WPSNetwork] {
        try run("LIST_NETWORKS").split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2, let id = Int(fields[0]) else { return nil }
            return WPSNetwork(id: id, ssid: String(fields[1]), keyManagement: nil)
        }
    }

    private func run(_ command: String) throws -> String {
        do {
            return try client.command(command, timeout: bounded())
        } catch WpaCtrlError.unknownCommand {
            throw WPSError.notAvailable(command: String(command.prefix { $0 != " " }), unknownCommand: true)
        }
    }

    static func value(of key: String, in text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
    }

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
