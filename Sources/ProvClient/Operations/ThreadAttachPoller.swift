/// Polls the Thread state after ApplyThreadConfig until the device attaches, reports a failure, or
/// `timeout` passes (network_provisioning itself gives up after 20 s with ThreadNetworkNotFound).
public struct ThreadAttachPoller: Sendable {
    public let polling: AdaptivePolling

    /// The usual waits (`AdaptivePolling`'s), bounded by `timeout`.
    public init(timeout: Duration = .seconds(60)) {
        polling = AdaptivePolling(timeout: timeout)
    }

    public init(polling: AdaptivePolling) {
        self.polling = polling
    }

    /// Returns the attached network, or throws `.threadAttachFailed` / `.threadNetworkNotFound` as the
    /// device reports, `.timeout`, or `.outcomeUnknown` when the device stops answering.
    /// `network` names the target in messages (never the key).
    public func waitForAttach(
        network: String, session: Session, onState: (ThreadStatus, Double) -> Void
    ) async throws -> ThreadAttachment {
        var detachedReports = 0
        return try await polling.poll({ start in
            let status: ThreadStatus
            do {
                status = try await session.threadStatus()
            } catch let error as ProvError where error.meansDeviceUnreachable {
                throw ProvError.outcomeUnknown(
                    "dataset applied, outcome unknown: the device stopped answering status requests (\(error))")
            }
            onState(status, (ContinuousClock.now - start).seconds)
            switch status {
            case .attached(let attachment):
                return attachment
            case .attaching:
                return nil
            case .failed(let failure):
                throw Self.error(for: failure, network: network)
            case .detached:
                detachedReports += 1
                if detachedReports >= 3 {
                    throw ProvError.threadAttachFailed("the device keeps reporting Thread 'detached' without a reason")
                }
                return nil
            }
        }, expired: {
            ProvError.timeout(
                "the device was still attaching to \(network) after \(polling.timeout.components.seconds) s; "
                    + "raise --timeout (network_provisioning gives up after 20 s)")
        })
    }

    /// The error for a failure the device reported.
    public static func error(for failure: ThreadFailure, network: String) -> ProvError {
        switch failure {
        case .datasetInvalid:
            return .threadAttachFailed(
                "the device rejected the Thread dataset as invalid (Invalid Dataset); "
                    + "export it again, e.g. with `ot-ctl dataset active -x` on the border router")
        case .networkNotFound:
            return .threadNetworkNotFound(
                "Thread network not found: the device could not attach to \(network) with this dataset; "
                    + "check the network key, PAN ID, extended PAN ID and channel, and that a router of the network is in range")
        case .other(let reason):
            return .threadAttachFailed("the device could not attach to \(network) (failure reason \(reason))")
        }
    }
}
