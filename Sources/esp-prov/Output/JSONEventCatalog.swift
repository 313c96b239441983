import ProvMessages
import ProvClient

/// Every kind of `--json` line the CLI writes, for the test that checks README's "JSON output"
/// table against the types both ways (and that every `JSONEvent`/`JSONFields` type in `Output/`
/// is listed here). A new event goes here and into the table in the same commit.
enum JSONEventCatalog {
    /// Every event but `result`.
    static let events: [any JSONEvent.Type] = [
        ProvisioningEvents.Start.self, ProvisioningEvents.DeviceInfo.self, ProvisioningEvents.Security.self,
        ProvisioningEvents.ProtocolVersionVerified.self, ProvisioningEvents.SessionEstablished.self,
        ProvisioningEvents.ControlDone.self, ProvisioningEvents.CustomReply.self, ProvisioningEvents.ScanStarted.self,
        ProvisioningEvents.ScanResults.self, ProvisioningEvents.CredentialsSent.self, ProvisioningEvents.ConfigApplied.self,
        ProvisioningEvents.Warning.self, ProvisioningEvents.ThreadScanStarted.self, ProvisioningEvents.ThreadScanResults.self,
        ProvisioningEvents.DatasetSent.self, ProvisioningEvents.Status<WiFiConnection>.self,
        ProvisioningEvents.Status<ThreadAttachment>.self,
        DoctorEvents.Check.self,
        DPPEvents.Daemon.self, DPPEvents.Peer.self, DPPEvents.AuthStarted.self, DPPEvents.Transmit.self,
        DPPEvents.Progress.self, DPPEvents.Bootstrap.self, DPPEvents.Listening.self,
        WPSEvents.Daemon.self, WPSEvents.Pin.self, WPSEvents.Started.self, WPSEvents.DaemonEvent.self, WPSEvents.Saved.self,
        WPSEvents.ERStarted.self, WPSEvents.ERAccessPoint.self, WPSEvents.ERAccessPointRemoved.self,
        WPSEvents.EREnrollee.self, WPSEvents.EREnrolleeRemoved.self, WPSEvents.OpenSyncConnected.self,
        WPSEvents.OpenSyncTargets.self, WPSEvents.OpenSyncRequested.self, WPSEvents.SessionStarted.self,
        WPSEvents.SessionEnded.self, WPSEvents.OpenSyncCancelRequested.self, WPSEvents.OpenSyncWPSDisabled.self,
        WPSEvents.OpenSyncRestored.self,
    ]

    /// What each subcommand adds to `ResultEvent`'s own fields (`ok`, `exit_code`, `error`, `message`).
    static let resultFields: [any JSONFields.Type] = [
        ResultEvent.Nothing.self, ProvisioningEvents.Result.self, DoctorEvents.Result.self,
        DPPEvents.ConfigureResult.self, DPPEvents.EnrollResult.self, DPPEvents.Bootstrap.self, DPPEvents.SignResult.self,
        WPSResults.Registered.self, WPSResults.Joined.self, WPSResults.Learned.self, WPSResults.NFCToken.self,
        WPSResults.OpenSyncSessionEnded.self, WPSResults.OpenSyncCancelled.self, WPSResults.ERListed.self,
        WPSResults.ERSettings.self, WPSResults.ERRegistered.self,
    ]

    /// Objects nested in events and results (`access_points`, `connection`, `networks`, …).
    static let nested: [any JSONFields.Type] = [
        ProvisioningEvents.AccessPointFields.self, ProvisioningEvents.ThreadNetworkFields.self,
        ProvisioningEvents.Connection.self, ProvisioningEvents.ThreadAttached.self, ProvisioningEvents.Result.Seconds.self,
        WPSResults.Registered.Enrollee.self, WPSResults.Network.self,
    ]
}
