import ProvClient
import DBus
import ProvSupport

/// Provisioning over BLE GATT through BlueZ's D-Bus API (docs/protocol.md §4.2).
///
/// Each exchange writes the request to the endpoint's characteristic with Write Request and
/// reads the response back from the same characteristic; BlueZ does long writes and reads.
/// A dropped link fails the pending exchange at once; a device that forces encryption is
/// paired once (just works) and the exchange retried.
public actor BLETransport: ProvTransport {
    /// BLE: scans page 4 results at a time to fit a characteristic.
    public nonisolated var kind: TransportKind { .ble }

    /// The device this transport is connected to.
    public nonisolated let device: DiscoveredDevice
    /// The provisioning service's UUID on the device.
    public nonisolated let serviceUUID: String
    /// Endpoints in GATT order (prov-ctrl, prov-scan, prov-session, prov-config, proto-ver, custom…).
    public nonisolated let endpoints: [BLEEndpoint]

    private let bus: DBusConnection
    private let options: BLETransportOptions
    private let link: BLELinkMonitor
    private var paired = false
    private var closed = false

    init(bus: DBusConnection, options: BLETransportOptions, device: DiscoveredDevice, link: BLELinkMonitor,
         serviceUUID: String, endpoints: [BLEEndpoint]) {
        self.bus = bus
        self.options = options
        self.device = device
        self.link = link
        self.serviceUUID = serviceUUID
        self.endpoints = endpoints
    }

    /// Names read from the 0x2901 descriptors, so operations can tell a missing endpoint before asking.
    public var knownEndpoints: [String]? { endpoints.map(\.name) }

    /// Write Request, then read the same characteristic; pairs once and retries when the device insists on encryption.
    public func exchange(_ endpoint: String, _ request: [UInt8]) async throws -> [UInt8] {
        guard !closed else { throw ProvError.transport(TransportFailure(.closed)) }
        guard let target = endpoints.first(where: { $0.name == endpoint }) else { throw ProvError.endpointNotFound(endpoint) }
        guard request.count <= BlueZ.maximumValueLength else {
            throw ProvError.transport(TransportFailure(
                .requestTooLarge(endpoint: endpoint, size: request.count, limit: BlueZ.maximumValueLength)))
        }
        do {
            return try await attempt(target, request)
        } catch let failure as DBusFailure where BlueZErrorAdvice.needsPairing(failure) && !paired {
            options.verbose("'\(endpoint)' needs an encrypted link (\(failure)); pairing with \(device.address)")
            try await pair()
            do {
                return try await attempt(target, request)
            } catch let failure as DBusFailure {
                throw mapExchangeFailure(failure, endpoint: endpoint)
            }
        } catch let failure as DBusFailure {
            throw mapExchangeFailure(failure, endpoint: endpoint)
        }
    }

    /// One write-then-read, bounded by the exchange deadline and the link staying up.
    /// D-Bus failures come out unmapped so that the caller can decide on pairing.
    private func attempt(_ target: BLEEndpoint, _ request: [UInt8]) async throws -> [UInt8] {
        guard link.current.connected else { throw disconnectedError(target.name) }
        options.verbose("BLE write \(target.name) (\(target.uuid)): \(request.count) bytes")
        let bus = self.bus
        let link = self.link
        let disconnected = disconnectedError(target.name)
        let callTimeout = options.exchangeTimeout + .seconds(1)  // the race below reports the timeout
        let timedOut = ProvError.timeout(TimeoutFailure(
            .response(endpoint: target.name, peer: nil), limit: options.exchangeTimeout, setBy: .bleExchangeTimeout))
        let response = try await Deadline.run(
            until: .now + options.exchangeTimeout,
            timeoutError: { timedOut },
            abort: {
                await link.wait { !$0.connected }
                return disconnected
            }
        ) {
            _ = try await bus.call(
                destination: BlueZ.service, path: target.characteristicPath, interface: BlueZ.gattCharacteristicInterface,
                member: "WriteValue", arguments: [.bytes(request), .vardict(["type": .string("request")])],
                timeout: callTimeout)
            let reply = try await bus.call(
                destination: BlueZ.service, path: target.characteristicPath, interface: BlueZ.gattCharacteristicInterface,
                member: "ReadValue", arguments: [.vardict([:])], timeout: callTimeout)
            return try reply.argument(0).bytes()
        }
        guard response.count <= BlueZ.maximumValueLength else {
            throw ProvError.protocolViolation(ProtocolViolation(
                .tooLarge(endpoint: target.name, size: response.count, limit: BlueZ.maximumValueLength, .bleCharacteristic)))
        }
        options.verbose("BLE read \(target.name): \(response.count) bytes")
        return response
    }

    private func disconnectedError(_ endpoint: String) -> ProvError {
        .transport(TransportFailure(.disconnected(name: device.displayName, address: device.address, endpoint: endpoint)))
    }

    private func mapExchangeFailure(_ failure: DBusFailure, endpoint: String) -> ProvError {
        if BlueZErrorAdvice.isATTError(failure) {
            // protocomm rejected the request (bad handshake, wrong PoP, decrypt failure, …): the
            // BLE counterpart of the HTTP server closing the connection without a response.
            // (Bluedroid also drops the link right after; the error still says what happened.)
            options.verbose("'\(endpoint)' answered with an ATT error: \(failure)")
            return .closedWithoutResponse(endpoint: endpoint)
        }
        if BlueZErrorAdvice.isNotConnected(failure) || !link.current.connected { return disconnectedError(endpoint) }
        if BlueZErrorAdvice.needsPairing(failure) {
            return .transport(TransportFailure(.pairingDidNotHelp(cause: "\(failure)")))
        }
        if case .error(let name, _) = failure, name == BlueZ.ErrorName.invalidArguments {
            return .transport(TransportFailure(.rejectedAsMalformed(endpoint: endpoint, cause: "\(failure)")))
        }
        return BlueZErrorAdvice.provError(failure, doing: "exchange with '\(endpoint)'")
    }

    /// Registers a just-works agent, pairs, and unregisters the agent again.
    private func pair() async throws {
        paired = true
        let agent: BLEPairingAgent
        do {
            agent = try await BLEPairingAgent.register(bus: bus, log: options.log)
        } catch {
            throw BlueZErrorAdvice.provError(error, doing: "registering a pairing agent")
        }
        do {
            _ = try await bus.call(
                destination: BlueZ.service, path: device.objectPath, interface: BlueZ.deviceInterface, member: "Pair",
                timeout: options.pairingTimeout)
            options.verbose("paired with \(device.address)")
        } catch DBusFailure.error(let name, _) where name == BlueZ.ErrorName.alreadyExists {
            options.verbose("\(device.address) was already paired")
        } catch {
            await agent.unregister()
            throw BlueZErrorAdvice.provError(error, doing: "pairing with \(device.address)")
        }
        await agent.unregister()
    }

    /// Disconnects (the device may already have dropped the link after provisioning — that is
    /// not an error) and releases the bus connection.
    public func close() async {
        guard !closed else { return }
        closed = true
        link.stop()
        do {
            _ = try await bus.call(
                destination: BlueZ.service, path: device.objectPath, interface: BlueZ.deviceInterface, member: "Disconnect",
                timeout: .seconds(5))
            options.verbose("disconnected from \(device.address)")
        } catch {
            options.verbose("Disconnect \(device.address): \(error) (ignored)")
        }
        bus.close()
    }
}
