import ArgumentParser
import ProvClient

/// `--qr`: values the device's QR payload supplies when the matching flag is absent. Flags
/// (and secret files) win; the payload wins over the environment, since it was given for this run.
/// The payload is parsed once per run (`validateArguments()`) and handed to these functions.
extension ProvisionCommand {
    /// The parsed `--qr` payload, nil without `--qr`; a malformed payload is a usage error.
    func parsedQRPayload() throws -> QRPayload? {
        guard let qr else { return nil }
        do {
            return try QRPayload(parsing: qr)
        } catch let error as QRPayloadError {
            throw ProvError.usage("--qr: \(error.message)")
        } catch {
            throw ProvError.usage("--qr: \(error)")
        }
    }

    /// The link to open: `--transport`, else the payload's (`ble` or `softap`), with the service
    /// name, timeouts and BLE flags; nil when neither names a transport.
    func transportSpec(_ payload: QRPayload?) -> TransportSpec? {
        guard let kind = transport ?? payload?.transport else { return nil }
        return TransportSpec(
            kind: kind, service: effectiveServiceName(kind, payload), requestTimeout: requestTimeout.duration,
            adapter: ble.adapter, namePrefix: ble.namePrefix, scanTimeout: ble.scanTimeout.duration)
    }

    /// `--service_name`, else the payload's name when both say BLE. A SoftAP payload names the
    /// access point to join; the device then answers at the default 192.168.4.1:80.
    private func effectiveServiceName(_ kind: TransportKind, _ payload: QRPayload?) -> String? {
        if let serviceName { return serviceName }
        guard kind == .ble else { return nil }
        return payload?.serviceName(for: .ble)
    }

    func effectiveSecurityVersion(_ payload: QRPayload?) -> Int? {
        securityVersion ?? payload?.security?.rawValue
    }

    /// What the run holds for the security schemes. Each secret: flag > file > payload > environment
    /// (`--pop` > `--pop_file` > payload `pop` > `ESP_PROV_POP`; `--sec2_pwd` > `--sec2_pwd_file` >
    /// payload `pop`, else `password` > `ESP_PROV_SEC2_PWD`): a payload's `pop` is both the sec1 PoP
    /// and the sec2 password, as in esp_prov, and the device's scheme decides which one is used
    /// (except on a sec2 label: `QRPayload.proofOfPossession`).
    func credentialCandidates(_ payload: QRPayload?) throws -> CredentialCandidates {
        CredentialCandidates(
            proofOfPossession: try resolve(
                SecretSource(flag: pop, file: popFile, environmentVariable: "ESP_PROV_POP", fileFlagName: "--pop_file"),
                payload: payload?.proofOfPossession),
            username: username ?? payload?.username,
            password: try resolve(
                SecretSource(flag: password, file: passwordFile, environmentVariable: "ESP_PROV_SEC2_PWD", fileFlagName: "--sec2_pwd_file"),
                payload: payload?.sec2Password))
    }

    /// For `validateArguments()`: the parsed payload once the flags or the payload name a transport;
    /// a bad payload or no transport is a `ValidationError`.
    func validatedPayload() throws -> QRPayload? {
        let payload: QRPayload?
        do {
            payload = try parsedQRPayload()
        } catch let error as ProvError {
            throw ValidationError("\(error.namingFlags)")
        }
        guard transportSpec(payload) != nil else { throw ValidationError("--transport is required (softap, httpd, ble or console)") }
        return payload
    }

    private func resolve(_ source: SecretSource, payload: String?) throws -> String? {
        if source.flag != nil || source.file != nil { return try source.resolve() }
        return try payload ?? source.resolve()
    }
}

/// `--transport` takes the words every transport input shares (`TransportKind(name:)`).
extension TransportKind: ExpressibleByArgument {
    /// Lets ArgumentParser read `--transport` with the same words as QR payloads and manifests.
    public init?(argument: String) { self.init(name: argument) }

    /// What `--help` lists: `httpd` is esp_prov's alias of `softap`.
    public static var allValueStrings: [String] { ["softap", "httpd", "ble", "console"] }
}
