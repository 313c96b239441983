import ProvMessages

/// Progress of a run, in order. Events carry no secrets, so any of them may be printed or logged.
public enum ProvEvent: Sendable {
    /// What `proto-ver` said, so the output can show the firmware's generation and capabilities.
    case deviceInfo(DeviceInfo)
    /// The scheme picked and why (asked for, or read from `proto-ver`).
    case securityChosen(SecurityPlan)
    /// The expected protocol version matched the device's.
    case protocolVersionVerified(String)
    /// The handshake is about to start (esp_prov's "Starting Session").
    case sessionStarting
    /// The handshake succeeded with this scheme.
    case sessionEstablished(SecurityVersion)
    /// A `prov-ctrl` command is about to be sent, in the variant for the device's network.
    case controlSending(ControlCommand, network: DeviceInfo.Network)
    /// The device accepted the `prov-ctrl` command.
    case controlDone(ControlCommand)
    /// Custom data is about to be sent to this endpoint.
    case customSending(endpoint: String)
    /// The custom endpoint's answer, which belongs to the application, so it is shown as is.
    case customReply(endpoint: String, reply: [UInt8])
    /// A Wi-Fi scan started (it may take seconds).
    case scanning
    /// The scan's results, strongest first, and how long it took.
    case scanned([AccessPoint], seconds: Double)
    /// SetConfig is about to go out (the SSID is not secret; the passphrase never appears).
    case credentialsSending(ssid: String)
    /// The device stored the credentials.
    case credentialsSent(ssid: String)
    /// ApplyConfig is about to go out.
    case applying
    /// The device accepted ApplyConfig and is connecting.
    case applied
    /// One status poll's answer and the time since apply, for progress output.
    case wifiState(WiFiStatus, elapsed: Double)
    /// The device joined the network: the run's success.
    case provisioned(WiFiConnection)
    /// Something the user should know that does not stop the run (e.g. a network_provisioning
    /// device without the `wifi_prov` capability).
    case warning(String)
    /// A Thread scan started.
    case threadScanning
    /// Its results and duration.
    case threadScanned([ThreadNetwork], seconds: Double)
    /// The dataset's public parts; the TLVs themselves (with the network key) are never in an event.
    case datasetSending(ThreadDatasetSummary)
    /// The device stored the dataset.
    case datasetSent(ThreadDatasetSummary)
    /// ApplyThreadConfig is about to go out.
    case threadApplying
    /// The device accepted it and is attaching.
    case threadApplied
    /// One Thread status poll's answer and the time since apply.
    case threadState(ThreadStatus, elapsed: Double)
    /// The device attached: the Thread run's success.
    case attached(ThreadAttachment)
    /// Verbose protocol detail (sizes, modes, steps).
    case detail(String)
}

/// How a successful run ended.
public enum ProvisioningOutcome: Sendable, Equatable {
    /// A Wi-Fi device joined the network.
    case provisioned(WiFiConnection)
    /// A Thread device attached to the network of the dataset.
    case attached(ThreadAttachment)
    /// A reset or reprovision run, which ends after the command.
    case controlDone(ControlCommand)
    /// Nothing to configure was asked for (e.g. only custom data): the session itself was the goal.
    case sessionEstablished
}
