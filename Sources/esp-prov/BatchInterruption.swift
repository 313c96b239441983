import Foundation
import ProcessSignals
import ProvBatch
import ProvClient

/// Ctrl-C, SIGTERM or SIGHUP during `esp-prov batch` (a CI job cancelled mid-rack): the lines of devices that
/// finished stay as written, every other device gets a line with `error: interrupted` (exit_code 130)
/// saying whether it was sent credentials, and the summary names the boards to look at. Without
/// this the report silently lacks devices and nobody knows which boards may hold new credentials.
/// `@unchecked Sendable`: `running`, `finished` and `provisioned` are guarded by `lock`; `devices` is immutable.
final class BatchInterruption: @unchecked Sendable {
    private let lock = NSLock()
    private let devices: [BatchDevice]
    /// Each started device's run phase (fed with its events) and when it started.
    private var running: [Int: (phase: RunPhase, started: Date)] = [:]
    private var finished: Set<Int> = []
    private var provisioned = 0

    init(devices: [BatchDevice]) {
        self.devices = devices
    }

    /// A device's progress (the runner's `onEvent`): its first event marks it started.
    func observe(_ device: BatchDevice, _ event: ProvEvent) {
        let phase = lock.withLock {
            if let entry = running[device.index] { return entry.phase }
            let phase = RunPhase()
            running[device.index] = (phase, Date())
            return phase
        }
        phase.observe(event)
    }

    /// Hands a finished device's line to `write`, unless `ending` has claimed the batch (its end
    /// writes the line: a device whose link the end closed fails, and must not be reported as that failure).
    func finished(_ line: BatchReportLine, unlessEndedBy ending: RunEnding, write: (BatchReportLine) -> Void) {
        lock.withLock {
            guard !ending.endedFromOutside else { return }
            finished.insert(line.index)
            if line.outcome == .provisioned { provisioned += 1 }
            write(line)
        }
    }

    /// Ends the batch (called by the `RunEnding` that has claimed it, so `finished` writes nothing
    /// more): hands `write` a line for every device that had not finished and returns the failure to report.
    func interrupt(write: (BatchReportLine) -> Void) -> CommandFailure {
        lock.withLock {
            var unknown: [String] = []
            var untouched: [String] = []
            for device in devices where !finished.contains(device.index) {
                let entry = running[device.index]
                let changed = entry?.phase.deviceMayHaveChanged ?? false
                let message: String
                if changed {
                    message = "interrupted after the device was sent credentials: the outcome is unknown"
                    unknown.append(printableDeviceText(device.name))
                } else {
                    message = entry == nil
                        ? "interrupted before this device was started: nothing was changed on it"
                        : RunPhase.nothingSent
                    untouched.append(printableDeviceText(device.name))
                }
                write(.interrupted(device, message: message, attempts: entry == nil ? 0 : 1, started: entry?.started ?? Date()))
            }
            var summary = "interrupted: \(provisioned) of \(devices.count) provisioned, \(finished.count - provisioned) failed"
            if !unknown.isEmpty {
                summary += "; sent credentials, outcome unknown: \(unknown.joined(separator: ", "))"
                    + " (run esp-prov again on them: a provisioned device stops answering; or undo with --reset)"
            }
            if !untouched.isEmpty { summary += "; nothing changed on: \(untouched.joined(separator: ", "))" }
            return CommandFailure(.interrupted, summary)
        }
    }
}

extension BatchReportLine {
    /// The line of a device the batch was interrupted on: `failed`, `error: interrupted`, exit_code 130.
    static func interrupted(_ device: BatchDevice, message: String, attempts: Int, started: Date) -> BatchReportLine {
        let record = BatchRecord(
            device: device, error: .outcomeUnknown(OutcomeUnknown(ProvMessage(message))), attempts: attempts, ipAddress: nil, started: started, finished: Date())
        var line = BatchReportLine(record)
        line.error = ExitStatus.interrupted.name
        line.exitCode = ExitStatus.interrupted.rawValue
        line.message = message
        return line
    }
}
