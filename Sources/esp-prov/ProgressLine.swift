import Foundation
import ProvClient

/// A spinner with elapsed seconds, redrawn in place while esp-prov waits on the device (scan,
/// handshake, Wi-Fi connection). Only used on a terminal; pipes get plain lines.
/// `@unchecked Sendable`: `timer`, `label`, `started` and `frame` are guarded by `lock`, in the timer's handler too.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let write: @Sendable (String) -> Void
    private var timer: DispatchSourceTimer?
    private var label = ""
    private var started = ContinuousClock.now
    private var frame = 0
    private static let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    init(write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    /// Shows `label`, counting from `since` (defaults to now).
    func start(_ label: String, since: ContinuousClock.Instant = .now) {
        lock.withLock {
            self.label = label
            self.started = since
            guard timer == nil else { return }
            let timer = DispatchSource.makeTimerSource(queue: .global())
            timer.schedule(deadline: .now(), repeating: .milliseconds(100))
            timer.setEventHandler { [weak self] in self?.draw() }
            self.timer = timer
            timer.resume()
        }
    }

    /// Clears the line so ordinary output can follow.
    func stop() {
        lock.withLock {
            guard let timer else { return }
            timer.cancel()
            self.timer = nil
            write("\r\u{1B}[K")
        }
    }

    private func draw() {
        lock.withLock {
            guard timer != nil else { return }
            frame = (frame + 1) % Self.frames.count
            let elapsed = ContinuousClock.now - started
            let seconds = String(format: "%.1f", elapsed.seconds)
            write("\r\u{1B}[K\(Self.frames[frame]) \(label) (\(seconds) s)")
        }
    }
}
