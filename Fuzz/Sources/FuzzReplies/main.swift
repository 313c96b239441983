import FuzzSupport
import ProvClient
import ProvTesting

/// Every reply a device sends after the handshake goes through one of the `Session` operations:
/// each must turn any bytes into a typed value or a `ProvError`. Security 0 (no encryption) puts
/// the fuzzer's bytes straight into the protobuf decoders and the checks after them.
///
/// Input: one selector byte (operation, and which manager the device claims to be), then the
/// device's replies framed by `chunks` (a scan takes several).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReplies(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    guard let selector = bytes.first else { return 0 }
    let replies = chunks(bytes.dropFirst())
    let info = selector & 0x80 == 0 ? wifiProvisioning : threadProvisioning
    runBlocking {
        let transport = ScriptedTransport(replies: [sec0Established] + replies)
        guard let session = try? await Session.establish(over: transport, info: info, scheme: Security0()) else {
            preconditionFailure("a genuine security 0 handshake failed")
        }
        do {
            switch selector & 0x0F {
            case 0: _ = try await session.wifiStatus()
            case 1: try await session.setWiFiConfig(ssid: Array("HomeNet".utf8), passphrase: Array("secret123".utf8))
            case 2: try await session.applyWiFiConfig()
            case 3: _ = try await session.scanWiFi(transport: .http, maxStatusPolls: 1)
            case 4: _ = try await session.scanWiFi(transport: .ble, maxStatusPolls: 1)
            case 5: try await session.control(.reset)
            case 6: try await session.control(.reprovision)
            case 7: _ = try await session.custom("custom-data", Array("hello".utf8))
            case 8: _ = try await session.threadStatus()
            case 9: try await session.applyThreadDataset()
            default: _ = try await session.scanThread(maxStatusPolls: 1)
            }
        } catch is ProvError {
            // The expected way to refuse a bad reply.
        } catch {
            preconditionFailure("a device reply caused a non-ProvError: \(error)")
        }
    }
    return 0
}

/// The device's answer to the security 0 handshake (PROTOCOL.md §3.2).
let sec0Established: [UInt8] = [0x52, 0x05, 0x08, 0x01, 0xaa, 0x01, 0x00]

let wifiProvisioning = try! DeviceInfo(parsing: Array(#"{"prov":{"ver":"v1.1","sec_ver":0,"cap":["no_sec","wifi_scan"]}}"#.utf8))
let threadProvisioning = try! DeviceInfo(
    parsing: Array(#"{"prov":{"ver":"netprov-v1.2","sec_ver":0,"cap":["no_sec","thread_prov","thread_scan"]}}"#.utf8))
