import ProvClient
import Foundation

/// The devices of a batch, read from a JSON or CSV manifest and validated as a whole before any
/// device is contacted: a typo on line 40 should not be found after 39 boards were provisioned.
///
/// JSON: `{"wifi": {"ssid": ..., "passphrase" | "passphrase_env" | "passphrase_file": ...},
/// "devices": [{"name", "transport", "service_name", "sec_ver", "pop", "username", "password",
/// "qr", "ssid", "passphrase"}, ...]}`. CSV: a header row naming the same device columns.
/// Secrets (`pop`, `password`, `passphrase`, `qr`) may also be given as `<key>_env` or `<key>_file`.
public struct BatchManifest: Sendable, Equatable {
    /// Manifests come in two shapes: JSON for generated ones, CSV for spreadsheets.
    public enum Format: String, Sendable, CaseIterable {
        /// `{"wifi": …, "devices": [...]}` as described above.
        case json
        /// A header row naming the device columns, one device per line.
        case csv
    }

    /// Wi-Fi settings for devices that do not name their own (from the command line).
    public struct WiFiDefaults: Sendable, Equatable {
        /// Network for devices that name none.
        public var ssid: String?
        /// Its passphrase (a secret, resolved before the batch starts).
        public var passphrase: String?

        /// Both optional: a manifest may carry the Wi-Fi settings itself.
        public init(ssid: String? = nil, passphrase: String? = nil) {
            self.ssid = ssid
            self.passphrase = passphrase
        }
    }

    /// In manifest order, already validated.
    public var devices: [BatchDevice]

    /// For callers that build the device list themselves (tests, programs) instead of parsing one.
    public init(devices: [BatchDevice]) {
        self.devices = devices
    }

    /// Keys a device may have; anything else is reported as a likely typo.
    static let deviceKeys = Set(["name", "transport", "service_name", "sec_ver", "username", "ssid"]
        + secretKeys.flatMap { [$0, $0 + "_env", $0 + "_file"] })
    static let secretKeys = ["pop", "password", "passphrase", "qr"]
    static let wifiKeys: Set<String> = ["ssid", "passphrase", "passphrase_env", "passphrase_file"]

    /// `.json` or `.csv` by extension; otherwise JSON when the text starts with `{`.
    public static func format(path: String, contents: Data) -> Format {
        let lower = path.lowercased()
        if lower.hasSuffix(".json") { return .json }
        if lower.hasSuffix(".csv") { return .csv }
        let first = contents.first { !(Character(UnicodeScalar($0)).isWhitespace) }
        return first == UInt8(ascii: "{") ? .json : .csv
    }

    /// Parses and validates; throws `ManifestError` listing every problem found.
    public init(parsing contents: Data, format: Format, wifi defaults: WiFiDefaults = WiFiDefaults(),
                secrets: ManifestSecrets = ManifestSecrets()) throws {
        guard let text = String(data: contents, encoding: .utf8) else {
            throw ManifestError([ManifestProblem(location: "", message: "the manifest is not UTF-8 text")])
        }
        let (wifiEntry, entries) = try format == .json ? Self.jsonEntries(text) : Self.csvEntries(text)
        self.devices = try Self.validate(entries, wifiEntry: wifiEntry, defaults: defaults, secrets: secrets)
    }

    // MARK: Reading entries

    private static func jsonEntries(_ text: String) throws -> (ManifestEntry?, [ManifestEntry]) {
        guard let root = JSONValue.parse(Array(text.utf8)), case .object(let members) = root else {
            throw ManifestError([ManifestProblem(location: "", message: "not a JSON object ({\"wifi\": ..., \"devices\": [...]})")])
        }
        var problems: [ManifestProblem] = members.keys.sorted().filter { $0 != "wifi" && $0 != "devices" }.map {
            ManifestProblem(location: "", message: "unknown key \"\($0)\" (expected wifi and devices)")
        }
        var wifi: ManifestEntry?
        if let value = root["wifi"] {
            switch jsonEntry(value, index: -1, location: "wifi", keys: wifiKeys) {
            case .success(let entry): wifi = entry
            case .failure(let found): problems += found.problems
            }
        }
        var entries: [ManifestEntry] = []
        if case .array(let devices)? = root["devices"] {
            for (index, value) in devices.enumerated() {
                switch jsonEntry(value, index: index, location: "devices[\(index)]", keys: deviceKeys) {
                case .success(let entry): entries.append(entry)
                case .failure(let found): problems += found.problems
                }
            }
        } else {
            problems.append(ManifestProblem(location: "", message: "\"devices\" must be an array of device objects"))
        }
        guard problems.isEmpty else { throw ManifestError(problems) }
        return (wifi, entries)
    }

    private static func jsonEntry(_ value: JSONValue, index: Int, location: String, keys: Set<String>) -> Result<ManifestEntry, ManifestError> {
        guard case .object(let members) = value else {
            return .failure(ManifestError([ManifestProblem(location: location, message: "must be a JSON object")]))
        }
        var fields: [String: String] = [:]
        var problems: [ManifestProblem] = []
        for (key, member) in members.sorted(by: { $0.key < $1.key }) {
            guard keys.contains(key) else {
                problems.append(ManifestProblem(location: location, message: "unknown key \"\(key)\""))
                continue
            }
            switch member {
            case .null:
                continue
            case .string(let text):
                // An empty passphrase is an open network; any other empty string is "not given".
                if !text.isEmpty || key == "passphrase" { fields[key] = text }
            case _ where key == "sec_ver" && member.integerValue != nil:  // an integral number (2, or 2.0)
                fields[key] = member.integerValue.map(String.init)
            default:
                let expected = key == "sec_ver" ? "0, 1 or 2" : "a string"
                problems.append(ManifestProblem(location: location, message: "\"\(key)\" must be \(expected)"))
            }
        }
        guard problems.isEmpty else { return .failure(ManifestError(problems)) }
        return .success(ManifestEntry(index: index, location: location, fields: fields))
    }

    private static func csvEntries(_ text: String) throws -> (ManifestEntry?, [ManifestEntry]) {
        let table: CSVTable
        do {
            table = try CSVTable(parsing: text)
        } catch let problem as ManifestProblem {
            throw ManifestError([problem])
        }
        guard let header = table.rows.first else {
            throw ManifestError([ManifestProblem(location: "", message: "the CSV manifest is empty (it needs a header row)")])
        }
        let columns = header.cells.map { $0.lowercased() }
        var problems: [ManifestProblem] = []
        for (position, column) in columns.enumerated() {
            if !deviceKeys.contains(column) {
                problems.append(ManifestProblem(location: "line \(header.line)", message: "unknown column \"\(column)\""))
            } else if columns[..<position].contains(column) {
                problems.append(ManifestProblem(location: "line \(header.line)", message: "column \"\(column)\" appears twice"))
            }
        }
        var entries: [ManifestEntry] = []
        for (index, row) in table.rows.dropFirst().enumerated() {
            guard row.cells.count == columns.count else {
                problems.append(ManifestProblem(
                    location: "line \(row.line)", message: "\(row.cells.count) cells, but the header has \(columns.count)"))
                continue
            }
            var fields: [String: String] = [:]
            for (column, cell) in zip(columns, row.cells) where !cell.isEmpty { fields[column] = cell }
            entries.append(ManifestEntry(index: index, location: "line \(row.line)", fields: fields))
        }
        guard problems.isEmpty else { throw ManifestError(problems) }
        return (nil, entries)
    }

    // MARK: Validation

    private static func validate(
        _ entries: [ManifestEntry], wifiEntry: ManifestEntry?, defaults: WiFiDefaults, secrets: ManifestSecrets
    ) throws -> [BatchDevice] {
        var problems: [ManifestProblem] = []
        var shared = defaults
        if let wifiEntry {
            shared.ssid = wifiEntry.fields["ssid"] ?? shared.ssid
            switch secrets.resolve("passphrase", in: wifiEntry) {
            case .success(let value): shared.passphrase = value ?? shared.passphrase
            case .failure(let problem):
                problems.append(problem)
                shared.passphrase = ""  // reported once here, not again by every device
            }
        }
        if entries.isEmpty { problems.append(ManifestProblem(location: "", message: "the manifest lists no devices")) }
        var devices: [BatchDevice] = []
        for entry in entries {
            switch DeviceValidation(entry: entry, wifi: shared, secrets: secrets).device() {
            case .success(let device): devices.append(device)
            case .failure(let found): problems += found.problems
            }
        }
        problems += duplicates(in: devices, key: \.name, what: "named")
        problems += sameBoard(in: devices)
        guard problems.isEmpty else { throw ManifestError(problems) }
        return devices
    }

    /// Devices whose services resolve to one board (`DeviceIdentity`), however each was spelled.
    private static func sameBoard(in devices: [BatchDevice]) -> [ManifestProblem] {
        var first: [String: BatchDevice] = [:]
        var problems: [ManifestProblem] = []
        for device in devices {
            let keys = DeviceIdentity(device).keys
            if let earlier = keys.lazy.compactMap({ first[$0] }).first {
                problems.append(ManifestProblem(
                    location: device.location,
                    message: "\(earlier.location) (\(earlier.service)) is the same device as \(device.service); each device must appear once"))
            } else {
                for key in keys { first[key] = device }
            }
        }
        return problems
    }

    private static func duplicates(in devices: [BatchDevice], key: (BatchDevice) -> String, what: String) -> [ManifestProblem] {
        var first: [String: BatchDevice] = [:]
        var problems: [ManifestProblem] = []
        for device in devices {
            let value = key(device)
            if let earlier = first[value] {
                problems.append(ManifestProblem(
                    location: device.location, message: "\(earlier.location) is also \(what) \(value); each device must appear once"))
            } else {
                first[value] = device
            }
        }
        return problems
    }
}

/// Turns one entry into a `BatchDevice`, collecting every problem rather than stopping at the first.
private struct DeviceValidation {
    let entry: ManifestEntry
    let wifi: BatchManifest.WiFiDefaults
    let secrets: ManifestSecrets

    func device() -> Result<BatchDevice, ManifestError> {
        var problems: [ManifestProblem] = []
        func secret(_ key: String) -> String? {
            switch secrets.resolve(key, in: entry) {
            case .success(let value): return value
            case .failure(let problem):
                problems.append(problem)
                return ""  // a placeholder, so checks that need the value do not report it again
            }
        }
        var qr: QRPayload?
        if let text = secret("qr"), !text.isEmpty {
            do {
                qr = try QRPayload(parsing: text)
            } catch let error as QRPayloadError {
                problems.append(entry.problem("qr: \(error.message)"))
            } catch {
                problems.append(entry.problem("qr: \(error)"))
            }
        }
        let transport = self.transport(qr: qr, problems: &problems)
        let service = transport.flatMap { self.service(for: $0, qr: qr, problems: &problems) }
        var security: SecurityVersion? = qr?.security
        if let text = entry.fields["sec_ver"] {
            security = Int(text).flatMap(SecurityVersion.init(rawValue:))
            if security == nil { problems.append(entry.problem("sec_ver '\(text)' must be 0, 1 or 2")) }
        }
        let pop = secret("pop") ?? qr?.proofOfPossession
        let username = entry.fields["username"] ?? qr?.username
        let password = secret("password") ?? qr?.sec2Password
        if security == .sec2, username == nil || password == nil {
            problems.append(entry.problem("sec_ver 2 needs a username and a password"))
        }
        let ssid = entry.fields["ssid"] ?? wifi.ssid
        if ssid == nil { problems.append(entry.problem("no Wi-Fi network: give ssid (or the shared wifi.ssid / \(Remedy.giveDefaultSSID))")) }
        let passphrase = secret("passphrase") ?? wifi.passphrase
        if passphrase == nil {
            problems.append(entry.problem("no Wi-Fi passphrase: give passphrase, passphrase_env or passphrase_file (or \(Remedy.giveDefaultPassphrase))"))
        }
        if let ssid, let problem = WiFiCredentialRules.problem(ssid: ssid) { problems.append(entry.problem("ssid: \(problem)")) }
        if let passphrase, let problem = WiFiCredentialRules.problem(passphrase: passphrase) {
            problems.append(entry.problem("passphrase: \(problem)"))
        }
        let name = entry.fields["name"] ?? qr?.name ?? service
        if let name, name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            problems.append(entry.problem("name contains control characters"))
        }
        guard problems.isEmpty, let transport, let service, let name, let ssid, let passphrase else {
            return .failure(ManifestError(problems))
        }
        return .success(BatchDevice(
            index: entry.index, location: entry.location, name: name, transport: transport, service: service,
            security: security,
            credentials: CredentialCandidates(proofOfPossession: pop, username: username, password: password), ssid: ssid,
            passphrase: passphrase))
    }

    private func transport(qr: QRPayload?, problems: inout [ManifestProblem]) -> TransportKind? {
        guard let text = entry.fields["transport"]?.lowercased() ?? qr?.transport.name else {
            problems.append(entry.problem("transport is missing (softap or ble)"))
            return nil
        }
        switch TransportKind(name: text) {
        case .http?, .ble?:
            return TransportKind(name: text)
        case .console?:
            problems.append(entry.problem("transport console needs a person at the keyboard; it cannot be batched"))
        case nil:
            problems.append(entry.problem("unknown transport '\(text)' (softap, httpd or ble)"))
        }
        return nil
    }

    private func service(for transport: TransportKind, qr: QRPayload?, problems: inout [ManifestProblem]) -> String? {
        switch transport {
        case .console:
            return nil  // refused by transport(qr:problems:) already
        case .http:
            do {
                return try ServiceAddress(parsing: entry.fields["service_name"]).description
            } catch ProvError.invalid(let input) {
                problems.append(entry.problem(ProvMessage(input.describe(naming: "service_name"))))
                return nil
            } catch {
                problems.append(entry.problem("\(error)"))
                return nil
            }
        case .ble:
            guard let name = entry.fields["service_name"] ?? qr?.serviceName(for: .ble) else {
                problems.append(entry.problem("a BLE device needs service_name (its advertised name) or a qr payload"))
                return nil
            }
            return name
        }
    }
}
