import FuzzSupport
import ProvClient
import ProvConsoleTransport
import ProvCrypto

/// Console answers are hex typed or pasted by a person: `bytes(fromHex:)` must never crash and must
/// agree with `hexString`, and the console transport must turn any line into bytes or an error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHex(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let line = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    if let parsed = bytes(fromHex: line) {
        let digits = line.unicodeScalars.filter { !" \t\n\r".unicodeScalars.contains($0) }
        precondition(hexString(parsed) == String(String.UnicodeScalarView(digits)).lowercased(), "hex round trip")
    }
    let io = ConsoleTransport.IO(write: { _ in }, readLine: { line })
    let transport = ConsoleTransport(io: io)
    runBlocking {
        _ = try? await transport.exchange("prov-config", [0x08, 0x04])
    }
    return 0
}
