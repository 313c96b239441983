import ProvClient

/// Prints a run's progress as esp_prov does, so log parsers built for it keep working
/// (`==== Session Established ====`, `==== Provisioning was successful ====`, …), and the Thread flow
/// as network_provisioning's esp_prov prints it (`==== Sending Thread Dataset to Target ====`, …).
struct TextReporter: Sendable {
    let verbose: Bool
    let write: @Sendable (String) -> Void
    /// On a terminal: a live progress line while waiting, and colours unless `NO_COLOR` is set.
    let progress: ProgressLine?
    let colors: Bool

    init(verbose: Bool, terminal: Bool = false, colors: Bool = false, write: @escaping @Sendable (String) -> Void) {
        self.verbose = verbose
        self.write = write
        self.progress = terminal ? ProgressLine(write: write) : nil
        self.colors = colors
    }

    func report(_ event: ProvEvent) {
        progress?.stop()
        print(event)
        switch event {
        case .sessionStarting: progress?.start("establishing the secure session")
        case .scanning: progress?.start("the device is scanning for Wi-Fi networks")
        case .applied: progress?.start(StatusWording.wifi.waiting)
        case .wifiState(.joining, let elapsed): waiting(StatusWording.wifi, elapsed: elapsed)
        case .threadScanning: progress?.start("the device is scanning for Thread networks")
        case .threadApplied: progress?.start(StatusWording.thread.waiting)
        case .threadState(.joining, let elapsed): waiting(StatusWording.thread, elapsed: elapsed)
        default: break
        }
    }

    private func waiting(_ words: StatusWording, elapsed: Double) {
        progress?.start(words.waiting, since: .now - .milliseconds(Int(elapsed * 1000)))
    }

    /// `==== Provisioning manager: network_provisioning (Thread) ====`
    static func managerLine(_ info: DeviceInfo) -> String {
        "==== Provisioning manager: \(info.manager.rawValue) (\(info.network == .thread ? "Thread" : "Wi-Fi")) ===="
    }

    private func print(_ event: ProvEvent) {
        switch event {
        case .deviceInfo(let info):
            detail("proto-ver: \(printableDeviceText(info.raw.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: "")))")
            if info.manager != .unknown { line(Self.managerLine(info)) }
        case .securityChosen(let plan):
            line("==== Security Scheme: \(plan.version.rawValue) ====")
            detail("security \(plan.version.rawValue): \(plan.reason)")
            if plan.version == .sec2 { detail("sec2 IV mode from proto-ver: \(plan.ivMode)") }
        case .protocolVersionVerified:
            line("\n==== Verifying protocol version ====")
            line("==== Verified protocol version successfully ====", .success)
        case .sessionStarting:
            line("\n==== Starting Session ====")
        case .sessionEstablished:
            line("==== Session Established ====", .success)
        case .controlSending(let command, let network):
            let name = network == .thread ? "Thread" : "WiFi"
            line(command == .reset ? "==== Resetting \(name)====" : "==== Reprovisioning \(name)====")
        case .controlDone(let command):
            line("==== \(command == .reset ? "Reset" : "Reprovision") command accepted ====")
        case .customSending(let endpoint):
            line("\n==== Sending Custom data to Target ====")
            if endpoint != "custom-data" { detail("endpoint: \(endpoint)") }
        case .customReply(_, let reply):
            line("++++ CustomData response: \(pythonBytesLiteral(reply))++++")
            line("==== Custom data sent successfully ====", .success)
        case .scanning:
            line("\n==== Scanning Wi-Fi APs ====")
        case .scanned(let accessPoints, let seconds):
            line("\n++++ Scan finished in \(formatSeconds(seconds)) sec")
            if accessPoints.isEmpty { line("No APs found!") }
        case .credentialsSending:
            line("\n==== Sending Wi-Fi Credentials to Target ====")
        case .credentialsSent:
            line("==== Wi-Fi Credentials sent successfully ====", .success)
        case .applying:
            line("\n==== Applying Wi-Fi Config to Target ====")
        case .applied, .threadApplied:
            line("==== Apply config sent successfully ====", .success)
        case .wifiState(let status, let elapsed):
            state(status, elapsed: elapsed)
        case .provisioned, .attached:
            line("==== Provisioning was successful ====", .success)
        case .detail(let text):
            detail(text)
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
            line("==== Thread Dataset sent successfully ====", .success)
        case .threadApplying:
            line("\n==== Applying Thread Config to Target ====")
        case .threadState(let status, let elapsed):
            state(status, elapsed: elapsed)
        }
    }

    /// One status answer, Wi-Fi or Thread, in esp_prov's words (network_provisioning's esp_prov
    /// then dumps the attempt_failed message on a Wi-Fi retry).
    private func state<Joined: ReportedJoin, Failure: ReportedFailure>(
        _ status: NetworkStatus<Joined, Failure>, elapsed: Double
    ) {
        let words = Joined.wording
        line("\n" + words.heading)
        switch status {
        case .joined(let joined):
            line(words.joined, words.joinedTone)
            detail(joined.summary)
        case .joining(let attempts):
            line(words.joining)
            if let attempts { line("Connection attempt failed, attempts remaining: \(attempts)") }
            detail("\(formatSeconds(elapsed)) s since apply")
        case .failed(let failure):
            line(words.failed, words.endedTone)
            line("---- Failure reason: \(failure.reason.text) ----", .failure)
        case .disconnected:
            line(words.disconnected, words.endedTone)
        }
    }

    /// The esp_prov scan table (`S.N. SSID BSSID CHN RSSI AUTH`, same widths).
    static func accessPointTable(_ accessPoints: [AccessPoint]) -> String {
        var text = "==== Wi-Fi Scan results ====\n"
        text += "S.N. " + pad("SSID", 33) + " " + pad("BSSID", 12) + " " + padLeft("CHN", 4) + " " + pad("RSSI", 4) + " " + pad("AUTH", 16) + "\n"
        for (index, ap) in accessPoints.enumerated() {
            text += "[" + padLeft(String(index + 1), 2) + "] " + pad(ap.ssid, 33) + " " + pad(ap.bssidHex, 12) + " "
                + padLeft(String(ap.channel), 4) + " " + pad(String(ap.rssi), 4) + " " + pad(ap.auth.description, 16) + "\n"
        }
        return text
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    /// A line outside the event stream (connection banner, final failure line).
    func plain(_ text: String, _ tone: LineTone = .plain) { line(text, tone) }

    func line(_ text: String, _ tone: LineTone = .plain) { write(colored(text, tone) + "\n") }

    /// Green for milestones, red for failures, as a person scanning the screen expects.
    private func colored(_ text: String, _ tone: LineTone) -> String {
        guard colors else { return text }
        switch tone {
        case .plain: return text
        case .success: return "\u{1B}[32m\(text)\u{1B}[0m"
        case .failure: return "\u{1B}[31m\(text)\u{1B}[0m"
        }
    }

    func detail(_ text: String) {
        if verbose { write("++++ \(text) ++++\n") }
    }

    func formatSeconds(_ seconds: Double) -> String {
        String(Double((seconds * 100).rounded()) / 100)
    }
}
