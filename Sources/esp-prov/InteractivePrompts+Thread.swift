import ProvClient

/// The Thread prompts of network_provisioning's esp_prov: the scan table and choice, the network
/// key, or (for a device that cannot scan) the whole dataset. Keys and datasets are read without
/// echo and checked before the run goes on, so a typo is asked again instead of reaching the device.
extension InteractivePrompts {
    /// The row the user types is the network used (esp_prov NP takes the row below it).
    func chooseThreadNetwork(_ networks: [ThreadNetwork]) throws -> ThreadNetworkChoice {
        terminal.write(ThreadNetworkTable.render(networks))
        while true {
            let answer = try terminal.ask("Select Network by number (0 to rescan) : ", flag: "--dataset_tlvs").trimmingCharacters(in: .whitespaces)
            if let number = Int(answer), (0...networks.count).contains(number) {
                return number == 0 ? .rescan : .network(networks[number - 1])
            }
            terminal.write("Invalid input! Retry\n")
        }
    }

    func threadNetworkKey() throws -> String {
        while true {
            let answer = try terminal.askHidden("Enter Thread network key string : ", flag: SecretPrompt.threadDataset.flagHint)
            do {
                _ = try ThreadOperationalDataset.networkKey(fromHex: answer)
                return answer
            } catch {
                terminal.write("\(error)\n")
            }
        }
    }

    func threadDataset() throws -> String {
        while true {
            let answer = try terminal.askHidden("Enter Thread dataset tlvs string : ", flag: SecretPrompt.threadDataset.flagHint)
            do {
                _ = try ThreadOperationalDataset(hex: answer)
                return answer
            } catch {
                terminal.write("invalid dataset: \(error)\n")
            }
        }
    }
}

/// network_provisioning esp_prov's Thread scan table (`S.N. PAN ID EXT PAN ID NAME EXT ADDR CHN RSSI LQI`,
/// same widths), with PAN IDs in hex as Thread tools show them.
enum ThreadNetworkTable {
    static func render(_ networks: [ThreadNetwork]) -> String {
        var text = "==== Thread Scan results ====\n"
        text += row("S.N.", ["PAN ID", "EXT PAN ID", "NAME", "EXT ADDR", "CHN", "RSSI", "LQI"])
        for (index, network) in networks.enumerated() {
            text += row("[" + padLeft(String(index + 1), 2) + "]", [
                network.panIDHex, network.extendedPanIDHex, printableDeviceText(network.networkName), network.extendedAddressHex,
                String(network.channel), String(network.rssi), String(network.lqi),
            ])
        }
        return text
    }

    /// `'{0: >4} {1: <8} {2: <18} {3: <18} {4: <18} {5: <4} {6: <4} {7: <16}'`
    private static func row(_ first: String, _ columns: [String]) -> String {
        let widths = [8, 18, 18, 18, 4, 4, 16]
        return padLeft(first, 4) + zip(columns, widths).map { " " + pad($0, $1) }.joined() + "\n"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
