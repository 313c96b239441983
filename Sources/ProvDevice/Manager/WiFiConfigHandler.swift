import ProvMessages

/// `prov-config`: SetConfig / ApplyConfig / GetStatus as wifi_config.c and the manager do them (§6.1).
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

    /// Validates and stores the credentials, replacing earlier ones; accepted in every state.
    /// BSSID and channel are checked/accepted but otherwise ignored.
    private func setWiFiConfig(ssid: [UInt8], passphrase: [UInt8], bssid: [UInt8]) -> Status {
        guard bssid.isEmpty || bssid.count == 6, ssid.count <= 32, passphrase.count <= 63 else {
            return .invalidArgument
        }
        pendingWiFiConfig = PendingWiFiConfig(ssid: ssid, passphrase: passphrase)
        emit(.wifiConfigReceived(ssid: String(decoding: ssid, as: UTF8.self)))
        return .success
    }

    /// One-shot: needs stored credentials and `prov_state == STARTED`; consumes the stored credentials
    /// either way; connects after the manager's 1 s timer (§6.1, §8.17).
    private func applyWiFiConfig() -> Status {
        let pending = pendingWiFiConfig
        pendingWiFiConfig = nil
        guard let pending else { return .internalError }
        guard provState < .credentialsReceived else { return .internalError }  // "credentials already received"
        provState = .credentialsReceived
        wifiState = .connecting
        connectionEpoch += 1
        let epoch = connectionEpoch
        emit(.wifiConfigApplied(ssid: String(decoding: pending.ssid, as: UTF8.self)))
        connectTask?.cancel()
        connectTask = after(configuration.connectDelay) { device in
            device.attemptConnection(pending, epoch: epoch)
        }
        return .success
    }

    /// One STA connection attempt and what the manager's event handler makes of its result.
    func attemptConnection(_ credentials: PendingWiFiConfig, epoch: Int) {
        // With the stuck-connecting fault the attempt never ends: GetStatus says "connecting" forever.
        guard epoch == connectionEpoch, !stopped, !configuration.faults.stuckConnecting else { return }
        switch WiFiSimulation.outcome(ssid: credentials.ssid, passphrase: credentials.passphrase, configuration: configuration) {
        case .connected(let connection):
            // GOT_IP → CONNECTED, prov_state SUCCESS, auto-stop timer.
            wifiState = .connected(connection)
            provState = .success
            emit(.wifiConnected(ssid: String(decoding: connection.ssid, as: UTF8.self), ip4Address: connection.ip4Address))
            startAutoStopTimer()
        case .failed(let reason):
            // STA_DISCONNECTED. With wifi_conn_attempts N > 0, every failure counts and, while attempts
            // remain, reports CONN_ATTEMPT_FAILED and reconnects; the N-th ends in DISCONNECTED.
            let limit = configuration.wifiConnectionAttempts
            if limit > 0 {
                connectionAttemptsCompleted += 1
                if connectionAttemptsCompleted < limit {
                    let remaining = UInt32(limit - connectionAttemptsCompleted)
                    wifiState = .attemptFailed(remaining: remaining)
                    emit(.wifiAttemptFailed(attemptsRemaining: remaining))
                    connectTask = after(configuration.attemptInterval) { device in
                        device.attemptConnection(credentials, epoch: epoch)
                    }
                    return
                }
            }
            wifiState = .disconnected(reason)
            provState = .fail
            emit(.wifiFailed(reason))
        }
    }

    /// GetStatus; a report of Connected triggers `wifi_prov_mgr_done()` and so the auto-stop.
    private func reportWiFiStatus() -> WiFiState {
        if case .connected = wifiState { scheduleStopAfterSuccessReport() }
        return wifiState
    }
}
