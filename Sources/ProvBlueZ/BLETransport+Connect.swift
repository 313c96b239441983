import ProvClient
import DBus
import ProvSupport

extension BLETransport {
    /// Scans once and returns the devices seen advertising whose name starts with
    /// `options.namePrefix`, strongest signal first — the data for the CLI's numbered list.
    public static func discover(options: BLETransportOptions) async throws -> [DiscoveredDevice] {
        let bus = try await openBus(options)
        defer { bus.close() }
        let scanner = BLEScanner(bus: bus, adapter: try await adapter(bus: bus, options: options), options: options)
        return listed(try await scanner.scan(for: .everything).seenDevices, options: options)
    }

    /// Finds the device, connects (one retry after clearing BlueZ's cached entry), resolves the
    /// provisioning service and returns a ready transport.
    ///
    /// With `options.serviceName` the scan stops as soon as that exact name is seen. Without it
    /// every scan's list goes to `chooser`, which answers with a device or `.rescan`; with
    /// neither a name nor a chooser this is a usage error.
    public static func connect(
        options: BLETransportOptions,
        chooser: (@Sendable ([DiscoveredDevice]) async throws -> DeviceChoice)? = nil
    ) async throws -> BLETransport {
        let bus = try await openBus(options)
        do {
            let scanner = BLEScanner(bus: bus, adapter: try await adapter(bus: bus, options: options), options: options)
            let (device, seen) = try await chooseDevice(scanner: scanner, options: options, chooser: chooser)
            guard seen else { return try await openRemembered(bus: bus, options: options, device: device) }
            do {
                return try await open(bus: bus, options: options, device: device)
            } catch let failure as AttemptFailure where failure.retryable {
                options.verbose("connecting failed (\(failure.error)); removing \(device.address) from BlueZ's cache and rediscovering")
                _ = try? await bus.call(
                    destination: BlueZ.service, path: scanner.adapter.path, interface: BlueZ.adapterInterface,
                    member: "RemoveDevice", arguments: [.objectPath(device.objectPath)], timeout: BLEScanner.callTimeout)
                let collector = try await scanner.scan(for: .address(device.address))
                guard let again = collector.match, again.seen else {
                    throw ProvError.transport(TransportFailure(
                        .disappeared(name: device.displayName, address: device.address, cause: failure.error)))
                }
                return try await open(bus: bus, options: options, device: again.device)
            }
        } catch let failure as AttemptFailure {
            bus.close()
            throw failure.error
        } catch let failure as DBusFailure {
            bus.close()
            throw BlueZErrorAdvice.provError(failure, doing: "BLE connection", adapter: options.adapter)
        } catch {
            bus.close()
            throw error  // ProvError, or whatever the chooser threw (the user quit, …)
        }
    }

    // MARK: Steps

    /// A failed connection attempt, and whether trying again (after RemoveDevice) can help.
    struct AttemptFailure: Error {
        var error: ProvError
        var retryable: Bool
    }

    static func openBus(_ options: BLETransportOptions) async throws -> DBusConnection {
        do {
            if let address = options.busAddress { return try await DBusConnection.connect(address: address) }
            return try await DBusConnection.system()
        } catch {
            throw BlueZErrorAdvice.provError(error, doing: "connecting to the D-Bus system bus")
        }
    }

    static func adapter(bus: DBusConnection, options: BLETransportOptions) async throws -> BlueZObjects.Adapter {
        let objects: DBusManagedObjects
        do {
            objects = try await bus.managedObjects(destination: BlueZ.service, timeout: BLEScanner.callTimeout)
        } catch {
            throw BlueZErrorAdvice.provError(error, doing: "asking BlueZ for adapters")
        }
        let adapter = try BLEScanner.selectAdapter(BlueZObjects(objects), requested: options.adapter)
        options.verbose("using Bluetooth adapter \(adapter.name)")
        return adapter
    }

    static func listed(_ devices: [DiscoveredDevice], options: BLETransportOptions) -> [DiscoveredDevice] {
        guard !options.namePrefix.isEmpty else { return devices }
        return devices.filter { $0.name?.hasPrefix(options.namePrefix) ?? false }
    }

    /// A device BlueZ remembers but the scan did not see advertising. An ESP32 advertises every
    /// 160 ms while it provisions, so it is most likely gone; the real bluetoothd holds a `Connect` to
    /// it ~41 s (docs/protocol.md §4.2, "The real BlueZ"). One attempt, bounded by the scan timeout (a
    /// device that does advertise is connected within one advertising interval), and no rediscovery.
    private static func openRemembered(bus: DBusConnection, options: BLETransportOptions, device: DiscoveredDevice) async throws -> BLETransport {
        var bounded = options
        bounded.connectTimeout = min(options.connectTimeout, options.scanTimeout)
        do {
            return try await open(bus: bus, options: bounded, device: device)
        } catch let failure as AttemptFailure {
            throw ProvError.transport(TransportFailure(.notAdvertisingNorAnswering(
                name: device.displayName, address: device.address, scanTimeout: options.scanTimeout, cause: failure.error)))
        }
    }

    /// The device to connect to, and whether this scan saw it advertising.
    private static func chooseDevice(
        scanner: BLEScanner, options: BLETransportOptions,
        chooser: (@Sendable ([DiscoveredDevice]) async throws -> DeviceChoice)?
    ) async throws -> (DiscoveredDevice, Bool) {
        if let name = options.serviceName {
            let collector = try await scanner.scan(for: .name(name))
            guard let match = collector.match else {
                let seen = collector.seenDevices.map { $0.name ?? $0.address }
                throw ProvError.transport(TransportFailure(
                    .deviceNotFound(name: name, adapter: scanner.adapter.name, scanTimeout: options.scanTimeout, seen: seen)))
            }
            if !match.seen { options.verbose("'\(name)' was not seen advertising; trying the device BlueZ remembers") }
            options.verbose("found \(name) at \(match.device.address) (\(match.device.objectPath))")
            return (match.device, match.seen)
        }
        guard let chooser else {
            throw ProvError.usage("\(Remedy.nameBLEDevice) (for example PROV_1A2B3C)")
        }
        while true {
            let devices = listed(try await scanner.scan(for: .everything).seenDevices, options: options)
            switch try await chooser(devices) {
            case .device(let device): return (device, true)
            case .rescan: continue
            }
        }
    }

    /// Connects, waits for resolved services, and maps the endpoints. On failure, and when the
    /// caller is cancelled (a run ended from outside), the device is disconnected again before the
    /// error is thrown: bluetoothd would otherwise complete a connection its client gave up on.
    private static func open(bus: DBusConnection, options: BLETransportOptions, device: DiscoveredDevice) async throws -> BLETransport {
        let link: BLELinkMonitor
        do {
            link = try await BLELinkMonitor.start(bus: bus, devicePath: device.objectPath)
        } catch {
            throw AttemptFailure(error: BlueZErrorAdvice.provError(error, doing: "watching \(device.address)"), retryable: false)
        }
        do {
            try await connectLink(bus: bus, options: options, device: device, link: link)
            let objects: DBusManagedObjects
            do {
                objects = try await bus.managedObjects(destination: BlueZ.service, timeout: BLEScanner.callTimeout)
            } catch {
                throw BlueZErrorAdvice.provError(error, doing: "listing GATT services")
            }
            let resolver = GATTEndpointResolver(
                objects: BlueZObjects(objects), devicePath: device.objectPath, advertisedUUIDs: device.serviceUUIDs,
                readDescriptor: { path in
                    try await bus.call(
                        destination: BlueZ.service, path: path, interface: BlueZ.gattDescriptorInterface,
                        member: "ReadValue", arguments: [.vardict([:])], timeout: BLEScanner.callTimeout
                    ).argument(0).bytes()
                },
                log: options.log)
            let result = try await resolver.resolve(deviceName: device.displayName)
            options.verbose("provisioning service \(result.serviceUUID)")
            for endpoint in result.endpoints { options.verbose("  endpoint \(endpoint.name) → \(endpoint.uuid)") }
            return BLETransport(
                bus: bus, options: options, device: device, link: link, serviceUUID: result.serviceUUID,
                endpoints: result.endpoints)
        } catch {
            link.stop()
            // In a task of its own: a cancelled caller's calls fail before they are sent.
            await Task {
                _ = try? await bus.call(
                    destination: BlueZ.service, path: device.objectPath, interface: BlueZ.deviceInterface, member: "Disconnect",
                    timeout: .seconds(5))
            }.value
            if let failure = error as? AttemptFailure { throw failure }
            let retryable: Bool
            if Task.isCancelled {
                retryable = false
            } else if let failure = error as? DBusFailure {
                retryable = !BlueZErrorAdvice.isBlueZMissing(failure) && failure != .disconnected
            } else {
                retryable = true
            }
            throw AttemptFailure(error: BlueZErrorAdvice.provError(error, doing: "connecting to \(device.address)"), retryable: retryable)
        }
    }

    /// `Device1.Connect`, then wait (via PropertiesChanged, no polling) for `ServicesResolved`.
    private static func connectLink(
        bus: DBusConnection, options: BLETransportOptions, device: DiscoveredDevice, link: BLELinkMonitor
    ) async throws {
        options.verbose("connecting to \(device.displayName) (\(device.address))")
        let timedOut = ProvError.timeout(TimeoutFailure(
            .connecting(name: device.displayName, address: device.address), limit: options.connectTimeout, setBy: .bleConnectTimeout))
        try await Deadline.run(until: .now + options.connectTimeout, timeoutError: { timedOut }) {
            try await BLEConnectRetry(retries: options.connectRetries, pause: options.connectRetryPause).run(log: { options.verbose($0) }) {
                do {
                    _ = try await bus.call(
                        destination: BlueZ.service, path: device.objectPath, interface: BlueZ.deviceInterface, member: "Connect",
                        timeout: options.connectTimeout + .seconds(1))
                } catch DBusFailure.error(let name, _) where name == BlueZ.ErrorName.alreadyConnected {
                    // Fine: someone (maybe us, earlier) holds the link already.
                }
            }
            let properties = try await bus.call(
                destination: BlueZ.service, path: device.objectPath, interface: DBusObjectManager.propertiesInterface,
                member: "GetAll", arguments: [.string(BlueZ.deviceInterface)], timeout: BLEScanner.callTimeout
            ).argument(0).vardict()
            link.apply(properties)
            await link.wait { $0.servicesResolved || !$0.connected }
            try Task.checkCancellation()
            guard link.current.servicesResolved else {
                throw ProvError.transport(TransportFailure(.droppedWhileResolvingServices(name: device.displayName)))
            }
        }
        options.verbose("connected; GATT services resolved")
    }
}
