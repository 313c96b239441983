import DBus

/// `org.bluez.GattCharacteristic1` / `GattDescriptor1`: protocomm's write-then-read model
/// (docs/protocol.md §4.2) with the two ESP BLE stacks' failure behaviour.
extension FakeBlueZ {
    private func attribute(at path: String) -> (device: String, attribute: GATTAttribute)? {
        for (devicePath, state) in peripherals {
            if let attribute = state.attributes.first(where: { $0.characteristicPath == path || $0.descriptorPath == path }) {
                return (devicePath, attribute)
            }
        }
        return nil
    }

    private static let notConnected = DBusFailure.error(name: "org.bluez.Error.Failed", message: "Not connected")
    private static let notPaired = DBusFailure.error(name: "org.bluez.Error.NotPermitted", message: "Not paired")

    /// Bluedroid's value limit with sec2 compiled in, NimBLE's otherwise (docs/protocol.md §4.2).
    private var maximumLength: Int { options.stack == .bluedroid ? 481 : 512 }

    func characteristic(_ call: DBusMethodCall) async throws -> [DBusValue] {
        guard let (devicePath, attribute) = attribute(at: call.path), attribute.characteristicPath == call.path,
              let state = peripherals[devicePath] else {
            throw DBusFailure.error(name: DBusErrorName.unknownObject, message: "No such object \(call.path)")
        }
        guard state.connected else { throw Self.notConnected }
        switch call.member {
        case "ReadValue":
            let options = try call.arguments.argument(0).vardict()
            if self.options.forceEncryption && !state.paired { throw Self.notPaired }
            let value = state.values[call.path] ?? []
            let offset = Int((try? options["offset"]?.uint16()) ?? 0)
            guard offset <= value.count else {
                throw DBusFailure.error(name: "org.bluez.Error.InvalidArguments", message: "Invalid offset")
            }
            note("read \(attribute.endpoint) \(value.count - offset)")
            return [.bytes(Array(value[offset...]))]
        case "WriteValue":
            let value = try call.arguments.argument(0).bytes()
            let options = try call.arguments.argument(1).vardict()
            let type = (try? options["type"]?.string()) ?? "request"
            note("write \(attribute.endpoint) \(value.count) type=\(type)")
            guard type == "request" else {
                throw DBusFailure.error(name: "org.bluez.Error.NotSupported", message: "Operation is not supported")
            }
            if self.options.forceEncryption && !state.paired { throw Self.notPaired }
            return try await write(value, to: attribute, device: devicePath)
        case "StartNotify", "StopNotify":
            throw DBusFailure.error(name: "org.bluez.Error.NotSupported", message: "Operation is not supported")
        default:
            throw DBusFailure.error(name: DBusErrorName.unknownMethod, message: "GattCharacteristic1.\(call.member)")
        }
    }

    private func write(_ value: [UInt8], to attribute: GATTAttribute, device devicePath: String) async throws -> [DBusValue] {
        guard var state = peripherals[devicePath], let backend = state.spec.backend else { throw Self.notConnected }
        if value.isEmpty && options.stack == .nimble { return [] }  // NimBLE ignores empty writes
        guard !value.isEmpty, value.count <= maximumLength else {
            throw DBusFailure.error(name: "org.bluez.Error.InvalidArguments", message: "Invalid Length")
        }
        if let limit = options.disconnectAfterExchanges, state.exchanges >= limit {
            // The link drops mid-exchange; BlueZ answers the pending write only when its own
            // timers notice (seconds later).
            note("link lost during \(attribute.endpoint)")
            await dropLink(devicePath)
            try? await Task.sleep(for: .seconds(3))
            note("late error for the pending \(attribute.endpoint) write")
            throw Self.notConnected
        }
        state.exchanges += 1
        peripherals[devicePath]?.exchanges = state.exchanges
        guard let response = await backend.handle(endpoint: attribute.endpoint, session: state.session, request: value) else {
            switch options.stack {
            case .nimble:
                throw DBusFailure.error(name: "org.bluez.Error.Failed", message: "Operation failed with ATT error: 0x04")
            case .bluedroid:
                Task { [weak self] in
                    try? await Task.sleep(for: .milliseconds(20))
                    await self?.dropLink(devicePath)
                }
                throw DBusFailure.error(name: "org.bluez.Error.Failed", message: "Operation failed with ATT error: 0x85")
            }
        }
        guard peripherals[devicePath]?.connected == true, peripherals[devicePath]?.session == state.session else {
            throw Self.notConnected
        }
        peripherals[devicePath]?.values[attribute.characteristicPath] = response
        if await backend.stopped, peripherals[devicePath]?.dropScheduled == false {
            peripherals[devicePath]?.dropScheduled = true
            let delay = options.linkDropDelay
            let session = state.session
            Task { [weak self] in
                try? await Task.sleep(for: delay)
                await self?.dropAfterStop(devicePath, session: session)
            }
        }
        return []
    }

    private func dropAfterStop(_ devicePath: String, session: UInt32) async {
        guard peripherals[devicePath]?.session == session else { return }
        note("device stopped; link dropped")
        await dropLink(devicePath)
    }

    func descriptor(_ call: DBusMethodCall) throws -> [DBusValue] {
        guard let (_, attribute) = attribute(at: call.path), attribute.descriptorPath == call.path else {
            throw DBusFailure.error(name: DBusErrorName.unknownObject, message: "No such object \(call.path)")
        }
        guard call.member == "ReadValue" else {
            throw DBusFailure.error(name: "org.bluez.Error.NotPermitted", message: "Write not permitted")
        }
        _ = try call.arguments.argument(0).vardict()
        return [.bytes(Array(attribute.endpoint.utf8))]
    }
}
