import Foundation
import ProvSupport

/// A strict ESP32 running protocomm and the provisioning manager, minus the radio.
///
/// Transport-agnostic: a transport (the HTTP server here, a fake BlueZ elsewhere) reports its
/// sessions with `openSession`/`closeSession` and hands each request to `handle`, which answers the
/// bytes a real board would answer, or nil where a real board fails the request (HTTP: socket closed
/// without a response; BLE: ATT error). Requests are processed one at a time, in arrival order, as on
/// the board's single protocomm task, so a blocking scan holds up everything behind it.
public actor VirtualDevice {
    /// The manager's own endpoints in GATT declaration order (docs/protocol.md §1.2).
    static let managerEndpointNames = ["prov-ctrl", "prov-scan", "prov-session", "prov-config", "proto-ver"]
    static let customEndpointReply: [UInt8] = Array("SUCCESS".utf8) + [0]

    /// What this device emulates; fixed for its lifetime, as firmware is.
    public nonisolated let configuration: DeviceConfiguration
    /// Registered endpoints in GATT declaration order: prov-ctrl (if present), prov-scan (if present),
    /// prov-session, prov-config, proto-ver, then the custom endpoints in creation order.
    public nonisolated let endpointNames: [String]
    /// The exact `proto-ver` answer (docs/protocol.md §1.3).
    public nonisolated let versionBytes: [UInt8]

    let randomness: DeviceRandomness
    /// The protocomm security instance and its one session (docs/protocol.md §3.1).
    var security: any SecurityScheme
    /// Whether the provisioning service has stopped (auto-stop after success, or `stop()`): from then
    /// on every request fails and transports should stop serving.
    public private(set) var stopped = false
    /// Every request received so far, per endpoint (failed ones included).
    public private(set) var tally = RequestTally()

    // The provisioning manager (docs/protocol.md §6.1, §6.3), one value per part, each keeping its own rules (what
    // SetConfig stores and Apply consumes, which epoch is current, how a scan pages); the handler
    // extensions in Manager/ drive them.
    var manager = ManagerState()
    var wifi = WiFiStation()
    var thread = ThreadNetwork()
    var wifiScan = ScanState<ScanEntry>()
    var threadScan = ScanState<ThreadScanEntry>()
    var timers = DeviceTimers()

    private var eventContinuations: [UUID: AsyncStream<DeviceEvent>.Continuation] = [:]
    private let gate = RequestGate()

    /// The configuration is used as is; call `configuration.validate()` first to reject combinations no
    /// firmware has.
    public init(configuration: DeviceConfiguration, randomness: DeviceRandomness = .system) {
        self.configuration = configuration
        self.randomness = randomness
        var names: [String] = []
        if configuration.hasProvCtrl { names.append("prov-ctrl") }
        if configuration.hasProvScan { names.append("prov-scan") }
        names += ["prov-session", "prov-config", "proto-ver"]
        names += configuration.customEndpoints
        self.endpointNames = names
        self.versionBytes = Array(ProtoVersion.text(for: configuration).utf8)
        switch configuration.security {
        case .sec0:
            security = SecuritySession0()
        case .sec1(let pop):
            security = SecuritySession(Security1Handshake(pop: pop, randomness: randomness))
        case .sec2(let salt, let verifier):
            security = SecuritySession(Security2Handshake(
                salt: salt, verifier: verifier, counterNonce: configuration.usesSec2CounterNonce, randomness: randomness
            ))
        }
    }

    /// Whether `name` is a registered endpoint of the running service.
    public func hasEndpoint(_ name: String) -> Bool {
        !stopped && endpointNames.contains(name)
    }

    /// The transport's `new_transport_session(id)`: one session at a time, so this closes the
    /// previous one ("Closing old session with id …", docs/protocol.md §3.1).
    public func openSession(_ id: UInt32) {
        security.openSession(id)
        emit(.sessionOpened(id))
    }

    /// The transport's `close_transport_session(id)`; ignored unless `id` is the current session.
    public func closeSession(_ id: UInt32) {
        security.closeSession(id)
        emit(.sessionClosed(id))
    }

    /// Processes one request as protocomm does (docs/protocol.md §1.1): `proto-ver` raw, `prov-session` through the
    /// handshake, every other endpoint decrypted → handled → encrypted.
    /// - Returns: the response bytes, or nil for a protocomm failure (never a protobuf error, docs/protocol.md §3.1).
    public func handle(endpoint: String, session: UInt32, request: [UInt8]) async -> [UInt8]? {
        await gate.enter()
        defer { gate.leave() }
        let occurrence = tally.record(endpoint)
        let faults = configuration.faults
        do {
            if faults.drops(requestNumber: tally.total) { throw RequestFailure.injectedFault }
            let response = try await process(endpoint: endpoint, session: session, request: request)
            return await faults.deliver(response, endpoint: endpoint, occurrence: occurrence)
        } catch {
            emit(.requestFailed(endpoint: endpoint, failure: error as? RequestFailure ?? .malformedMessage))
            return nil
        }
    }

    private func process(endpoint: String, session: UInt32, request: [UInt8]) async throws -> [UInt8] {
        guard !stopped else { throw RequestFailure.serviceStopped }
        guard endpointNames.contains(endpoint) else { throw RequestFailure.unknownEndpoint }
        switch endpoint {
        case "proto-ver":
            return configuration.faults.protoVersionReply(versionBytes)  // VER_EP: input ignored, never encrypted
        case "prov-session":
            let step = try security.handshake(session: session, request: request)
            if step.established { emit(.sessionEstablished(session)) }
            return configuration.faults.handshakeReply(step.response)
        default:
            let plaintext = try security.decrypt(session: session, request)
            let response = try await handleRequest(endpoint: endpoint, plaintext: plaintext)
            return try security.encrypt(session: session, response)
        }
    }

    private func handleRequest(endpoint: String, plaintext: [UInt8]) async throws -> [UInt8] {
        let netprov = configuration.generation == .netprov
        switch endpoint {
        case "prov-config":
            let request = try ConfigMessages.decode(plaintext, networkProvisioning: netprov)
            return ConfigMessages.encode(handleConfig(request))
        case "prov-scan":
            let request = try ScanMessages.decode(plaintext, networkProvisioning: netprov)
            return ScanMessages.encode(configuration.faults.scanResponse(try await handleScan(request)))
        case "prov-ctrl":
            let request = try CtrlMessages.decode(plaintext, networkProvisioning: netprov)
            return CtrlMessages.encode(handleCtrl(request), networkProvisioning: netprov)
        default:
            // The example's custom_prov_data_handler: logs the data, replies "SUCCESS\0".
            return Self.customEndpointReply
        }
    }

    // MARK: Stopping

    /// Stops the provisioning service now (`wifi_prov_mgr_stop_provisioning`): endpoints disappear and
    /// every later request fails.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        _ = manager.abandonConnection()
        timers.cancelAll()
        emit(.stopped)
    }

    /// Stops the service (if running), cancels every timer and ends every event stream: call when the
    /// device is no longer needed so nothing outlives it.
    public func shutdown() {
        stop()
        for continuation in eventContinuations.values { continuation.finish() }
        eventContinuations.removeAll()
    }

    /// `wifi_prov_mgr_done()` after a GetStatus reported success: with auto-stop, stop after `cleanup_delay`.
    func scheduleStopAfterSuccessReport() {
        guard configuration.autoStop, !manager.stopScheduled, !stopped else { return }
        manager.stopScheduled = true
        let delay = configuration.cleanupDelay
        emit(.stopScheduled(afterMilliseconds: delay.milliseconds))
        timers.stop = after(delay) { device in device.stop() }
    }

    /// After GOT_IP: the 30 s auto-stop timer, for a client that never polls.
    func startAutoStopTimer() {
        guard configuration.autoStop else { return }
        timers.autoStop?.cancel()
        timers.autoStop = after(configuration.autoStopTimeout) { device in device.stop() }
    }

    /// Runs `action` on the actor after `delay`, unless cancelled first. Holds the device weakly so a
    /// pending timer never keeps a dropped device alive.
    func after(_ delay: Duration, _ action: @escaping @Sendable (isolated VirtualDevice) -> Void) -> Task<Void, Never> {
        Task { [weak self] in
            do { try await Task.sleep(for: delay) } catch { return }
            guard let self else { return }
            await self.run(action)
        }
    }

    private func run(_ action: @Sendable (isolated VirtualDevice) -> Void) {
        guard !Task.isCancelled else { return }
        action(self)
    }

    // MARK: Events

    /// A stream of what the device does (no secrets). Each call returns a new subscriber; the stream
    /// ends at `shutdown()`. Buffers the newest 1024 events.
    public func events() -> AsyncStream<DeviceEvent> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<DeviceEvent>.makeStream(bufferingPolicy: .bufferingNewest(1024))
        eventContinuations[id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.removeSubscriber(id) }
        }
        return stream
    }

    private func removeSubscriber(_ id: UUID) {
        eventContinuations[id] = nil
    }

    func emit(_ event: DeviceEvent) {
        for continuation in eventContinuations.values { continuation.yield(event) }
    }

}

