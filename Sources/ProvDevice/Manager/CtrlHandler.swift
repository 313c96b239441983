import ProvMessages

/// `prov-ctrl` (§6.1): Reset only after a failure, Reprov only with auto-stop disabled.
extension VirtualDevice {
    func handleCtrl(_ request: CtrlRequest) -> CtrlResponse {
        let thread = configuration.isThread
        switch request {
        case .wifiReset, .wifiReprov:
            if thread { return CtrlResponse(request: request, status: .invalidArgument) }
        case .threadReset, .threadReprov:
            if !thread { return CtrlResponse(request: request, status: .invalidArgument) }
        }
        switch request {
        case .wifiReset, .threadReset:
            return CtrlResponse(request: request, status: reset())
        case .wifiReprov, .threadReprov:
            return CtrlResponse(request: request, status: reprovision())
        }
    }

    /// Allowed in FAIL (network_provisioning ≥ 1.2.1: also in STARTED). Back to STARTED so new
    /// credentials can be applied; the reported Wi-Fi/Thread state is NOT reset (GetStatus keeps showing
    /// the failure), and wifi_provisioning does not reset the attempt counter either (fixed in NP 1.2.2).
    private func reset() -> Status {
        let netprov = configuration.generation == .netprov
        guard manager.prov == .fail || (netprov && manager.prov == .started) else { return .internalError }
        manager.prov = .started
        _ = abandonPendingConnection()
        if netprov { wifi.resetAttempts() }
        emit(.provisioningReset)
        return .success
    }

    /// Needs `wifi_prov_mgr_disable_auto_stop()`; then clears the station config, disconnects and goes
    /// back to STARTED. The reported state is left as it was.
    private func reprovision() -> Status {
        guard !configuration.autoStop else { return .internalError }
        manager.prov = .started
        _ = abandonPendingConnection()
        emit(.reprovisioningStarted)
        return .success
    }
}
