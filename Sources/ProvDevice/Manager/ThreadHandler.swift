import ProvMessages

/// The Thread half of network_provisioning's `prov-config` (§2.11): SetThreadConfig stores a dataset,
/// ApplyThreadConfig attaches with it after `attachDelay`. As in NP's manager, the dataset is parsed on
/// apply: one OpenThread would refuse fails the apply (InternalError) and the state becomes
/// AttachingFailed/DatasetInvalid at once; one that is not the accepted network times out (NP: 20 s)
/// with ThreadNetworkNotFound.
extension VirtualDevice {
    /// Datasets are at most 254 bytes of TLVs; anything longer is InvalidArgument.
    func setThreadDataset(_ dataset: [UInt8]) -> Status {
        guard dataset.count <= 254 else { return .invalidArgument }
        pendingThreadDataset = dataset
        emit(.threadDatasetReceived)
        return .success
    }

    /// Same one-shot rules as Wi-Fi ApplyConfig.
    func applyThreadDataset() -> Status {
        let pending = pendingThreadDataset
        pendingThreadDataset = nil
        guard let pending else { return .internalError }
        guard provState < .credentialsReceived else { return .internalError }
        guard ThreadDataset.isParsable(pending) else {
            connectionEpoch += 1
            connectTask?.cancel()
            failAttach(.datasetInvalid)
            return .internalError
        }
        provState = .credentialsReceived
        threadState = .attaching
        connectionEpoch += 1
        let epoch = connectionEpoch
        emit(.threadDatasetApplied)
        connectTask?.cancel()
        connectTask = after(configuration.attachDelay) { device in
            device.attemptAttach(pending, epoch: epoch)
        }
        return .success
    }

    private func attemptAttach(_ tlvs: [UInt8], epoch: Int) {
        // With the stuck-connecting fault the attach never ends: the state stays "attaching".
        guard epoch == connectionEpoch, !stopped, !configuration.faults.stuckConnecting else { return }
        // A parsable dataset without channel, PAN ID, extended PAN ID or key finds no network either.
        guard let dataset = ThreadDataset(tlvs: tlvs),
              let accepted = configuration.acceptedThreadDataset.flatMap(ThreadDataset.init(tlvs:)), accepted.joins(dataset)
        else {
            let remaining = configuration.attachTimeout - configuration.attachDelay
            connectTask = after(max(remaining, .zero)) { device in
                guard epoch == device.connectionEpoch, !device.stopped else { return }
                device.failAttach(.networkNotFound)
            }
            return
        }
        // Once attached, the device holds the leader's complete dataset: the network's own name.
        let name = accepted.networkName
            ?? configuration.threadScanResults.first { $0.extPanID == dataset.extPanID }?.networkName
            ?? dataset.networkName ?? ""
        let attachment = ThreadAttachment(panID: dataset.panID, extPanID: dataset.extPanID, channel: dataset.channel, name: name)
        threadState = .attached(attachment)
        provState = .success
        emit(.threadAttached(networkName: name))
        startAutoStopTimer()
    }

    private func failAttach(_ reason: ThreadFailureReason) {
        threadState = .failed(reason)
        provState = .fail
        emit(.threadFailed(reason))
    }

    /// GetThreadStatus; a report of Attached triggers the auto-stop like Wi-Fi's Connected.
    func reportThreadStatus() -> ThreadState {
        if case .attached = threadState { scheduleStopAfterSuccessReport() }
        return threadState
    }
}
