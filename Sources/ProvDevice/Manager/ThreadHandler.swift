import ProvMessages

/// The Thread half of network_provisioning's `prov-config` (docs/protocol.md §2.11): SetThreadConfig stores a dataset,
/// ApplyThreadConfig attaches with it after `attachDelay`. As in NP's manager, the dataset is parsed on
/// apply: one OpenThread would refuse fails the apply (InternalError) and the state becomes
/// AttachingFailed/DatasetInvalid at once; one that is not the accepted network times out (NP: 20 s)
/// with ThreadNetworkNotFound.
extension VirtualDevice {
    /// Datasets longer than 254 bytes are InvalidArgument.
    func setThreadDataset(_ dataset: [UInt8]) -> Status {
        guard thread.store(dataset) else { return .invalidArgument }
        emit(.threadDatasetReceived)
        return .success
    }

    /// Same one-shot rules as Wi-Fi ApplyConfig.
    func applyThreadDataset() -> Status {
        guard let pending = thread.takePending() else { return .internalError }
        guard manager.acceptsCredentials else { return .internalError }
        guard ThreadDataset.isParsable(pending) else {
            _ = abandonPendingConnection()
            failAttach(.datasetInvalid)
            return .internalError
        }
        manager.prov = .credentialsReceived
        thread.state = .attaching
        let epoch = abandonPendingConnection()
        emit(.threadDatasetApplied)
        timers.connect = after(configuration.attachDelay) { device in
            device.attemptAttach(pending, epoch: epoch)
        }
        return .success
    }

    private func attemptAttach(_ tlvs: [UInt8], epoch: Int) {
        // With the stuck-connecting fault the attach never ends: the state stays "attaching".
        guard manager.isCurrent(epoch), !stopped, !configuration.faults.stuckConnecting else { return }
        // A parsable dataset without channel, PAN ID, extended PAN ID or key finds no network either.
        guard let dataset = ThreadDataset(tlvs: tlvs),
              let accepted = configuration.acceptedThreadDataset.flatMap(ThreadDataset.init(tlvs:)), accepted.joins(dataset)
        else {
            let remaining = configuration.attachTimeout - configuration.attachDelay
            timers.connect = after(max(remaining, .zero)) { device in
                guard device.manager.isCurrent(epoch), !device.stopped else { return }
                device.failAttach(.networkNotFound)
            }
            return
        }
        // Once attached, the device holds the leader's complete dataset: the network's own name.
        let name = accepted.networkName
            ?? configuration.threadScanResults.first { $0.extPanID == dataset.extPanID }?.networkName
            ?? dataset.networkName ?? ""
        let attachment = ThreadAttachment(panID: dataset.panID, extendedPanID: dataset.extPanID, channel: dataset.channel, networkName: name)
        thread.state = .attached(attachment)
        manager.prov = .success
        emit(.threadAttached(networkName: name))
        startAutoStopTimer()
    }

    private func failAttach(_ reason: ThreadFailure) {
        thread.state = .failed(reason)
        manager.prov = .fail
        emit(.threadFailed(reason))
    }

    /// GetThreadStatus; a report of Attached triggers the auto-stop like Wi-Fi's Connected.
    func reportThreadStatus() -> ThreadState {
        if case .attached = thread.state { scheduleStopAfterSuccessReport() }
        return thread.state
    }
}
