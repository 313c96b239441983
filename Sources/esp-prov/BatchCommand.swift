import ArgumentParser
import Foundation
import OptionValues
import ProcessSignals
import ProvClient
import ProvBatch
import ProvBlueZ
import ProvTransports

/// `esp-prov batch MANIFEST`: provisions a rack of devices from a JSON or CSV manifest, several at
/// a time, writing one JSON line per device and a summary on stderr.
struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Provision many devices from a JSON or CSV manifest, several at a time.",
        discussion: "The whole manifest is checked before any device is contacted. One JSON line per device goes to "
            + "--report (default: standard output), a summary to standard error. Exit status 0 only when every device "
            + "was provisioned, 11 otherwise, 2 for a manifest or flag problem.")

    @Argument(help: "The manifest: a .json or .csv file (- for standard input).", completion: .file(extensions: ["json", "csv"]))
    var manifest: String

    @Option(name: [.customLong("format")], help: "json or csv (default: from the extension, else the contents).")
    var format: ManifestFormat?

    @Option(name: [.customLong("jobs"), .customShort("j")], help: "Devices provisioned at the same time \(BoundedInteger<Jobs>.rangeText).")
    var jobs = BoundedInteger<Jobs>(4)

    @Option(name: [.customLong("retries")], help: "Extra attempts for transient failures (transport, timeout, outcome_unknown) \(BoundedInteger<Retries>.rangeText).")
    var retries = BoundedInteger<Retries>(1)

    @Option(name: [.customLong("retry_delay"), .customLong("retry-delay")], help: "Seconds before retry n is n times this \(Seconds<Delay>.rangeText).")
    var retryDelay = Seconds<Delay>(2)

    @Option(name: [.customLong("device_timeout"), .customLong("device-timeout")], help: "Seconds one device may take, retries included \(Seconds<Timeout>.rangeText).")
    var deviceTimeout = Seconds<Timeout>(180)

    @Option(name: [.customLong("timeout")], help: "Seconds to wait for each device's Wi-Fi outcome after applying \(Seconds<Timeout>.rangeText).")
    var timeout = Seconds<Timeout>(60)

    @Option(name: [.customLong("request_timeout"), .customLong("request-timeout")], help: "Seconds to wait for each device reply \(Seconds<Timeout>.rangeText).")
    var requestTimeout = Seconds<Timeout>(30)

    @Option(name: [.customLong("ssid")], help: "Wi-Fi network for devices whose manifest entry names none.")
    var ssid: String?

    @Option(name: [.customLong("passphrase")], help: "Wi-Fi passphrase for devices whose manifest entry gives none.")
    var passphrase: String?

    @Option(name: [.customLong("passphrase_file"), .customLong("passphrase-file")], help: "Read that passphrase from a file.", completion: .file())
    var passphraseFile: String?

    @Option(name: [.customLong("report")], help: "Write the JSON-lines report to this file instead of standard output.",
            completion: .file())
    var report: String?

    /// What `--jobs` takes: each job holds a connection and a task, so a rack, not a city.
    enum Jobs: IntegerRange {
        static let range = 1...256
    }

    /// What `--retries` takes.
    enum Retries: IntegerRange {
        static let range = 0...100
    }

    func run() async throws {
        let devices = try loadManifest()
        let output = try ReportOutput(path: report, manifest: manifest == "-" ? nil : manifest)
        let summary = BatchSummary(total: devices.count)
        let interruption = BatchInterruption(devices: devices)
        // A signal closes every link in flight, then writes each unfinished device's line (once:
        // signals sent together end the batch once) and exits 130, as a single run does.
        let ending = RunEnding { _ in
            let failure = interruption.interrupt { output.write($0.jsonLine + "\n") }
            output.close()
            if let lost = output.failure { StandardStream.error.write("error: \(lost)\n") }
            return failure
        }
        // The cause's words are the single run's; the batch's end words its own summary.
        let signals = SignalWatch { _ in ending.end(CommandFailure(.interrupted, RunPhase.nothingSent)) }
        defer { signals.cancel(restoringDefaults: true) }
        let requestTimeout = requestTimeout.duration
        let open: BatchTransportFactory.Open = { device in
            let spec = device.transportSpec(requestTimeout: requestTimeout)
            return try await ending.opening(device.name, kind: spec.kind) { _ in try await spec.open() }
        }
        let runner = BatchRunner(
            options: BatchOptions(
                jobs: jobs.value, retries: retries.value, retryDelay: retryDelay.duration, deviceTimeout: deviceTimeout.duration,
                statusTimeout: timeout.duration),
            transports: BatchTransportFactory(softap: open, ble: open),
            hostWideLock: try AdapterLock.HostWide.announcing(adapter: await bleLockName(devices), command: "esp-prov batch"),
            onEvent: interruption.observe)
        let records = await runner.run(devices) { record in
            interruption.finished(BatchReportLine(record), unlessEndedBy: ending) { line in
                output.write(line.jsonLine + "\n")
                summary.progress(line)
            }
        }
        guard ending.claimNormalEnd() else { await ending.exitWhenEnded() }
        output.close()
        summary.finish(records)
        if let failure = output.failure { throw CommandFailure(.batchFailed, "\(failure)") }
        let failed = records.filter { $0.outcome == .failed }.count
        if failed > 0 { throw ProvError.batchFailed(failed: failed, total: records.count) }
    }

    /// The adapter lock's name: BLE devices use the default adapter, named as BlueZ resolves it
    /// (`ble-hci0`, as a single run given `--ble_adapter hci0` names it); BlueZ is asked only when the
    /// manifest has a BLE device.
    private func bleLockName(_ devices: [BatchDevice]) async -> String {
        guard let device = devices.first(where: { $0.transport == .ble }) else { return "ble-default" }
        return await AdapterLock.bleName(BLETransportOptions(spec: device.transportSpec(requestTimeout: requestTimeout.duration)))
    }

    /// Reads and validates the whole manifest; any problem is a usage error naming its line or index.
    private func loadManifest() throws -> [BatchDevice] {
        let contents: Data
        do {
            contents = Data(try BoundedFile(
                path: manifest, limit: BoundedFile.manifestLimit,
                bound: try StdinAnswers.bound(environment: ProcessInfo.processInfo.environment)).bytes)
        } catch let failure as BoundedFile.Failure {
            throw ProvError.usage("cannot read the manifest \(printableDeviceText(manifest)): \(failure)")
        }
        let base = manifest == "-"
            ? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            : URL(fileURLWithPath: manifest).deletingLastPathComponent()
        let passphrase = try SecretSource.passphrase(flag: passphrase, file: passphraseFile).resolve()
        do {
            return try BatchManifest(
                parsing: contents, format: format?.format ?? BatchManifest.format(path: manifest, contents: contents),
                wifi: .init(ssid: ssid, passphrase: passphrase), secrets: ManifestSecrets(baseDirectory: base)
            ).devices
        } catch let error as ManifestError {
            throw ProvError.usage(error.message)
        }
    }
}

/// `--format` values.
enum ManifestFormat: String, ExpressibleByArgument, CaseIterable {
    case json, csv

    var format: BatchManifest.Format { self == .json ? .json : .csv }
}

/// The human side of a batch, on stderr: a line per finished device, then a summary.
private struct BatchSummary: Sendable {
    let total: Int

    /// Names, services and messages come from the manifest (and the device): escaped, like all device text.
    func progress(_ record: BatchReportLine) {
        let (name, service) = (printableDeviceText(record.name), printableDeviceText(record.service))
        let attempts = record.attempts == 1 ? "1 attempt" : "\(record.attempts) attempts"
        let line: String
        if record.outcome == .provisioned {
            line = "ok    \(name) (\(service))\(record.ipAddress.map { " got IP \($0)" } ?? ""), "
                + "\(attempts), \(format(record.seconds)) s"
        } else {
            line = "FAIL  \(name) (\(service)) \(record.error ?? "?"): \(printableDeviceText(record.message ?? "")), "
                + "\(attempts), \(format(record.seconds)) s"
        }
        StandardStream.error.write(line + "\n")
    }

    func finish(_ records: [BatchRecord]) {
        let failed = records.filter { $0.outcome == .failed }
        var text = "==== Batch: \(records.count - failed.count) of \(total) provisioned, \(failed.count) failed ===="
        if !failed.isEmpty {
            text += "\nfailed: " + failed.map { "\(printableDeviceText($0.name)) (\($0.failure.map { ExitStatus(for: $0).name } ?? "?"))" }.joined(separator: ", ")
        }
        let unknown = failed.filter { if case .outcomeUnknown? = $0.failure { return true } else { return false } }
        if !unknown.isEmpty {
            text += "\nsent credentials, outcome unknown: " + unknown.map { printableDeviceText($0.name) }.joined(separator: ", ")
                + " (run esp-prov again on them: a provisioned device stops answering; or undo with --reset)"
        }
        StandardStream.error.write(text + "\n")
    }

    private func format(_ seconds: Double) -> String { String(format: "%.1f", seconds) }
}
