#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import ProvBatch
import ProvBlueZ
import ProvClient

extension AdapterLock.HostWide {
    /// The host-wide lock of `adapter`, telling stderr whom it waits for (stdout may be `--json`).
    static func announcing(adapter: String, command: String) throws -> AdapterLock.HostWide {
        try AdapterLock.HostWide(adapter: adapter, command: command) { holder in
            StandardStream.error.write("esp-prov: waiting for \(adapter), in use by pid \(holder)\n")
        }
    }
}

/// What ends a run from outside besides Ctrl-C: `--deadline` (the whole run, waiting for the
/// adapter included) and, with `--end_with_stdin`, the end of stdin. A driver that starts esp-prov
/// over ssh keeps stdin open for the run; when its session goes away sshd closes the pipe, and
/// esp-prov stops as if interrupted instead of holding the adapter for nobody.
struct RunSession {
    /// Starts the watches; each ends the run through `ending` (as a signal does: the link closed,
    /// the outcome printed once).
    static func watch(deadline: Double?, stdin: Bool, phase: RunPhase, ending: RunEnding) {
        if let deadline {
            let thread = Thread {
                Thread.sleep(forTimeInterval: deadline)
                ending.end(CommandFailure(.timeout, "the run did not finish within --deadline \(formatted(deadline)) s"))
            }
            thread.start()
        }
        if stdin {
            let thread = Thread {
                waitForEndOfInput()
                ending.end(CommandFailure(.interrupted, "stdin closed (the session that started esp-prov went away): " + phase.interruptMessage))
            }
            thread.start()
        }
    }

    /// Reads (and drops) stdin until it ends or hangs up.
    private static func waitForEndOfInput() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count == 0 || (count < 0 && errno != EINTR) { return }
        }
    }

    private static func formatted(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }

    /// One line of stdin, read a byte at a time so nothing after it is consumed; without its line ending.
    static func readLine(flagName: String) throws -> String {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(STDIN_FILENO, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1 else {
                throw ProvError.usage("\(flagName) -: stdin ended before its line (--end_with_stdin reads one line per secret)")
            }
            if byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
            guard bytes.count <= StdinAnswers.maximumLineBytes else { throw ProvError.usage("\(flagName) -: the line is too long") }
        }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard let text = String(bytes: bytes, encoding: .utf8) else { throw ProvError.usage("\(flagName) -: not UTF-8 text") }
        return text
    }
}

extension ProvisionCommand {
    /// With `--end_with_stdin`, each secret file given as `-` is one line of stdin, read now in the
    /// order PoP, security 2 password, passphrase, dataset, and held as if given by its flag
    /// (in memory only; never on a command line).
    mutating func readStdinSecretLines() throws {
        if popFile == "-" { pop = try RunSession.readLine(flagName: "--pop_file"); popFile = nil }
        if passwordFile == "-" { password = try RunSession.readLine(flagName: "--sec2_pwd_file"); passwordFile = nil }
        if passphraseFile == "-" { passphrase = try RunSession.readLine(flagName: "--passphrase_file"); passphraseFile = nil }
        if threadOptions.datasetTLVsFile == "-" {
            threadOptions.datasetTLVs = try RunSession.readLine(flagName: "--dataset_tlvs_file")
            threadOptions.datasetTLVsFile = nil
        }
    }

    /// The host-wide lock this run takes: its BLE adapter's, or the Wi-Fi interface it was told about.
    func adapterLock(_ spec: TransportSpec) async throws -> AdapterLock {
        let name: String?
        switch spec.kind {
        case .ble: name = await AdapterLock.bleName(BLETransportOptions(spec: spec))
        default: name = wifiInterface.map { "wifi-" + $0 }
        }
        guard let name else { return AdapterLock() }
        return AdapterLock(hostWide: try .announcing(adapter: name, command: "esp-prov"))
    }
}

extension AdapterLock {
    /// The lock name of the BLE adapter these options use, by the adapter BlueZ resolves them to
    /// (`ble-hci0` whether the adapter was named or is the default), so every run and batch on one
    /// adapter takes turns however it was spelled; `ble-default` when BlueZ cannot say (the run
    /// then fails, or relays by hand, without the adapter).
    static func bleName(_ options: BLETransportOptions) async -> String {
        "ble-" + (await BLETransport.adapterName(options: options) ?? "default")
    }
}
