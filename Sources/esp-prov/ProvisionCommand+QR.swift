import ArgumentParser
import ProvClient

/// `--qr`: values the device's QR payload supplies when the matching flag is absent. Flags
/// (and secret files) win; the payload wins over the environment, since it was given for this run.
extension ProvisionCommand {
    /// The parsed `--qr` payload, nil without `--qr`; a malformed payload is a usage error.
    var qrPayload: QRPayload? {
        get throws {
            guard let qr else { return nil }
            do {
                return try QRPayload(parsing: qr)
            } catch {
                throw ProvError.usage("--qr: \(error)")
            }
        }
    }

    /// `--transport`, else the payload's (`ble` or `softap`).
    var effectiveTransport: TransportChoice? {
        get throws {
            if let transport { return transport }
            return try qrPayload.map { $0.transport == .ble ? .ble : .softap }
        }
    }

    /// `--service_name`, else the payload's name when both say BLE. A SoftAP payload names the
    /// access point to join; the device then answers at the default 192.168.4.1:80.
    var effectiveServiceName: String? {
        get throws {
            if let serviceName { return serviceName }
            guard try effectiveTransport == .ble else { return nil }
            return try qrPayload?.serviceName(for: .ble)
        }
    }

    var effectiveSecurityVersion: Int? {
        get throws { try securityVersion ?? qrPayload?.security?.rawValue }
    }

    var effectiveUsername: String? {
        get throws { try username ?? qrPayload?.username }
    }

    /// The PoP: `--pop` > `--pop_file` > payload > `ESP_PROV_POP`.
    func effectiveProofOfPossession() throws -> String? {
        try resolve(SecretSource(flag: pop, file: popFile, environmentVariable: "ESP_PROV_POP", fileFlagName: "--pop_file"),
                    payload: qrPayload?.pop)
    }

    /// The sec2 password: `--sec2_pwd` > `--sec2_pwd_file` > payload (`pop`, else `password`) > `ESP_PROV_SEC2_PWD`.
    func effectivePassword() throws -> String? {
        try resolve(
            SecretSource(flag: password, file: passwordFile, environmentVariable: "ESP_PROV_SEC2_PWD", fileFlagName: "--sec2_pwd_file"),
            payload: qrPayload?.sec2Password)
    }

    /// For `validate()`: the transport from flags or payload, a bad payload as a `ValidationError`.
    func validatedTransport() throws -> TransportChoice? {
        do {
            return try effectiveTransport
        } catch {
            throw ValidationError("\(error)")
        }
    }

    private func resolve(_ source: SecretSource, payload: String?) throws -> String? {
        if source.flag != nil || source.file != nil { return try source.resolve() }
        return try payload ?? source.resolve()
    }
}
