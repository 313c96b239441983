import ArgumentParser
import Foundation
import OptionValues
import ProvClient

/// `esp-prov qr`: renders the provisioning QR code a device would show, for a terminal or for
/// printed labels (PNG, SVG). Secrets can come from files or the environment, as for provisioning.
struct QRCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qr",
        abstract: "Render a device's provisioning QR code (terminal, PNG or SVG).",
        discussion: "The payload is ESP-IDF's: {\"ver\":\"v1\",\"name\":...,\"username\":...,\"pop\":...,\"transport\":...}. "
            + "As in ESP-IDF's example and Espressif's phone apps, a security 2 password is written as \"pop\". "
            + "The code contains the PoP or password: treat the image as a secret.")

    @Option(name: [.customLong("name")], help: "The device's name: BLE advertised name or SoftAP SSID (PROV_xxxxxx).")
    var name: String

    @Option(name: [.customLong("transport")], help: "ble or softap.")
    var transport: QRTransport

    @Option(name: [.customLong("pop")], help: "Security 1 proof of possession.")
    var pop: String?

    @Option(name: [.customLong("pop_file"), .customLong("pop-file")], help: "Read the PoP from a file (- for stdin).", completion: .file())
    var popFile: String?

    @Option(name: [.customLong("username"), .customLong("sec2_username"), .customLong("sec2-username")], help: "Security 2 username.")
    var username: String?

    @Option(name: [.customLong("password"), .customLong("sec2_pwd"), .customLong("sec2-pwd")], help: "Security 2 password.")
    var password: String?

    @Option(name: [.customLong("password_file"), .customLong("sec2_pwd_file"), .customLong("sec2-pwd-file")],
            help: "Read the security 2 password from a file (- for stdin).", completion: .file())
    var passwordFile: String?

    @Option(name: [.customLong("security"), .customLong("sec_ver"), .customLong("sec-ver")],
            help: "Add \"security\" \(BoundedInteger<SecuritySchemes>.rangeText) to the payload (ESP-IDF's example leaves it out).",
            completion: .list(["0", "1", "2"]))
    var security: BoundedInteger<SecuritySchemes>?

    @Option(name: [.customLong("output"), .customShort("o")], help: "Write FILE.png or FILE.svg instead of printing.",
            completion: .file(extensions: ["png", "svg"]))
    var output: String?

    @Option(name: [.customLong("scale")], help: "Pixels per module in PNG/SVG output \(BoundedInteger<Scale>.rangeText).")
    var scale = BoundedInteger<Scale>(8)

    @Flag(name: [.customLong("invert")], help: "Terminal: draw dark modules (for light-background terminals).")
    var invert = false

    /// What `--scale` takes: a label stays a few megabytes at most.
    enum Scale: IntegerRange {
        static let range = 1...64
    }

    func validate() throws {
        if let output, imageFormat(output) == nil { throw ValidationError("--output must end in .png or .svg") }
        if name.isEmpty || name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw ValidationError("--name must be non-empty printable text")
        }
    }

    func run() async throws {
        let payload = try payload()
        let matrix = try QRMatrix(encoding: payload.json)
        guard let output else {
            print(matrix.terminalText(inverted: invert), terminator: "")
            print("\(name) (\(transport.rawValue))")
            return
        }
        let bytes: [UInt8] = imageFormat(output) == "png"
            ? matrix.png(moduleSize: scale.value) : Array(matrix.svg(moduleSize: scale.value).utf8)
        // A label encodes the PoP or the sec2 password: only its owner may read it, from the first byte.
        do {
            try PrivateFile.write(bytes, to: output, exclusive: false)
        } catch .cannotOpen(let why) {
            throw ProvError.usage("--output \(output): cannot write the file (\(why))")
        } catch {
            throw ProvError.usage("--output \(output): the write failed (disk full?)")
        }
        let secret = payload.pop == nil ? "" : ": it encodes the PoP or password, keep it private"
        print("wrote \(output) (\(matrix.size)×\(matrix.size) modules), mode 0600\(secret)")
    }

    /// The payload the device would show: `pop` carries the PoP or, for security 2, the password.
    /// The environment is consulted only for the scheme the flags chose.
    func payload() throws -> QRPayload {
        let secret: String?
        if username != nil {
            if pop != nil || popFile != nil {
                throw ProvError.usage("give either --pop (security 1) or --username and --password (security 2)")
            }
            secret = try SecretSource(
                flag: password, file: passwordFile, environmentVariable: "ESP_PROV_SEC2_PWD", fileFlagName: "--password_file"
            ).resolve()
            guard secret != nil else { throw ProvError.usage("--username needs --password (or --password_file, ESP_PROV_SEC2_PWD)") }
        } else {
            if password != nil || passwordFile != nil { throw ProvError.usage("--password needs --username (security 2)") }
            secret = try SecretSource(flag: pop, file: popFile, environmentVariable: "ESP_PROV_POP", fileFlagName: "--pop_file").resolve()
        }
        try QRSchemeCheck.check(security: security?.value, username: username, secret: secret)
        return QRPayload(
            name: name, transport: transport.payloadTransport, security: security.flatMap { SecurityVersion(rawValue: $0.value) },
            username: username, pop: secret)
    }

    private func imageFormat(_ path: String) -> String? {
        let lower = path.lowercased()
        return lower.hasSuffix(".png") ? "png" : lower.hasSuffix(".svg") ? "svg" : nil
    }
}

/// `esp-prov qr --transport` values: what a QR payload can name.
enum QRTransport: String, ExpressibleByArgument, CaseIterable {
    case ble, softap

    init?(argument: String) { self.init(rawValue: argument.lowercased()) }

    var payloadTransport: TransportKind { self == .ble ? .ble : .http }
}
