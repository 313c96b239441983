import DBus
import Foundation
import ProvPeripheral

/// `org.bluez.Device1`: connection, GATT service resolution, pairing, link loss.
extension FakeBlueZ {
    func device(_ call: DBusMethodCall) async throws -> [DBusValue] {
        let path = call.path
        guard let state = peripherals[path] else {
            throw DBusFailure.error(name: DBusErrorName.unknownObject, message: path)
        }
        switch call.member {
        case "Connect":
            guard (try? objects[Self.adapterPath]?["org.bluez.Adapter1"]?["Powered"]?.bool()) == true else { throw Self.notReady }
            if state.connected {
                throw DBusFailure.error(name: "org.bluez.Error.AlreadyConnected", message: "Already Connected")
            }
            if remainingConnectFailures > 0, options.failingConnectError == .inProgress {
                remainingConnectFailures -= 1
                throw DBusFailure.error(name: "org.bluez.Error.InProgress", message: "In Progress")
            }
            if !state.spec.advertising {
                // The real bluetoothd holds it until the kernel's LE connect timeout (~41 s; docs/protocol.md §4.2).
                note("connect to a silent device")
                try? await Task.sleep(for: options.silentDeviceConnectDelay)
                throw DBusFailure.error(name: "org.bluez.Error.Failed", message: "le-connection-abort-by-local")
            }
            if remainingConnectFailures > 0 || state.spec.backend == nil {
                remainingConnectFailures = max(0, remainingConnectFailures - 1)
                throw DBusFailure.error(name: "org.bluez.Error.Failed", message: "le-connection-abort-by-local")
            }
            var wait = options.connectDelay
            if !discoverySessions.isEmpty {
                // Real bluetoothd holds a Connect made during discovery until the LE scan window ends
                // (~9.4 s there; docs/protocol.md §4.2, "The real BlueZ").
                note("connect waits for the scan window")
                wait += options.connectDuringDiscoveryDelay
            }
            if wait > .zero {
                nextConnect += 1
                let attempt = nextConnect
                peripherals[path]?.connecting = attempt
                try? await Task.sleep(for: wait)
                guard peripherals[path]?.connecting == attempt else {
                    // bluez src/device.c device_request_disconnect: the pending Connect is answered btd_error_failed "Cancelled".
                    throw DBusFailure.error(name: "org.bluez.Error.Failed", message: "Cancelled")
                }
                peripherals[path]?.connecting = nil
            }
            nextSession += 1
            peripherals[path]?.connected = true
            peripherals[path]?.session = nextSession
            peripherals[path]?.exchanges = 0
            peripherals[path]?.dropScheduled = false
            await state.spec.backend?.openSession(nextSession)
            // Real bluetoothd (5.66) never signals Connected=true for this link; only Get/GetAll say so
            // (docs/protocol.md §4.2, "The real BlueZ"): set silently, so clients that wait for the signal fail here too.
            if options.signalsConnected {
                await set(path, "org.bluez.Device1", ["Connected": .boolean(true)])
            } else {
                objects[path]?["org.bluez.Device1"]?["Connected"] = .boolean(true)
            }
            linkChanged(path, connected: true)
            let delay = options.serviceResolutionDelay
            let session = nextSession
            Task { [weak self] in
                try? await Task.sleep(for: delay)
                await self?.resolveServices(path, session: session)
            }
            return []
        case "Disconnect":
            if options.disconnectDelay > .zero { try? await Task.sleep(for: options.disconnectDelay) }
            if !state.connected, peripherals[path]?.connecting != nil {
                // bluetoothd's Disconnect cancels a connection in progress (and fails its Connect).
                peripherals[path]?.connecting = nil
                note("Disconnect cancelled a Connect in flight")
                return []
            }
            guard state.connected else {
                throw DBusFailure.error(name: "org.bluez.Error.NotConnected", message: "Not Connected")
            }
            await dropLink(path)
            return []
        case "Pair":
            return try await pair(path, caller: call.sender)
        case "CancelPairing":
            return []
        default:
            throw DBusFailure.error(name: DBusErrorName.unknownMethod, message: "Device1.\(call.member)")
        }
    }

    /// Exports the GATT database (service, one characteristic per endpoint, 0x2901 descriptors)
    /// and sets ServicesResolved, as bluetoothd does after primary service discovery.
    func resolveServices(_ path: String, session: UInt32) async {
        guard let state = peripherals[path], state.connected, state.session == session,
              let backend = state.spec.backend else { return }
        var handle = 0x0028
        let servicePath = path + String(format: "/service%04x", handle)
        await add(servicePath, ["org.bluez.GattService1": [
            "UUID": .string(state.spec.serviceUUID), "Primary": .boolean(true), "Device": .objectPath(path),
            "Includes": .objectPaths([]), "Handle": .uint16(UInt16(handle)),
        ]])
        var attributes: [GATTAttribute] = []
        let characteristicUUIDs = GATTLayout.characteristicUUIDs(service: state.spec.serviceUUID, endpoints: backend.endpointNames)
        for (endpoint, uuid) in zip(backend.endpointNames, characteristicUUIDs) {
            handle += 1
            let characteristicPath = servicePath + String(format: "/char%04x", handle)
            await add(characteristicPath, ["org.bluez.GattCharacteristic1": [
                "UUID": .string(uuid), "Service": .objectPath(servicePath), "Value": .bytes([]),
                "Flags": .strings(["read", "write"]), "Handle": .uint16(UInt16(handle + 1)), "MTU": .uint16(517),
            ]])
            handle += 2
            var descriptorPath: String?
            if state.spec.userDescriptions {
                let path = characteristicPath + String(format: "/desc%04x", handle)
                await add(path, ["org.bluez.GattDescriptor1": [
                    "UUID": .string(GATTLayout.userDescriptionUUID), "Characteristic": .objectPath(characteristicPath),
                    "Value": .bytes([]), "Flags": .strings(["read"]), "Handle": .uint16(UInt16(handle)),
                ]])
                descriptorPath = path
            }
            attributes.append(GATTAttribute(
                endpoint: endpoint, characteristicPath: characteristicPath, descriptorPath: descriptorPath, uuid: uuid))
        }
        peripherals[path]?.attributes = attributes
        let uuids = Array(Set([state.spec.serviceUUID, "00001800-0000-1000-8000-00805f9b34fb", "00001801-0000-1000-8000-00805f9b34fb"])).sorted()
        await set(path, "org.bluez.Device1", ["UUIDs": .strings(uuids), "ServicesResolved": .boolean(true)])
    }

    func removeAttribute(_ attribute: GATTAttribute) async {
        if let descriptor = attribute.descriptorPath { await remove(descriptor) }
        await remove(attribute.characteristicPath)
    }

    /// The link ends (Disconnect, the device dropping it, RemoveDevice): services go away,
    /// values are cleared, the device's transport session closes.
    func dropLink(_ path: String) async {
        guard let state = peripherals[path], state.connected else { return }
        peripherals[path]?.connected = false
        peripherals[path]?.values = [:]
        await set(path, "org.bluez.Device1", ["ServicesResolved": .boolean(false)])
        for attribute in state.attributes.reversed() { await removeAttribute(attribute) }
        if let service = state.attributes.first?.characteristicPath.split(separator: "/").dropLast().joined(separator: "/") {
            await remove("/" + service)
        }
        peripherals[path]?.attributes = []
        await set(path, "org.bluez.Device1", ["Connected": .boolean(false)])
        linkChanged(path, connected: false)
        await state.spec.backend?.closeSession(state.session)
    }

    /// Test hook: the device drops the link (walks out of range, reboots, …).
    public func dropLink(address: String) async {
        guard let path = peripherals.first(where: { $0.value.spec.address.uppercased() == address.uppercased() })?.key else { return }
        note("drop \(address)")
        await dropLink(path)
    }

    /// Just-works pairing: asks the caller's registered agent to authorize, then marks the
    /// device paired. Without an agent it fails like bluetoothd without a default agent.
    private func pair(_ path: String, caller: String) async throws -> [DBusValue] {
        guard let state = peripherals[path], state.connected else {
            throw DBusFailure.error(name: "org.bluez.Error.ConnectionAttemptFailed", message: "Page Timeout")
        }
        if state.paired { throw DBusFailure.error(name: "org.bluez.Error.AlreadyExists", message: "Already Exists") }
        guard let agent = agents[caller] else {
            throw DBusFailure.error(name: "org.bluez.Error.AuthenticationFailed", message: "Authentication Failed")
        }
        do {
            _ = try await bus.call(
                destination: caller, path: agent, interface: "org.bluez.Agent1", member: "RequestAuthorization",
                arguments: [.objectPath(path)], timeout: .seconds(5))
        } catch {
            throw DBusFailure.error(name: "org.bluez.Error.AuthenticationRejected", message: "Authentication Rejected")
        }
        note("paired \(state.spec.address)")
        peripherals[path]?.paired = true
        await set(path, "org.bluez.Device1", ["Paired": .boolean(true), "Bonded": .boolean(true)])
        return []
    }
}
