import ProvClient

/// network_provisioning's lines: which manager answered, and the Thread flow as its esp_prov prints
/// it (`==== Sending Thread Dataset to Target ====`, `==== Thread state: Attached ====`, …).
extension TextReporter {
    /// `==== Provisioning manager: network_provisioning (Thread) ====`
    static func managerLine(_ info: DeviceInfo) -> String {
        "==== Provisioning manager: \(info.manager.rawValue) (\(info.network == .thread ? "Thread" : "Wi-Fi")) ===="
    }

    func printThread(_ event: ProvEvent) {
        switch event {
        case .warning(let message):
            line(message)
        case .threadScanning:
            line("\n==== Scanning Thread Networks ====")
        case .threadScanned(let networks, let seconds):
            line("\n++++ Scan finished in \(formatSeconds(seconds)) sec")
            if networks.isEmpty { line("No Thread Networks found!") }
        case .datasetSending(let summary):
            line("\n==== Sending Thread Dataset to Target ====")
            detail("dataset: \(summary)")
        case .datasetSent:
            line("==== Thread Dataset sent successfully ====")
        case .threadApplying:
            line("\n==== Applying Thread Config to Target ====")
        case .threadApplied:
            line("==== Apply config sent successfully ====")
        case .threadState(let status, let elapsed):
            line("\n==== Thread connection state  ====")
            threadState(status, elapsed: elapsed)
        case .attached:
            line("==== Provisioning was successful ====")
        default:
            break
        }
    }

    private func threadState(_ status: ThreadStatus, elapsed: Double) {
        switch status {
        case .attached(let attachment):
            line("==== Thread state: Attached ====")
            detail("network '\(printableDeviceText(attachment.networkName))', PAN ID \(attachment.panIDHex), "
                + "extended PAN ID \(attachment.extendedPanIDHex), channel \(attachment.channel)")
        case .attaching:
            line("==== Thread state: Attaching ====")
            detail("\(formatSeconds(elapsed)) s since apply")
        case .detached:
            line("==== Thread state: Detached ====")
        case .failed(let failure):
            line("==== Thread state: Attaching Failed ====")
            switch failure {
            case .datasetInvalid: line("---- Failure reason: Invalid Dataset ----")
            case .networkNotFound: line("---- Failure reason: Network Not Found ----")
            case .other(let reason): line("---- Failure reason: \(reason) ----")
            }
        }
    }
}
