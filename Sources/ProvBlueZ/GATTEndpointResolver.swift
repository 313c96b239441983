import ProvClient
import DBus

/// Finds the provisioning service on a connected device and names its characteristics.
///
/// Order of trust (docs/protocol.md §4.2, §8 item 14): the advertised service, then any service whose
/// characteristics carry 0x2901 descriptors naming core endpoints; descriptor text is the
/// endpoint name, lower-cased as esp_prov does. Only when no descriptors exist are endpoints
/// matched by the (correct) UUID derivation.
struct GATTEndpointResolver {
    struct Result {
        var serviceUUID: String
        var endpoints: [BLEEndpoint]
        var derived: Bool
    }

    let objects: BlueZObjects
    let devicePath: String
    let advertisedUUIDs: [String]
    let readDescriptor: @Sendable (String) async throws -> [UInt8]
    let log: (@Sendable (String) -> Void)?

    /// Bluetooth SIG base-UUID services (GAP 0x1800, GATT 0x1801, …) never carry protocomm.
    private static func isStandard(_ uuid: String) -> Bool {
        uuid.hasPrefix("0000") && uuid.hasSuffix("-0000-1000-8000-00805f9b34fb")
    }

    func resolve(deviceName: String) async throws -> Result {
        let services = objects.services(of: devicePath).filter { !Self.isStandard($0.uuid) }
        let advertised = Set(advertisedUUIDs.map { $0.lowercased() })
        let ordered = services.filter { advertised.contains($0.uuid) } + services.filter { !advertised.contains($0.uuid) }

        for service in ordered {
            let endpoints = try await namedEndpoints(of: service)
            if endpoints.contains(where: { ProvGATTLayout.coreEndpoints.contains($0.name) }) {
                return Result(serviceUUID: service.uuid, endpoints: endpoints, derived: false)
            }
        }

        let candidates = advertised.union(ProvGATTLayout.wellKnownServiceUUIDs)
        for service in ordered where candidates.contains(service.uuid) {
            let endpoints = derivedEndpoints(of: service)
            if endpoints.contains(where: { $0.name == "prov-session" }) {
                log?("service \(service.uuid) has no 0x2901 descriptors; endpoints matched by derived UUIDs")
                return Result(serviceUUID: service.uuid, endpoints: endpoints, derived: true)
            }
        }

        throw ProvError.transport(TransportFailure(.serviceNotFound(device: deviceName, services: services.map(\.uuid))))
    }

    private func namedEndpoints(of service: BlueZObjects.GATTService) async throws -> [BLEEndpoint] {
        var endpoints: [BLEEndpoint] = []
        for characteristic in objects.characteristics(of: service.path) {
            guard let descriptor = objects.descriptors(of: characteristic.path).first(where: { $0.uuid == BlueZ.userDescriptionUUID })
            else { continue }
            let value: [UInt8]
            if let cached = descriptor.cachedValue, !cached.isEmpty {
                value = cached
            } else {
                do {
                    value = try await readDescriptor(descriptor.path)
                } catch {
                    log?("cannot read 0x2901 descriptor of \(characteristic.uuid): \(error)")
                    continue
                }
            }
            let name = Self.endpointName(value)
            guard !name.isEmpty, !endpoints.contains(where: { $0.name == name }) else { continue }
            endpoints.append(BLEEndpoint(name: name, uuid: characteristic.uuid, characteristicPath: characteristic.path))
        }
        return endpoints
    }

    private func derivedEndpoints(of service: BlueZObjects.GATTService) -> [BLEEndpoint] {
        let characteristics = objects.characteristics(of: service.path)
        return ProvGATTLayout.endpointIDs.compactMap { name, id in
            guard let uuid = ProvGATTLayout.characteristicUUID(service: service.uuid, id: id),
                  let characteristic = characteristics.first(where: { $0.uuid == uuid }) else { return nil }
            return BLEEndpoint(name: name, uuid: uuid, characteristicPath: characteristic.path)
        }
    }

    /// Descriptor bytes → endpoint name: text without trailing NULs, lower-cased.
    static func endpointName(_ value: [UInt8]) -> String {
        var bytes = value
        while bytes.last == 0 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self).lowercased()
    }
}
