import ProvClient
import ProvCrypto
import Synchronization

/// The manual BLE mode, for machines where BlueZ cannot be used: it tells the user which GATT
/// characteristic to write each request to and to read the reply from, with any BLE tool
/// (nRF Connect, bluetoothctl's gatt menu), using esp_prov's `BLECLI >>` prompts (docs/protocol.md §4.2).
///
/// Unlike esp_prov's, the characteristic UUIDs are derived correctly from the service UUID
/// (endpoint id in hex digits 5–8), and replies are bytes, so the session actually works.
public final class BLEConsoleTransport: ProvTransport, Sendable {
    /// Reported as BLE: scan pages and message sizes must follow BLE's limits even when a human carries them.
    public let kind = TransportKind.ble
    /// Unknown: the user, not a GATT table, knows what the device offers.
    public var knownEndpoints: [String]? { get async { nil } }

    private let io: ConsoleTransport.IO
    private let deviceName: String
    private let serviceUUID: String
    /// Custom endpoints' UUIDs as the user typed them, asked once each.
    private let customUUIDs = Mutex<[String: String]>([:])
    private let maxResponseBytes = 512

    /// - Parameter serviceUUID: the device's provisioning service (the IDF example's by default).
    public init(deviceName: String?, serviceUUID: String = "021a9004-0382-4aea-bff4-6b3f1c5adfb4", io: ConsoleTransport.IO = .standard) throws {
        guard ProvGATTLayout.characteristicUUID(service: serviceUUID, id: 0) != nil else {
            throw ProvError.invalid(.bleServiceUUID(serviceUUID))
        }
        self.io = io
        self.deviceName = deviceName ?? "PROV_xxxxxx"
        self.serviceUUID = serviceUUID.lowercased()
    }

    /// Walks the user through connecting; any answer but y/Y stops the run.
    public func connect() throws {
        io.write("BLE client is running in console mode\n")
        io.write("\tThis could be due to your platform not being supported or dependencies not being met\n")
        io.write("\tPlease ensure all pre-requisites are met to run the full fledged client\n")
        io.write("BLECLI >> Please connect to BLE device `\(deviceName)` manually using your tool of choice\n")
        try confirm("BLECLI >> Was the device connected successfully? [y/n] ")
        io.write("BLECLI >> List available attributes of the connected device\n")
        try confirm("BLECLI >> Is the service UUID '\(serviceUUID)' listed among available attributes? [y/n] ")
        for endpoint in ["prov-session", "prov-config", "proto-ver"] {
            try confirm("BLECLI >> Is the characteristic UUID '\(try uuid(for: endpoint))' listed among available attributes? [y/n] ")
        }
    }

    /// One request: the user writes it to the endpoint's characteristic and pastes back what they read.
    public func exchange(_ endpoint: String, _ request: [UInt8]) async throws -> [UInt8] {
        io.write("BLECLI >> Write following data to characteristic with UUID '\(try uuid(for: endpoint))' :\n")
        io.write("\t>> \(hexString(request))\n")
        io.write("BLECLI >> Enter data read from characteristic (in hex) :\n\t<< ")
        return try HexAnswer.read(io.readLine(), for: endpoint, maxBytes: maxResponseBytes)
    }

    /// Nothing to release: the user's BLE tool owns the link.
    public func close() async {}

    private func confirm(_ question: String) throws {
        io.write(question)
        let answer = io.readLine()?.trimmingCharacters(in: .whitespaces)
        guard answer == "y" || answer == "Y" else {
            throw ProvError.transport(TransportFailure(.consoleNotConfirmed))
        }
    }

    /// Standard endpoints have fixed ids; `custom-data` is the first custom one (0xff54). Other
    /// custom endpoints' ids depend on the firmware, so the user is asked for their UUID once.
    private func uuid(for endpoint: String) throws -> String {
        if let id = ProvGATTLayout.endpointIDs.first(where: { $0.name == endpoint })?.id
            ?? (endpoint == "custom-data" ? ProvGATTLayout.firstCustomID : nil),
            let uuid = ProvGATTLayout.characteristicUUID(service: serviceUUID, id: id)
        {
            return uuid
        }
        if let known = customUUIDs.withLock({ $0[endpoint] }) { return known }
        io.write("BLECLI >> Enter the UUID of the characteristic whose description (0x2901) is '\(endpoint)' : ")
        guard let answer = io.readLine()?.trimmingCharacters(in: .whitespaces).lowercased(),
            ProvGATTLayout.characteristicUUID(service: answer, id: 0) != nil
        else { throw ProvError.usage("no valid characteristic UUID for '\(endpoint)'") }
        customUUIDs.withLock { $0[endpoint] = answer }
        return answer
    }
}

import Foundation
