import ProvClient

/// Asks a person at a terminal for what the command line did not say: secrets (without echo)
/// and the network to join (esp_prov's table and prompt, plus manual entry of a hidden SSID).
struct InteractivePrompts: Sendable {
    let terminal: Terminal

    /// Announces the one choice esp_prov's AP prompt lacks, above that prompt.
    static let hiddenNetworkHint = "(or m to enter the SSID of a hidden network)"

    func interaction(enabled: Bool) -> ProvisioningInteraction {
        guard enabled else {
            return ProvisioningInteraction(
                secret: { [terminal] in throw terminal.refusal(flag: $0.flagHint) },
                chooseNetwork: { [terminal] _ in throw terminal.refusal(flag: "--ssid") },
                chooseThreadNetwork: { [terminal] _ in throw terminal.refusal(flag: "--dataset_tlvs") })
        }
        return ProvisioningInteraction(
            secret: { prompt in try secret(prompt) },
            chooseNetwork: { accessPoints in try chooseNetwork(accessPoints) },
            chooseThreadNetwork: { networks in try chooseThreadNetwork(networks) })
    }

    func secret(_ prompt: SecretPrompt) throws -> String {
        switch prompt {
        case .proofOfPossession:
            return try terminal.askHidden("Proof of Possession required: ", flag: prompt.flagHint)
        case .username:
            return try terminal.ask("Security Scheme 2 - SRP6a Username required: ", flag: prompt.flagHint)
        case .password:
            return try terminal.askHidden("Security Scheme 2 - SRP6a Password required: ", flag: prompt.flagHint)
        case .passphrase(let ssid, let auth):
            while true {
                let answer = try terminal.askHidden("Enter passphrase for \(ssid) : ", flag: prompt.flagHint)
                if let problem = WiFiCredentialRules.problem(passphrase: answer) {
                    terminal.write(problem + "\n")
                    continue
                }
                // An empty passphrase only makes sense for an open network.
                if !answer.isEmpty || auth?.isOpen == true || auth == nil { return answer }
                terminal.write("'\(ssid)' is not an open network: a passphrase is needed\n")
            }
        case .threadNetworkKey:
            return try threadNetworkKey()
        case .threadDataset:
            return try threadDataset()
        }
    }

    func chooseNetwork(_ accessPoints: [AccessPoint]) throws -> NetworkChoice {
        terminal.write(TextReporter.accessPointTable(accessPoints))
        // esp_prov's prompt, word for word (expect-scripts wait for it); esp-prov's extra choice gets its own line.
        terminal.write(Self.hiddenNetworkHint + "\n")
        while true {
            let answer = try terminal.ask("Select AP by number (0 to rescan) : ", flag: "--ssid").trimmingCharacters(in: .whitespaces)
            if answer.lowercased() == "m" {
                let ssid = try terminal.ask("Enter the SSID of the network : ", flag: "--ssid")
                if !ssid.isEmpty, WiFiCredentialRules.problem(ssid: ssid) == nil { return .manual(ssid: ssid) }
            } else if let number = Int(answer), (0...accessPoints.count).contains(number) {
                return number == 0 ? .rescan : .accessPoint(accessPoints[number - 1])
            }
            terminal.write("Invalid input! Retry\n")
        }
    }
}

import Foundation
