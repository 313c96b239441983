import ProvClient
import Foundation
import Synchronization
import ProvSupport

/// Provisions the devices of a batch, at most `options.jobs` at a time. One device's failure never
/// stops the others; transient failures are retried; each device has a deadline.
///
/// Devices run without interaction (`ProvisioningInteraction.nonInteractive`): a batch never
/// waits for a person, which is why `BatchManifest` insists every value is given.
public struct BatchRunner: Sendable {
    /// Concurrency, retries and deadlines of this batch.
    public let options: BatchOptions
    /// How each device is reached; injected so tests run the batch without radios.
    public let transports: BatchTransportFactory
    /// Progress of one device, tagged with it (for verbose logs; events carry no secrets).
    private let onEvent: @Sendable (BatchDevice, ProvEvent) -> Void
    /// The BLE adapter's lock file, shared with other esp-prov processes of the host (nil: this batch only).
    private let hostWideLock: AdapterLock.HostWide?

    /// `onEvent` receives every device's progress, for `-v` output.
    public init(
        options: BatchOptions, transports: BatchTransportFactory, hostWideLock: AdapterLock.HostWide? = nil,
        onEvent: @escaping @Sendable (BatchDevice, ProvEvent) -> Void = { _, _ in }
    ) {
        self.options = options
        self.transports = transports
        self.hostWideLock = hostWideLock
        self.onEvent = onEvent
    }

    /// Runs every device and returns their records in manifest order. `onRecord` sees each record
    /// as its device finishes, one at a time (for streaming a report).
    public func run(_ devices: [BatchDevice], onRecord: @Sendable (BatchRecord) async -> Void = { _ in }) async -> [BatchRecord] {
        let adapterLock = AdapterLock(hostWide: hostWideLock)
        var records: [BatchRecord] = []
        await withTaskGroup(of: BatchRecord.self) { group in
            var pending = devices[...]
            func startNext() {
                guard let device = pending.popFirst() else { return }
                group.addTask { await self.provision(device, adapterLock: adapterLock) }
            }
            for _ in 0..<options.jobs { startNext() }
            while let record = await group.next() {
                await onRecord(record)
                records.append(record)
                startNext()
            }
        }
        return records.sorted { $0.index < $1.index }
    }

    /// All attempts for one device, within its deadline.
    func provision(_ device: BatchDevice, adapterLock: AdapterLock) async -> BatchRecord {
        let started = Date()
        let clock = ContinuousClock()
        let deadline = clock.now + options.deviceTimeout
        var attempts = 0
        var failure: ProvError?
        var address: String?
        /// "Outcome unknown" from an attempt that sent credentials, kept across retries that learn less.
        var learned: ProvError?
        while true {
            attempts += 1
            let reached = CredentialsReached()
            do {
                let limit = options.deviceTimeout
                let outcome = try await Deadline.run(
                    until: deadline, timeoutError: { ProvError.timeout(TimeoutFailure(.batchDevice, limit: limit, setBy: .batchDeviceTimeout)) }
                ) {
                    try await self.attempt(device, adapterLock: adapterLock, reached: reached)
                }
                if case .provisioned(let connection) = outcome { address = connection.ipAddress }
                failure = nil
                break
            } catch {
                failure = Self.provError(error)
            }
            if var error = failure {
                if reached.value, clock.now >= deadline {
                    error = .outcomeUnknown(OutcomeUnknown(.batchDeadline(limit: options.deviceTimeout)))
                }
                failure = Self.keeping(learned, after: error, reached: reached.value)
                if case .outcomeUnknown? = failure { learned = failure }
            }
            guard let error = failure, error.isTransient, attempts <= options.retries else { break }
            let pause = options.retryDelay * attempts
            guard clock.now + pause < deadline, (try? await Task.sleep(for: pause)) != nil else { break }
        }
        return BatchRecord(device: device, error: failure, attempts: attempts, ipAddress: address, started: started, finished: Date())
    }

    /// An attempt's failure, given what an earlier attempt learned: once a board may hold new
    /// credentials, only its own verdict in an attempt that reached it again replaces that (a board
    /// that took them and left its SoftAP makes every retry fail to connect, which must not hide it).
    private static func keeping(_ learned: ProvError?, after failure: ProvError, reached: Bool) -> ProvError {
        guard case .outcomeUnknown(let earlier)? = learned else { return failure }
        if case .outcomeUnknown = failure { return failure }
        if reached && failure.isDeviceVerdict { return failure }
        return .outcomeUnknown(OutcomeUnknown(.laterAttempt(earlier: earlier, then: failure), sent: earlier.sent))
    }

    /// One attempt: open, run, close (on every path); `reached` learns whether credentials left for the device.
    private func attempt(_ device: BatchDevice, adapterLock: AdapterLock, reached: CredentialsReached) async throws -> ProvisioningOutcome {
        let transport = try await transports.open(device, adapterLock: adapterLock)
        let onEvent = self.onEvent
        let provisioner = Provisioner(
            transport: transport, request: device.request(statusTimeout: options.statusTimeout),
            interaction: .nonInteractive, onEvent: {
                reached.observe($0)
                onEvent(device, $0)
            })
        return try await Closing(transport).run {
            try await withTaskCancellationHandler {
                try await provisioner.run()
            } onCancel: {
                // A transport blocked on the device only notices cancellation when closed.
                Task { await transport.close() }
            }
        }
    }

    private static func provError(_ error: Error) -> ProvError {
        if let error = error as? ProvError { return error }
        if error is CancellationError { return .timeout(TimeoutFailure(.cancelled(doing: nil))) }
        return .internalError("\(error)")
    }
}

/// Closes a transport after a body, whether it returned or threw.
private struct Closing {
    let transport: any ProvTransport

    init(_ transport: any ProvTransport) {
        self.transport = transport
    }

    func run<T>(_ body: () async throws -> T) async throws -> T {
        do {
            let value = try await body()
            await transport.close()
            return value
        } catch {
            await transport.close()
            throw error
        }
    }
}

/// Whether an attempt got as far as sending credentials (or a dataset), from its events.
private final class CredentialsReached: Sendable {
    private let reached = Mutex(false)

    var value: Bool { reached.withLock { $0 } }

    func observe(_ event: ProvEvent) {
        switch event {
        case .credentialsSending, .datasetSending: reached.withLock { $0 = true }
        default: break
        }
    }
}
