import ProvClient
import ProvBlueZ

extension InteractivePrompts {
    /// esp_prov's BLE discovery table and `Select device by number (0 to rescan) : ` prompt.
    func chooseDevice(_ devices: [DiscoveredDevice]) throws -> DeviceChoice {
        guard !devices.isEmpty else {
            terminal.write("No devices found!\n")
            // esp_prov exits here; the offer to rescan is esp-prov's own, so only a person gets it.
            guard terminal.isInteractive else { throw ProvError.transport(TransportFailure(.noDevicesFound)) }
            let answer = try terminal.ask("Scan again? [y/n] ", flag: "--service_name")
            if answer.lowercased().hasPrefix("y") { return .rescan }
            throw ProvError.transport(TransportFailure(.noDevicesFound))
        }
        terminal.write("==== BLE Discovery results ====\n")
        terminal.write("S.N. " + padded("Name", 33) + " " + padded("Address", 17) + " RSSI\n")
        for (index, device) in devices.enumerated() {
            let number = String(index + 1)
            terminal.write("[" + String(repeating: " ", count: max(0, 2 - number.count)) + number + "] "
                + padded(printableDeviceText(device.displayName), 33) + " " + padded(device.address, 17) + " "
                + (device.rssi.map(String.init) ?? "") + "\n")
        }
        while true {
            let answer = try terminal.ask("Select device by number (0 to rescan) : ", flag: "--service_name").trimmingCharacters(in: .whitespaces)
            if let number = Int(answer), (0...devices.count).contains(number) {
                return number == 0 ? .rescan : .device(devices[number - 1])
            }
            terminal.write("Invalid input! Retry\n")
        }
    }

    /// Asks whether to continue in the manual BLE console mode after BlueZ proved unusable.
    func offerConsoleFallback(_ reason: String) throws -> Bool {
        terminal.write("\(reason)\n")
        return try terminal.ask("Continue in the manual BLE console mode (you relay each message with another BLE tool)? [y/n] ", flag: "--console_fallback")
            .lowercased().hasPrefix("y")
    }

    private func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
