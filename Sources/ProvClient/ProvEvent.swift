/// Progress of a run, in order. Events carry no secrets, so any of them may be printed or logged.
public enum ProvEvent: Sendable {
    case deviceInfo(DeviceInfo)
    case securityChosen(SecurityPlan)
    case protocolVersionVerified(String)
    case sessionStarting
    case sessionEstablished(SecurityVersion)
    /// A `prov-ctrl` command is about to be sent, in the variant for the device's network.
    case controlSending(ControlCommand, network: DeviceInfo.Network)
    case controlDone(ControlCommand)
    case customSending(endpoint: String)
    case customReply(endpoint: String, reply: [UInt8])
    case scanning
    case scanned([AccessPoint], seconds: Double)
    case credentialsSending(ssid: String)
    case credentialsSent(ssid: String)
    case applying
    case applied
    case wifiState(WiFiStatus, elapsed: Double)
    case provisioned(WiFiConnection)
    /// Something the user should know that does not stop the run (e.g. a network_provisioning
    /// device without the `wifi_prov` capability).
    case warning(String)
    case threadScanning
    case threadScanned([ThreadNetwork], seconds: Double)
    /// The dataset's public parts; the TLVs themselves (with the network key) are never in an event.
    case datasetSending(ThreadDatasetSummary)
    case datasetSent(ThreadDatasetSummary)
    case threadApplying
    case threadApplied
    case threadState(ThreadStatus, elapsed: Double)
    case attached(ThreadAttachment)
    /// Verbose protocol detail (sizes, modes, steps).
    case detail(String)
}

/// How a successful run ended.
public enum ProvisioningOutcome: Sendable, Equatable {
    case provisioned(WiFiConnection)
    /// A Thread device attached to the network of the dataset.
    case attached(ThreadAttachment)
    case controlDone(ControlCommand)
    case sessionEstablished
}
