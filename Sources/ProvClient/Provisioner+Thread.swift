/// The network_provisioning side of a run: matching the goal to the device's network, and the
/// Thread flow (scan → choose → key → dataset → set → apply → poll), docs/protocol.md §2.11, §5.6.
extension Provisioner {
    /// Refuses, right after `proto-ver` and before any secret is used, a goal the device cannot
    /// serve; warns, as network_provisioning's esp_prov does, about a netprov Wi-Fi device that does
    /// not announce `wifi_prov` (network_provisioning 0.x, whose messages are not compatible).
    func checkNetwork(of info: DeviceInfo) throws {
        if info.manager == .networkProvisioning, info.network == .wifi, !info.has("wifi_prov") {
            onEvent(.warning(
                "Use wifi_provisioning for device without \"wifi_prov\" capabilities\n"
                    + "The device might be using previous wifi_provisioning in ESP-IDF"))
        }
        switch request.goal {
        case .thread where info.network != .thread:
            throw ProvError.unsupported(Unsupported(.threadProvisioning(manager: info.manager)))
        case .wifi(let ssid?, _) where info.network == .thread && !ssid.isEmpty:
            throw ProvError.usage(
                "the device provisions Thread (network_provisioning with the thread_prov capability), not Wi-Fi: "
                    + "\(Remedy.giveDatasetNotSSID), or neither to scan and choose a network")
        case .wifi(_, _?) where info.network == .thread:
            onEvent(.detail("the device provisions Thread: the Wi-Fi passphrase is not used"))
        default:
            break
        }
    }

    /// Sends the dataset (given, or built from the user's pick of a scan), applies it and waits for
    /// the attach, bounded by `request.statusTimeout`.
    func provisionThread(session: Session, dataset given: ThreadOperationalDataset?) async throws -> ProvisioningOutcome {
        let dataset: ThreadOperationalDataset
        if let given {
            dataset = given
        } else {
            dataset = try await chooseThreadDataset(session: session)
        }
        let summary = dataset.summary
        let target = (summary.networkName.map { "'\(printableDeviceText($0))', " } ?? "")
            + "PAN ID \(summary.panIDHex) on channel \(summary.channel)"
        onEvent(.datasetSending(summary))
        do {
            try await session.setThreadDataset(dataset)
        } catch let error as ProvError {
            throw error.whileSendingCredentials(.threadDataset)
        }
        let attachment = try await ProvError.afterCredentialsSent(.threadDataset) {
            onEvent(.datasetSent(summary))
            onEvent(.threadApplying)
            try await applyThreadDataset(session: session, target: target)
            onEvent(.threadApplied)
            return try await StatusPoller(.thread(network: target), timeout: request.statusTimeout).wait(session: session) {
                onEvent(.threadState($0, elapsed: $1))
            }
        }
        onEvent(.attached(attachment))
        return .attached(attachment)
    }

    /// network_provisioning parses the dataset on ApplyThreadConfig: one OpenThread cannot parse fails
    /// the command, and only the Thread status says why (DatasetInvalid).
    private func applyThreadDataset(session: Session, target: String) async throws {
        do {
            try await session.applyThreadDataset()
        } catch let error as ProvError where error.meansDeviceUnreachable {
            throw ProvError.outcomeUnknown(OutcomeUnknown(.applyUnanswered(error), sent: .threadDataset))
        } catch ProvError.deviceRefused(let refusal) {
            // Only DatasetInvalid is set by the apply itself; an older failure would be a stale answer.
            if case .failed(.datasetInvalid)? = try? await session.threadStatus() {
                onEvent(.threadState(.failed(.datasetInvalid), elapsed: 0))
                throw StatusWatch.thread(network: target).failure(.datasetInvalid)
            }
            throw ProvError.deviceRefused(refusal)
        }
    }

    /// Scan, table, choice (0 rescans), then the network key; the selected row is the one used.
    /// A device without `thread_scan` gets the whole dataset asked for, as network_provisioning's esp_prov does.
    private func chooseThreadDataset(session: Session) async throws -> ThreadOperationalDataset {
        guard session.info.has("thread_scan") else {
            let text = try await interaction.secret(.threadDataset)
            do {
                return try ThreadOperationalDataset(hex: text)
            } catch {
                throw ProvError.usage("invalid Thread dataset: \(error)")
            }
        }
        while true {
            onEvent(.threadScanning)
            let started = ContinuousClock.now
            let networks = try await session.scanThread { [onEvent] in onEvent(.detail($0)) }
            onEvent(.threadScanned(networks, seconds: (ContinuousClock.now - started).seconds))
            switch try await interaction.chooseThreadNetwork(networks) {
            case .rescan:
                continue
            case .network(let network):
                let text = try await interaction.secret(.threadNetworkKey(network))
                do {
                    return try ThreadOperationalDataset(joining: network, networkKey: try ThreadOperationalDataset.networkKey(fromHex: text))
                } catch {
                    throw ProvError.usage("\(error)")
                }
            }
        }
    }
}
