import ProvMessages

/// `prov-config`: SetConfig / ApplyConfig / GetStatus as wifi_config.c and the manager do them (docs/protocol.md §6.1).
extension VirtualDevice {
    func handleConfig(_ request: ConfigRequest) -> ConfigResponse {
        let thread = configuration.isThread
        switch request {
        case .getWiFiStatus:
            guard !thread else { return .wifiStatusRefused(.invalidArgument) }
            return .wifiStatus(reportWiFiStatus())
        case .setWiFiConfig(let ssid, let passphrase, let bssid):
            guard !thread else { return .setWiFiConfig(.invalidArgument) }
            return .setWiFiConfig(setWiFiConfig(ssid: ssid, passphrase: passphrase, bssid: bssid))
        case .applyWiFiConfig:
            guard !thread else { return .applyWiFiConfig(.invalidArgument) }
            return .applyWiFiConfig(applyWiFiConfig())
        case .getThreadStatus:
            guard thread else { return .threadStatusRefused(.invalidArgument) }
            return .threadStatus(reportThreadStatus())
        case .setThreadConfig(let dataset):
            guard thread else { return .setThreadConfig(.invalidArgument) }
            return .setThreadConfig(setThreadDataset(dataset))
        case .applyThreadConfig:
            guard thread else { return .applyThreadConfig(.invalidArgument) }
            return .applyThreadConfig(applyThreadDataset())
        }
    }

    private func setWiFiConfig(ssid: [UInt8], passphrase: [UInt8], bssid: [UInt8]) -> Status {
        guard wifi.store(ssid: ssid, passphrase: passphrase, bssid: bssid) else { return .invalidArgument }
        emit(.wifiConfigReceived(ssid: String(decoding: ssid, as: UTF8.self)))
        return .success
    }

    /// One-shot: needs stored credentials and `prov_state == STARTED`; consumes the stored credentials
    /// either way; connects after the manager's 1 s timer (docs/protocol.md §6.1, §8.17).
    private func applyWiFiConfig() -> Status {
        guard let pending = wifi.takePending() else { return .internalError }
        guard manager.acceptsCredentials else { return .internalError }  // "credentials already received"
        manager.prov = .credentialsReceived
        wifi.state = .connecting
        let epoch = abandonPendingConnection()
        emit(.wifiConfigApplied(ssid: String(decoding: pending.ssid, as: UTF8.self)))
        timers.connect = after(configuration.connectDelay) { device in
            device.attemptConnection(pending, epoch: epoch)
        }
        return .success
    }

    /// One STA connection attempt and what the manager's event handler makes of its result.
    private func attemptConnection(_ credentials: PendingWiFiConfig, epoch: Int) {
        // With the stuck-connecting fault the attempt never ends: GetStatus says "connecting" forever.
        guard manager.isCurrent(epoch), !stopped, !configuration.faults.stuckConnecting else { return }
        switch WiFiSimulation.outcome(ssid: credentials.ssid, passphrase: credentials.passphrase, configuration: configuration) {
        case .connected(let connection):
            // GOT_IP → CONNECTED, prov_state SUCCESS, auto-stop timer.
            wifi.state = .connected(connection)
            manager.prov = .success
            emit(.wifiConnected(ssid: connection.ssid, ip4Address: connection.ipAddress))
            startAutoStopTimer()
        case .failed(let reason):
            // STA_DISCONNECTED. With wifi_conn_attempts N > 0, every failure counts and, while attempts
            // remain, reports CONN_ATTEMPT_FAILED and reconnects; the N-th ends in DISCONNECTED.
            if let remaining = wifi.countFailedAttempt(limit: configuration.wifiConnectionAttempts) {
                wifi.state = .attemptFailed(remaining: remaining)
                emit(.wifiAttemptFailed(attemptsRemaining: remaining))
                timers.connect = after(configuration.attemptInterval) { device in
                    device.attemptConnection(credentials, epoch: epoch)
                }
                return
            }
            wifi.state = .disconnected(reason)
            manager.prov = .fail
            emit(.wifiFailed(reason))
        }
    }

    /// GetStatus; a report of Connected triggers `wifi_prov_mgr_done()` and so the auto-stop.
    private func reportWiFiStatus() -> WiFiState {
        if case .connected = wifi.state { scheduleStopAfterSuccessReport() }
        return wifi.state
    }

    /// Cancels the pending connection or attach (its timer, and its epoch for a callback already on its
    /// way); returns the epoch a new one runs under.
    func abandonPendingConnection() -> Int {
        timers.connect?.cancel()
        return manager.abandonConnection()
    }
}
