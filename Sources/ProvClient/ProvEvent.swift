/// Progress of a run, in order. Events carry no secrets, so any of them may be printed or logged.
public enum ProvEvent: Sendable {
    case deviceInfo(DeviceInfo)
    case securityChosen(SecurityPlan)
    case protocolVersionVerified(String)
    case sessionStarting
    case sessionEstablished(SecurityVersion)
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
    /// Verbose protocol detail (sizes, modes, steps).
    case detail(String)
}

/// How a successful run ended.
public enum ProvisioningOutcome: Sendable, Equatable {
    case provisioned(WiFiConnection)
    case controlDone(ControlCommand)
    case sessionEstablished
}
