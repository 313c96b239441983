import WpaCtrl

/// Follows one WPS run through hostapd's or wpa_supplicant's events and decides when it succeeded
/// or why it failed (docs/onboarding.md §3). Pure state, like `DPPExchange`: fed events (from a real
/// daemon or a recorded stream) one by one, so the outcomes the wired rig cannot produce (overlap,
/// a locked AP, the walk time) are tested on recorded streams. `WPSDaemon` asks the daemon what a
/// decision needs (the new networks, an enrollee's name) and cancels a session that did not succeed.
public struct WPSExchange: Sendable {
    /// Which side this process plays: the same event decides differently for each.
    public enum Role: Equatable, Sendable {
        /// hostapd: opens a push-button window or authorises a PIN for enrollees.
        case registrar
        /// wpa_supplicant joining an AP by push button or PIN.
        case enrollee
        /// wpa_supplicant with an AP's PIN (`WPS_REG`), learning the AP's settings.
        case externalRegistrar(bssid: String)

        var isExternalRegistrar: Bool {
            if case .externalRegistrar = self { return true }
            return false
        }
    }

    /// What one event decided.
    public enum Decision: Equatable, Sendable {
        /// hostapd registered an enrollee; `deviceName` when its probe named it (else ask hostapd's `STA`).
        case registered(mac: String, uuid: String, deviceName: String?)
        /// The enrollee joined: its new networks are in wpa_supplicant's list now.
        case joined
        /// The AP's settings were learned: the new network is in wpa_supplicant's list now.
        case learned
        /// The run failed; the session must be cancelled.
        case failed(WPSError)
    }

    /// The side this exchange follows.
    public let role: Role
    /// wpa_supplicant's network ids before the run: the WPS network is the one added after.
    public let networksBefore: Set<Int>
    /// How long the run waits, named in the failures that end it.
    public let timeout: Duration
    /// Whether a registrar answered M2D (no session for this device): named when the run then fails.
    public private(set) var sawRegistrarNotReady = false
    /// Whether the AP said anything at all (an EAP exchange): an AP PIN run that heard nothing names
    /// the BSSID, since a wrong one looks exactly like this.
    public private(set) var peerAnswered = false
    private var credentialReceived = false
    private var wpsNetwork: Int?
    private var lastConfigError: Int?
    private var deviceNames: [String: String] = [:]

    /// A new exchange for `role`; `networksBefore` on wpa_supplicant, `timeout` as the run waits.
    public init(role: Role, networksBefore: Set<Int> = [], timeout: Duration) {
        self.role = role
        self.networksBefore = networksBefore
        self.timeout = timeout
    }

    /// Interprets one event; nil while the run goes on.
    public mutating func consume(_ raw: WpaCtrlEvent) -> Decision? {
        if raw.name.hasPrefix("CTRL-EVENT-EAP") { peerAnswered = true }
        guard let event = WPSEvent(raw) else { return nil }
        if case .externalRegistrar(let bssid) = role, !peerAnswered, event == .timeout {
            return .failed(.noAPAnswered(bssid: bssid, after: timeout))
        }
        switch event {
        case .registered(let mac, let uuid) where role == .registrar:
            return .registered(mac: mac, uuid: uuid, deviceName: deviceNames[mac])
        case .enrolleeSeen(let mac, let name?):
            deviceNames[mac] = name
        case .success where role == .enrollee:
            return .joined
        case .success where role.isExternalRegistrar, .fail where role.isExternalRegistrar && credentialReceived:
            // Learning the AP's settings ends with the registrar's NACK (WPS-FAIL msg=11 config_error=0).
            return .learned
        case .credentialReceived:
            credentialReceived = true
        case .timeout:
            return .failed(.windowClosed(registrar: role == .registrar))
        case .pushButtonDisabled where role == .registrar:
            return .failed(.windowClosed(registrar: true))
        case .fail(_, let configError):
            if let failure = Self.decisiveFailure(event) { return .failed(failure) }
            if let configError, configError != 0 { lastConfigError = configError }
            // An enrollee retries within its walk time; only the end of its WPS network decides.
            if role.isExternalRegistrar { return .failed(.failed(configError: lastConfigError)) }
        case .registrarNotReady(let configError?) where configError == WPSConfigError.multiplePushButtonSessions:
            return .failed(.overlap)  // the registrar saw another enrollee pushing at the same time
        case .registrarNotReady:
            sawRegistrarNotReady = true
        case .networkAdded(let id) where role != .registrar && wpsNetwork == nil && !networksBefore.contains(id):
            wpsNetwork = id
        case .networkRemoved(let id) where id == wpsNetwork:
            return .failed(sawRegistrarNotReady ? .registrarNotReady : .failed(configError: lastConfigError))
        default:
            return Self.decisiveFailure(event).map(Decision.failed)
        }
        return nil
    }

    /// The failure for a deadline that passed before any decision.
    public func deadlinePassed() -> WPSError {
        if case .externalRegistrar(let bssid) = role, !peerAnswered {
            return .noAPAnswered(bssid: bssid, after: timeout)
        }
        return .deadline(after: timeout, sawRegistrarNotReady: sawRegistrarNotReady)
    }

    /// The events that end any WPS exchange at once, whatever the role (the External Registrar's
    /// exchanges included): overlap, a locked AP, a wrong PIN.
    public static func decisiveFailure(_ event: WPSEvent) -> WPSError? {
        switch event {
        case .overlap: return .overlap
        case .setupLocked: return .setupLocked
        case .fail(_, let configError?) where configError == WPSConfigError.wrongPin: return .wrongPin
        case .fail(_, let configError?) where configError == WPSConfigError.setupLocked: return .setupLocked
        case .fail(_, let configError?) where configError == WPSConfigError.multiplePushButtonSessions: return .overlap
        default: return nil
        }
    }
}
