import ArgumentParser
import DPP
import Foundation

/// The enrollee's bootstrap flags, shared by `dpp enroll` and `dpp uri`: what goes into its URI,
/// and where the QR code is shown.
struct DPPBootstrapOptions: ParsableArguments {
    @Option(name: [.customLong("chan")], help: "Channels to list in the URI, e.g. 81/1,81/6 (over the air).")
    var chan: String?

    @Option(name: [.customLong("mac")], help: "The MAC address to put in the URI (aa:bb:cc:dd:ee:ff).")
    var mac: String?

    @Option(name: [.customLong("info")], help: "Free text for the URI's I: field (printable ASCII, no ';').")
    var info: String?

    @Option(name: [.customLong("key_file"), .customLong("key-file")],
            help: "The bootstrap private key (hex DER or PEM): the same key gives the same URI every run.")
    var keyFile: String?

    @Option(name: [.customLong("qr_output"), .customLong("qr-output")], help: "Also write the URI's QR code to FILE.png or FILE.svg.")
    var qrOutput: String?

    func validate() throws {
        if let info, info.isEmpty || info.contains(";") || info.contains(" ")
            || !info.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) {
            throw ValidationError("--info must be printable ASCII without ';' or spaces")
        }
        if let qrOutput, !(qrOutput.lowercased().hasSuffix(".png") || qrOutput.lowercased().hasSuffix(".svg")) {
            throw ValidationError("--qr_output must end in .png or .svg")
        }
    }

    func bootstrap() throws -> DPPEnrollee.Bootstrap {
        var channels: [DPPChannel] = []
        if let chan {
            channels = try chan.split(separator: ",", omittingEmptySubsequences: false).map {
                guard let channel = DPPChannel(parsing: $0) else {
                    throw CommandFailure(.usage, "--chan: \"\($0)\" is not <operating class>/<channel> (e.g. 81/1)")
                }
                return channel
            }
        }
        var macBytes: [UInt8]?
        if let mac {
            do {
                macBytes = try DPPURI.mac(Substring(mac))
            } catch {
                throw CommandFailure(.usage, "--mac: a MAC address is 12 hex digits (aa:bb:cc:dd:ee:ff)")
            }
        }
        return DPPEnrollee.Bootstrap(channels: channels, mac: macBytes, info: info,
                                     keyHex: try keyFile.map { try DPPKeyText.hex(fromFile: $0, flag: "--key_file") })
    }

    /// The URI on its own line on stdout (scripts capture it), its QR code on a terminal, and
    /// the image file when asked.
    func show(_ uri: DPPURI, json: Bool) throws {
        if !json {
            if isatty(STDOUT_FILENO) == 1 { StandardStream.output.write(try QRMatrix(encoding: uri.text).terminalText()) }
            StandardStream.output.write(uri.text + "\n")
        }
        guard let qrOutput else { return }
        let matrix = try QRMatrix(encoding: uri.text)
        let bytes: [UInt8] = qrOutput.lowercased().hasSuffix(".png") ? matrix.png() : Array(matrix.svg().utf8)
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: qrOutput), options: .atomic)
        } catch {
            throw CommandFailure(.usage, "--qr_output \(qrOutput): cannot write the file (\(error.localizedDescription))")
        }
    }
}
