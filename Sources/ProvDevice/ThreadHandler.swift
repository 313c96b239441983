import ProvMessages

/// The Thread half of network_provisioning's `prov-config` (§2.11): SetThreadConfig stores a dataset,
/// ApplyThreadConfig attaches with it after `attachDelay`; an unparsable dataset fails with
/// DatasetInvalid, one that is not the accepted network times out (NP: 20 s) with ThreadNetworkNotFound.
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
        guard epoch == connectionEpoch, !stopped else { return }
        guard let dataset = ThreadDataset(tlvs: tlvs) else {
            failAttach(.datasetInvalid)
            return
        }
        guard let accepted = configuration.acceptedThreadDataset.flatMap(ThreadDataset.init(tlvs:)), accepted.joins(dataset) else {
            let remaining = configuration.attachTimeout - configuration.attachDelay
            connectTask = after(max(remaining, .zero)) { device in
                guard epoch == device.connectionEpoch, !device.stopped else { return }
                device.failAttach(.networkNotFound)
            }
            return
        }
        let name = dataset.networkName ?? accepted.networkName
            ?? configuration.threadScanResults.first { $0.extPanID == dataset.extPanID }?.networkName ?? ""
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
