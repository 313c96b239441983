import ArgumentParser
import Foundation
import ProvClient

/// network_provisioning's Thread flag (`--dataset_tlvs`), plus a file form: a dataset holds the
/// network key, and a flag value is visible to every user of the machine in `ps`.
struct ThreadOptions: ParsableArguments {
    @Option(name: [.customLong("dataset_tlvs"), .customLong("dataset-tlvs")],
            help: "Thread Active Operational Dataset as hex TLVs (e.g. `ot-ctl dataset active -x`); default: scan and choose.")
    var datasetTLVs: String?

    @Option(name: [.customLong("dataset_tlvs_file"), .customLong("dataset-tlvs-file")],
            help: "Read the Thread dataset hex from a file (- for stdin).", completion: .file())
    var datasetTLVsFile: String?

    /// The dataset to send, checked before any device is contacted (a bad one is a usage error naming
    /// the byte at fault). `ESP_PROV_DATASET_TLVS` is only consulted when no `--ssid` was given, so a
    /// Wi-Fi run in an environment set up for Thread devices is not turned into a Thread run.
    func dataset(ssidGiven: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ThreadOperationalDataset? {
        let explicit = datasetTLVs != nil || datasetTLVsFile != nil
        if explicit && ssidGiven { throw ProvError.usage("--dataset_tlvs (Thread) and --ssid (Wi-Fi) cannot be combined") }
        if ssidGiven { return nil }
        let source = SecretSource(
            flag: datasetTLVs, file: datasetTLVsFile, environmentVariable: "ESP_PROV_DATASET_TLVS", fileFlagName: "--dataset_tlvs_file")
        guard let text = try source.resolve(environment: environment) else { return nil }
        do {
            return try ThreadOperationalDataset(hex: text)
        } catch {
            let origin = datasetTLVs != nil ? "--dataset_tlvs" : datasetTLVsFile != nil ? "--dataset_tlvs_file" : "ESP_PROV_DATASET_TLVS"
            throw ProvError.usage("invalid \(origin): \(error)")
        }
    }
}
